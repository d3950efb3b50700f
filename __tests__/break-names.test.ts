// Names on the pages may wrap after / - _ . and nowhere else they would not anyway (issue 18).
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { breakAtBoundaries, wbrLambda } from '../src/report/break-names.js';

const render = (name: string) => Mustache.render('<a href="x">{{#wbr}}{{name}}{{/wbr}}</a>', { name, wbr: wbrLambda });

describe('breakAtBoundaries', () => {
  it('adds <wbr> after each / - _ . that has a character after it', () => {
    expect(render('open-report/photo_01.large.png')).toBe('<a href="x">open-<wbr>report&#x2F;<wbr>photo_<wbr>01.<wbr>large.<wbr>png</a>');
    expect(render('trailing-')).toBe('<a href="x">trailing-</a>');
    expect(render('photos')).toBe('<a href="x">photos</a>');
  });

  it('leaves the name escaped: markup in a name stays text, and entities are not split', () => {
    const html = render('<img src=x onerror=alert(1)>-"&\'.`=/');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toBe('<a href="x">&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;-<wbr>&quot;&amp;&#39;.<wbr>&#x60;&#x3D;&#x2F;</a>');
    // The text the reader sees (and copies) is the name itself.
    expect(html.replace(/<wbr>/g, '')).toBe(`<a href="x">${Mustache.escape('<img src=x onerror=alert(1)>-"&\'.`=/')}</a>`);
  });

  it('works on escaped text only (a raw "/" is left alone: it cannot come from mustache)', () => {
    expect(breakAtBoundaries('a/b')).toBe('a/b');
  });
});

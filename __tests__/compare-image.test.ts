// An image's comparison page, rendered from fixed views and compared with reviewed golden files
// in __fixtures__/golden/compare/ (`npm run update-golden` rewrites them; review the diff): a
// change at the same size, a change after scaling, and no comparison at all (an undecodable
// image). Also: names escaped, links as the view gives them, the script allowed by its hash.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { OVERLAY_COLOURS } from '../src/compare/image-diff.js';
import { describeShare, IMAGE_PAGE_CSP, imagePageView, overlayHref, renderImagePage } from '../src/compare/image-page.js';
import type { ComparisonPageHead, ImageDiff } from '../src/compare/types.js';
import { templates } from '../src/report/templates.generated.js';

const goldenDir = path.resolve(import.meta.dirname, '../__fixtures__/golden/compare');
const update = process.env['UPDATE_GOLDEN'] === '1';

const HOSTILE = 'plots/<img src=x onerror=alert(1)>.png';
/** As mustache writes an attribute's value. */
const attr = (text: string): string => Mustache.escape(text);
const seg = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

const head: ComparisonPageHead = {
  title: `${HOSTILE} · changes · unit <tests> & "more"`,
  testName: 'unit <tests> & "more"',
  path: HOSTILE,
  breadcrumbs: [
    { name: 'unit <tests> & "more"', href: '../../../index.html' },
    { name: 'changes', href: '../../index.html' },
  ],
  baseLabel: 'main @ 2f1e4c9 (run #120)',
  baseNote: 'The merge base 9a8b7c6 has no publication of this test: the newest run on main before it is used.',
  baseHref: `../../../../../1658821400-1/unit/${seg(HOSTILE)}`,
  headHref: `../../../${seg(HOSTILE)}`,
};

const diff = (o: Partial<ImageDiff>): ImageDiff => ({
  width: 1600,
  height: 1200,
  base: { width: 1600, height: 1200 },
  head: { width: 1600, height: 1200 },
  scaled: false,
  differentPixels: 44_352,
  share: 44_352 / (1600 * 1200),
  overlay: Buffer.alloc(0),
  ...o,
});

const cases = {
  'changed.html': imagePageView(head, diff({}), overlayHref(HOSTILE)),
  'scaled.html': imagePageView(head, diff({ base: { width: 800, height: 600 }, scaled: true }), overlayHref(HOSTILE)),
  'not-compared.html': imagePageView(head, undefined, undefined, 'No image comparison: the base image cannot be decoded: Input buffer contains unsupported image format'),
};

describe('the image comparison page', () => {
  it.each(Object.entries(cases))('%s matches its golden file', async (name, view) => {
    const html = renderImagePage(view);
    const golden = path.join(goldenDir, name);
    if (update) {
      await mkdir(goldenDir, { recursive: true });
      await writeFile(golden, html);
    }
    expect(html).toBe(await readFile(golden, 'utf8'));
  });

  it('says how many pixels differ, and the sizes it compared', () => {
    const html = renderImagePage(cases['changed.html']);
    expect(html).toContain('<strong>2.31% of pixels differ</strong> <span class="counted">(44,352 of 1,920,000 pixels)</span>');
    expect(html).toContain('<figcaption>base · 1600×1200</figcaption>');
    expect(html).not.toContain('compared after scaling');
    expect(renderImagePage(cases['scaled.html'])).toContain('<p class="meta">compared after scaling: base 800×600, this 1600×1200</p>');
    const none = renderImagePage(imagePageView(head, diff({ differentPixels: 0, share: 0 }), overlayHref(HOSTILE)));
    expect(none).toContain('<strong>no pixel differs</strong>');
  });

  it('names the compared size when a large image was bounded', () => {
    const big = imagePageView(head, diff({ width: 4618, height: 3464, base: { width: 8000, height: 6000 }, head: { width: 8000, height: 6000 }, scaled: true }), undefined);
    expect(big.diff?.scaledNote).toBe('compared after scaling to 4618×3464: both 8000×6000');
    const both = imagePageView(head, diff({ width: 4618, height: 3464, base: { width: 4000, height: 3000 }, head: { width: 8000, height: 6000 }, scaled: true }), undefined);
    expect(both.diff?.scaledNote).toBe('compared after scaling to 4618×3464: base 4000×3000, this 8000×6000');
  });

  it('words the share with two decimals, never 0.00% for a change', () => {
    expect(describeShare(0, 0)).toBe('no pixel differs');
    expect(describeShare(1, 1 / 1_000_000)).toBe('fewer than 0.01% of pixels differ');
    expect(describeShare(100, 0.0001)).toBe('0.01% of pixels differ');
    expect(describeShare(1000, 1)).toBe('100.00% of pixels differ');
  });

  it('without a comparison shows the note and both images, and no overlay', () => {
    const html = renderImagePage(cases['not-compared.html']);
    expect(html).toContain('<p class="note">No image comparison: the base image cannot be decoded');
    expect(html).toContain(`<img src="${attr(head.baseHref)}"`);
    expect(html).toContain(`<img src="${attr(head.headHref)}"`);
    expect(html).not.toContain('Difference');
    expect(html).not.toContain('of pixels');
    // Nothing to swipe between: no swipe, no script.
    expect(html).not.toContain('class="swipe"');
    expect(html).not.toContain('<script>');
  });

  it('escapes a hostile file name everywhere and links only through the view’s hrefs', () => {
    for (const html of Object.values(cases).map(renderImagePage)) {
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
      expect(html).not.toContain('<tests>');
      const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
      const allowed = new Set(['data:,', head.baseHref, head.headHref, overlayHref(HOSTILE), ...head.breadcrumbs.map((b) => b.href)].map(attr));
      expect(sources.filter((s) => !allowed.has(s!))).toEqual([]);
    }
    expect(overlayHref(HOSTILE)).toBe('%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.png.diff.png');
    expect(overlayHref('top.png')).toBe('top.png.diff.png');
  });

  it('allows its one script by hash, images from its own origin only', () => {
    const script = templates['compare-image.js.txt'];
    const hash = createHash('sha256').update(script).digest('base64');
    expect(IMAGE_PAGE_CSP).toContain(`script-src 'sha256-${hash}'`);
    expect(IMAGE_PAGE_CSP).toContain("img-src 'self' data:");
    expect(IMAGE_PAGE_CSP).toContain("default-src 'none'");
    const html = renderImagePage(cases['changed.html']);
    expect(html).toContain(`<script>${script}</script>`);
    expect(html).toContain(`content="${attr(IMAGE_PAGE_CSP)}"`);
  });

  it('keys the overlay with the colours compareImages draws', () => {
    const style = templates['compare-image-style.mustache'];
    for (const [name, rgb] of [['this-darker', OVERLAY_COLOURS.thisDarker], ['base-darker', OVERLAY_COLOURS.baseDarker], ['antialiasing', OVERLAY_COLOURS.antialiasing]] as const) {
      expect(style).toContain(`.key.${name} { background: rgb(${rgb.join(', ')}); }`);
    }
  });
});

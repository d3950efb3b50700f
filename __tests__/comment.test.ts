// The PR comment's text (pure): the marker for any header, escaped names with mentions and
// issue references broken, thumbnails, and GitHub's 65,536-character cap.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { markerFor, MAX_COMMENT_LENGTH, renderComment, type CommentFacts } from '../src/github/comment.js';
import { findOwnComment } from '../src/github/sticky.js';
import { MAX_SUMMARY_BYTES, renderSummary } from '../src/github/summary.js';

const base: CommentFacts = {
  header: 'unit',
  testName: 'unit',
  url: 'https://outputs.example.com/o/r/1-1/unit/index.html',
  files: 12,
  bytes: '1.2 MB',
  failed: [],
  thumbnails: [],
  commit: { short: '2f1e4c9', url: 'https://github.com/o/r/commit/2f1e4c9d' },
  run: { label: '#17', url: 'https://github.com/o/r/actions/runs/17/attempts/1' },
  time: '2026-11-27 16:02:56 UTC',
};

describe('renderComment', () => {
  it('starts with the hidden marker and gives the link, counts, commit, run and time', () => {
    const body = renderComment(base);
    expect(body.split('\n')[0]).toBe('<!-- publish-test-outputs:unit -->');
    expect(body).toContain('**[Browse the outputs](https://outputs.example.com/o/r/1-1/unit/index.html)** · 12 files · 1.2 MB');
    expect(body).toContain('<sub>commit [`2f1e4c9`](https://github.com/o/r/commit/2f1e4c9d) · run [#17](https://github.com/o/r/actions/runs/17/attempts/1) · 2026-11-27 16:02:56 UTC</sub>');
  });

  it('escapes names', () => {
    const body = renderComment({ ...base, testName: '<img src=x onerror=alert(1)> *bold* [link](y)' });
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&#60;img src=x onerror=alert(1)&#62; &#42;bold&#42; &#91;link&#93;(y)');
  });

  it('breaks mentions and issue references in the test name, file names and reasons, not in its own links', () => {
    const hostile = '@octo-org/core @alice fix #12 GH-7 octo-org/other#3 see https://github.com/o/r/issues/9';
    const body = renderComment({
      ...base,
      testName: hostile,
      failed: [{ path: 'logs/@bob #4.log', reason: 'AccessDenied: ask @carol (gh-5)' }],
      thumbnails: [{ name: '@dave.png', url: 'https://x/%40dave.png' }],
    });
    const visible = body.replaceAll('\u200B', '');
    // Nothing is lost to a reader: only zero-width spaces were added.
    expect(visible).toContain('### Test outputs: @octo-org/core @alice fix #12 GH-7 octo-org/other#3 see https://github.com/o/r/issues/9');
    expect(visible).toContain('- <code>logs/@bob #4.log</code>: AccessDenied: ask @carol (gh-5)');
    // Our own links (destinations, and the run number as link text) are left as they are.
    const text = body.replace(/\]\([^)]*\)|href="[^"]*"|src="[^"]*"|run \[#17\]\([^)]*\)/g, '');
    expect(text).not.toMatch(/@[a-z]/i);
    expect(text).not.toMatch(/#\d|gh-\d|:\/\//i);
    expect(body).toContain('alt="@\u200Bdave.png"');
    expect(body).toContain('run [#17](https://github.com/o/r/actions/runs/17/attempts/1)');
    expect(body).toContain('(https://outputs.example.com/o/r/1-1/unit/index.html)');
  });

  it('shows up to six thumbnails linked to the images', () => {
    const thumbnails = Array.from({ length: 9 }, (_, i) => ({ name: `plot ${i}.png`, url: `https://x/plot%20${i}.png` }));
    const body = renderComment({ ...base, thumbnails });
    expect(body.match(/<img /g)).toHaveLength(6);
    expect(body).toContain('<a href="https://x/plot%200.png"><img src="https://x/plot%200.png" alt="plot 0.png" height="120"></a>');
  });

  it('shows the thumbnails that fit and says how many it left out for the length limit', () => {
    // Presigned URLs of ~15,000 characters: four fit in 65,536, six do not.
    const thumbnails = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, url: `https://x/p${i}.png?X-Amz-Signature=${'s'.repeat(15_000)}` }));
    const body = renderComment({ ...base, thumbnails });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    const shown = body.match(/<img /g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(6);
    expect(body).toContain(`<sub>${6 - shown} more thumbnails left out to stay under GitHub's limit of 65,536 characters per comment.</sub>`);
    expect(body.startsWith(markerFor('unit'))).toBe(true);
    expect(body).toContain(`[Browse the outputs](${base.url})`);
    expect(body).toContain('<sub>commit [`2f1e4c9`]');
  });

  it('lists the failures that fit under the limit, whatever their names, and says how many it left out', () => {
    // S3 keys go up to 1,024 bytes; escaping makes each underscore five characters.
    const failed = Array.from({ length: 30 }, (_, i) => ({ path: `${i}-${'_'.repeat(1000)}`, reason: 'x'.repeat(5000) }));
    const url = `https://outputs.example.com/o/r/1-1/unit/index.html?X-Amz-Signature=${'s'.repeat(3000)}`;
    const body = renderComment({ ...base, url, failed });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    const listed = body.match(/^- <code>/gm)?.length ?? 0;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThan(30);
    expect(body).toContain(`- and ${30 - listed} more (not listed to stay under GitHub's limit of 65,536 characters per comment)`);
    // A reason is cut to its first 300 characters, never the marker, the URL or the counts.
    expect(body).toContain(`: ${'x'.repeat(299)}…\n`);
    const emoji = renderComment({ ...base, failed: [{ path: 'a', reason: `${'x'.repeat(298)}😀😀` }] });
    expect(emoji).toContain(`: ${'x'.repeat(298)}…\n`);
    expect(body.startsWith(`${markerFor('unit')}\n`)).toBe(true);
    expect(body).toContain(`**[Browse the outputs](${url})** · 12 files · 1.2 MB · **30 failed to upload**`);
    expect(body.trimEnd().endsWith('2026-11-27 16:02:56 UTC</sub>')).toBe(true);
  });

  it('gives the failures the room before the thumbnails', () => {
    const failed = Array.from({ length: 30 }, (_, i) => ({ path: `${i}-${'_'.repeat(350)}`, reason: 'denied' }));
    const thumbnails = Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, url: `https://x/p${i}.png?X-Amz-Signature=${'s'.repeat(3000)}` }));
    const body = renderComment({ ...base, failed, thumbnails });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body.match(/^- <code>/gm)).toHaveLength(30);
    expect(body).toMatch(/<sub>[1-6] more thumbnails left out to stay under GitHub's limit/);
    // Shown above the failures, as always.
    expect(body).toContain('<img ');
    expect(body.indexOf('<img ')).toBeLessThan(body.indexOf('<details>'));
  });

  it('stays under 65,536 characters with 5,000 failed files, saying how many are not listed', () => {
    const failed = Array.from({ length: 5000 }, (_, i) => ({ path: `deep/folder/file-${i}-${'x'.repeat(100)}.log`, reason: 'InternalError (HTTP 500): injected' }));
    const body = renderComment({ ...base, failed });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body).toContain('**5000 failed to upload**');
    expect(body).toContain('- and 4970 more');
  });
});

describe('markerFor', () => {
  it('keeps a short header readable', () => {
    expect(markerFor('unit')).toBe('<!-- publish-test-outputs:unit -->');
    expect(markerFor('unit tests (linux)')).toBe('<!-- publish-test-outputs:unit%20tests%20(linux) -->');
  });

  it.each([
    ['holds --', '--'],
    ['would end the HTML comment', 'x --> <b>'],
    ['would end it in the --!> form', 'a--!>b'],
    ['spans lines', 'one\ntwo\n-->'],
    ['is 10,000 characters', 'h'.repeat(10_000)],
    ['holds a lone surrogate', 'a\uD800b'],
  ])('hashes a header that %s into a marker that stays one closed HTML comment', (_why, header) => {
    const marker = markerFor(header);
    expect(marker).toBe(`<!-- publish-test-outputs#sha256:${createHash('sha256').update(header).digest('hex')} -->`);
    expect(marker.slice(4, -4)).not.toContain('--');
    expect(marker.indexOf('>')).toBe(marker.length - 1);
    expect(renderComment({ ...base, header }).split('\n')[0]).toBe(marker);
  });

  it('never gives two headers one marker: a header that looks like a hash stays plain', () => {
    const hashed = markerFor('x'.repeat(200));
    const lookalike = hashed.slice('<!-- publish-test-outputs#'.length, -' -->'.length);
    expect(markerFor(lookalike)).not.toBe(hashed);
    expect(new Set(['a', 'a ', 'A', 'a--', 'a-', '-a-'].map(markerFor)).size).toBe(6);
  });
});

describe('findOwnComment', () => {
  const marker = markerFor('unit');
  const comment = (id: number, login: string, body: string) => ({ id, body, user: { login } });

  it("skips another account's comment that carries the marker, and finds ours after it", () => {
    const comments = [comment(1, 'mallory', `${marker}\nplanted`), comment(2, 'github-actions[bot]', `${marker}\nours`)];
    expect(findOwnComment(comments, 'github-actions[bot]', marker)?.id).toBe(2);
    expect(findOwnComment([comments[0]!], 'github-actions[bot]', marker)).toBeUndefined();
  });

  it('needs the marker at the start: a comment of ours quoting it is not the sticky one', () => {
    expect(findOwnComment([comment(1, 'alice', `> ${marker}`), comment(2, 'alice', `${marker}\n`)], 'alice', marker)?.id).toBe(2);
  });

  it('compares logins as GitHub does, ignoring case; a deleted account (no user) is nobody', () => {
    expect(findOwnComment([{ id: 1, body: marker, user: null }, comment(2, 'Alice', marker)], 'alice', marker)?.id).toBe(2);
  });
});

describe('renderSummary', () => {
  it('stays well under 1 MiB with 5,000 top-level entries and 5,000 failures', () => {
    const text = renderSummary({
      testName: 'big',
      url: 'https://x/index.html',
      files: 5000,
      bytes: '5 GB',
      prefix: 'o/r/1-1/big',
      bucket: 'b',
      failed: Array.from({ length: 5000 }, (_, i) => ({ path: `f${i}.log`, reason: 'x' })),
      entries: Array.from({ length: 5000 }, (_, i) => ({ name: `dir-${i}`, folder: true, files: 3, bytes: 1000, url: `https://x/dir-${i}/index.html` })),
      thumbnails: [{ name: 'a.png', url: 'https://x/a.png' }],
    });
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_SUMMARY_BYTES);
    expect(text).toContain('<td colspan="3">and 4900 more</td>');
    expect(text).toContain('<li>and 4950 more</li>');
    expect(text).toContain('<a href="https://x/dir-0/index.html">dir-0/</a>');
    expect(text).toContain('<img src="https://x/a.png" alt="a.png" height="120">');
  });
});

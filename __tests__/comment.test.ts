// The PR comment's text (pure): escaped names, thumbnails, and GitHub's 65,536-character cap.
import { describe, expect, it } from 'vitest';
import { markerFor, MAX_COMMENT_LENGTH, renderComment, type CommentFacts } from '../src/github/comment.js';
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

  it('escapes names, and a header can never end the marker early', () => {
    const body = renderComment({ ...base, header: 'x --> <b>', testName: '<img src=x onerror=alert(1)> *bold* [link](y)' });
    expect(markerFor('x --> <b>')).toBe('<!-- publish-test-outputs:x%20--%3E%20%3Cb%3E -->');
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&#60;img src=x onerror=alert(1)&#62; &#42;bold&#42; &#91;link&#93;(y)');
  });

  it('shows up to six thumbnails linked to the images', () => {
    const thumbnails = Array.from({ length: 9 }, (_, i) => ({ name: `plot ${i}.png`, url: `https://x/plot%20${i}.png` }));
    const body = renderComment({ ...base, thumbnails });
    expect(body.match(/<img /g)).toHaveLength(6);
    expect(body).toContain('<a href="https://x/plot%200.png"><img src="https://x/plot%200.png" alt="plot 0.png" height="120"></a>');
  });

  it('stays under 65,536 characters with 5,000 failed files, saying how many are not listed', () => {
    const failed = Array.from({ length: 5000 }, (_, i) => ({ path: `deep/folder/file-${i}-${'x'.repeat(100)}.log`, reason: 'InternalError (HTTP 500): injected' }));
    const body = renderComment({ ...base, failed });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body).toContain('**5000 failed to upload**');
    expect(body).toContain('- and 4970 more');
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

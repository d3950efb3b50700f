import { describe, expect, it } from 'vitest';
import { escapeHtml, renderSummary, type SummaryFacts } from '../src/github/summary.js';

const FACTS: SummaryFacts = {
  testName: 'unit-tests',
  url: 'https://my-bucket.s3.eu-west-1.amazonaws.com/o/r/1-1/unit-tests/index.html',
  files: 12,
  bytes: '3.4 MB',
  failed: [],
  prefix: 'o/r/1-1/unit-tests',
  bucket: 'my-bucket',
};

const failures = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `file-${i + 1}.txt`, reason: `reason ${i + 1}` }));

describe('escapeHtml', () => {
  it('escapes HTML and Markdown special characters as numeric entities', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
    expect(escapeHtml('*bold* _it_ [l](u) `c` a|b \\')).toBe('&#42;bold&#42; &#95;it&#95; &#91;l&#93;(u) &#96;c&#96; a&#124;b &#92;');
  });

  it('leaves plain text alone', () => {
    expect(escapeHtml('unit tests 42')).toBe('unit tests 42');
  });
});

describe('renderSummary', () => {
  it('shows the test name, the browse link, the counts and the location', () => {
    const html = renderSummary(FACTS);
    expect(html).toContain('<h3>Test outputs: unit-tests</h3>');
    expect(html).toContain('href="https://my-bucket.s3.eu-west-1.amazonaws.com/o/r/1-1/unit-tests/index.html"');
    expect(html).toContain('<td>12</td>');
    expect(html).toContain('<td>3.4 MB</td>');
    expect(html).toContain('<tr><th align="left">Failed</th><td>0</td></tr>');
    expect(html).toContain('<code>s3://my-bucket/o/r/1-1/unit-tests/</code>');
    expect(html.endsWith('\n')).toBe(true);
  });

  it('says when the browse link does not open without credentials, and only then', () => {
    expect(renderSummary({ ...FACTS, browseRefused: 403 })).toContain('<p>⚠️ This link answered <strong>HTTP 403</strong> to a browser without credentials: reviewers cannot open it.');
    expect(renderSummary(FACTS)).not.toContain('answered');
  });

  it("escapes '<script>' and '&' in the test name", () => {
    const html = renderSummary({ ...FACTS, testName: '<script>alert(1)</script> & co' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; co');
  });

  it("escapes '<script>' and '&' in failed paths and reasons", () => {
    const html = renderSummary({
      ...FACTS,
      failed: [{ path: 'out/<script>x</script>&y.html', reason: 'AccessDenied <b>&</b>' }],
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<li><code>out/&#60;script&#62;x&#60;/script&#62;&#38;y.html</code>: AccessDenied &#60;b&#62;&#38;&#60;/b&#62;</li>');
  });

  it('escapes the prefix and a quote in the URL', () => {
    const html = renderSummary({ ...FACTS, prefix: 'a/<b>', url: 'https://x.example/"onmouseover="y' });
    expect(html).toContain('s3://my-bucket/a/&#60;b&#62;/');
    expect(html).not.toContain('"onmouseover="');
  });

  it('lists no failure section when nothing failed', () => {
    expect(renderSummary(FACTS)).not.toContain('Failed to upload');
    expect(renderSummary(FACTS)).not.toContain('<li>');
  });

  it('lists each failure with its path and reason', () => {
    const html = renderSummary({ ...FACTS, failed: failures(3) });
    expect(html).toContain('<tr><th align="left">Failed</th><td>3</td></tr>');
    expect(html).toContain('Failed to upload');
    for (const i of [1, 2, 3]) expect(html).toContain(`<li><code>file-${i}.txt</code>: reason ${i}</li>`);
    expect(html).not.toContain('more</li>');
  });

  it('lists exactly 50 failures without an "and N more" line', () => {
    const html = renderSummary({ ...FACTS, failed: failures(50) });
    expect(html.match(/<li><code>/g)).toHaveLength(50);
    expect(html).not.toContain('more</li>');
  });

  it('caps the list at 50 and says "and N more"', () => {
    const html = renderSummary({ ...FACTS, failed: failures(57) });
    expect(html.match(/<li><code>/g)).toHaveLength(50);
    expect(html).toContain('<code>file-50.txt</code>');
    expect(html).not.toContain('<code>file-51.txt</code>');
    expect(html).toContain('<li>and 7 more</li>');
    expect(html).toContain('<tr><th align="left">Failed</th><td>57</td></tr>');
  });
});

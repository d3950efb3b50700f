import { describe, expect, it } from 'vitest';
import { renderSummary, type SummaryFacts } from '../src/github/summary.js';
import { escapeHtml, neutraliseReferences } from '../src/github/text.js';

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

describe('neutraliseReferences', () => {
  it.each([
    ['a user', 'ping @alice now', 'ping @\u200Balice now'],
    ['a team', '@octo-org/core-team', '@\u200Bocto-org/core-team'],
    ['an issue', 'fixes #12', 'fixes #\u200B12'],
    ['an issue in another repository', 'octo-org/other#12', 'octo-org/other#\u200B12'],
    ['a GH- reference', 'GH-12 and gh-3', 'GH-\u200B12 and gh-\u200B3'],
    ['a URL GitHub would autolink', 'see https://github.com/o/r/pull/1 or www.example.com', 'see https:\u200B//github.com/o/r/pull/1 or www\u200B.example.com'],
  ])('breaks %s with a zero-width space', (_what, text, safe) => {
    expect(neutraliseReferences(text)).toBe(safe);
  });

  it('leaves text without references alone', () => {
    expect(neutraliseReferences('unit tests #a @ 42 C# a-1')).toBe('unit tests #a @ 42 C# a-1');
  });
});

describe('renderSummary', () => {
  it('pings nobody and links no issue: mentions and references in every name are broken', () => {
    const html = renderSummary({
      ...FACTS,
      testName: 'e2e @alice #12',
      prefix: 'o/r/GH-3',
      failed: [{ path: 'logs/@octo-org/team.log', reason: 'see o/r#4' }],
      entries: [{ name: '@bob', folder: true, files: 1, bytes: 1, url: 'https://x/%40bob/index.html' }],
      thumbnails: [{ name: '#5.png', url: 'https://x/%235.png' }],
    });
    expect(html).toContain('<h3>Test outputs: e2e @\u200Balice #\u200B12</h3>');
    expect(html).toContain('<code>s3://my-bucket/o/r/GH-\u200B3/</code>');
    expect(html).toContain('<li><code>logs/@\u200Bocto-org/team.log</code>: see o/r#\u200B4</li>');
    expect(html).toContain('<a href="https://x/%40bob/index.html">@\u200Bbob/</a>');
    expect(html).toContain('alt="#\u200B5.png"');
    // The only `#` followed by a digit left are HTML entities (`&#60;`), which GitHub decodes to characters.
    expect(html.replace(/&#\d+;/g, '')).not.toMatch(/@\w|#\d|gh-\d/i);
  });

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

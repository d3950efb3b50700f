// The test results in the PR comment and the job summary (pure): the status line first, the
// failures with their links, "and N more", the change since the baseline, traces and unreadable
// reports; from the committed real reports and from hostile ones (markup, mentions, `](javascript:`,
// backticks, pipes, newlines, 200 failures), rendered as GitHub renders Markdown.
import { describe, expect, it } from 'vitest';
import { MAX_COMMENT_LENGTH, renderComment, type CommentFacts } from '../src/github/comment.js';
import { countsText, failureLine, sinceBaseLine, statusLine } from '../src/github/results-lines.js';
import { MAX_SUMMARY_BYTES, renderSummary, type SummaryFacts } from '../src/github/summary.js';
import type { ResultsReport } from '../src/results/types.js';
import { renderGithubMarkdown } from '../scripts/github-markdown.mjs';
import { hostileRecord, recordOf, reportFor, sampleResults } from './helpers/results.js';

const BASE = 'https://outputs.example.com/o/r/1-1/unit/';
const comment: CommentFacts = {
  header: 'unit',
  testName: 'unit',
  url: `${BASE}index.html`,
  files: 12,
  bytes: '1.2 MB',
  failed: [],
  thumbnails: [],
  commit: undefined,
  run: undefined,
  time: '2026-12-02 16:02:56 UTC',
};
const summary: SummaryFacts = { testName: 'unit', url: `${BASE}index.html`, files: 12, bytes: '1.2 MB', failed: [], prefix: 'o/r/1-1/unit', bucket: 'b' };

const counts = { passed: 120, failed: 3, skipped: 4, flaky: 1, total: 127, durationMs: 0 };
// The five real reports: 12 failed, 12 passed, 7 skipped, 3 flaky; Playwright's failures have
// their test-results folders, with a trace in one of them.
const TRACE = 'test-results/checkout-checkout-shows-the-total/trace.zip';
const samples = (): ResultsReport =>
  reportFor(
    recordOf(sampleResults(), {
      outputsOf: (f) => (f.name.endsWith('shows the total') ? 'test-results/checkout-checkout-shows-the-total/' : f.name.startsWith('test_total') ? 'plots/total.png' : undefined),
      traces: [TRACE, 'test-results/other-chromium/trace.zip'],
    }),
    BASE,
  );
const hostile = (n: number, base = BASE): ResultsReport => reportFor(hostileRecord(n), base);

/** The visible text of rendered HTML, tags dropped and entities decoded. */
const textOf = (html: string): string => html.replace(/<[^>]*>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');

describe('the status line', () => {
  it('gives the failed, passed, skipped and flaky counts, leaving out the zeros but passed', () => {
    expect(statusLine(counts)).toBe('❌ 3 failed · 120 passed · 4 skipped · 1 flaky');
    expect(statusLine({ ...counts, failed: 0, skipped: 0, flaky: 0 })).toBe('✅ 120 passed');
    expect(statusLine({ ...counts, failed: 0, passed: 0, skipped: 2, flaky: 0 })).toBe('✅ 0 passed · 2 skipped');
    expect(countsText({ ...counts, skipped: 0 })).toBe('3 failed · 120 passed · 1 flaky');
  });

  it('says what changed since the baseline, the label escaped', () => {
    expect(sinceBaseLine({ label: 'main', newlyFailing: 2, fixed: 1, newlyFailingNames: [] })).toBe('2 newly failing, 1 fixed since <code>main</code>');
    expect(sinceBaseLine({ label: '#12', newlyFailing: 0, fixed: 3, newlyFailingNames: [] })).toBe('3 fixed since <code>#\u200B12</code>');
    expect(sinceBaseLine({ label: '<b>x</b>', newlyFailing: 0, fixed: 0, newlyFailingNames: [] })).toBe('No change in failures since <code>&#60;b&#62;x&#60;/b&#62;</code>');
  });
});

describe('the comment', () => {
  it('puts the status line first, then the browse link, then 10 failures with their links and "and N more" to the page', () => {
    const r = samples();
    const body = renderComment({ ...comment, results: { ...r, sinceBase: { label: 'main', newlyFailing: 2, fixed: 1, newlyFailingNames: [] } } });
    const lines = body.split('\n');
    expect(lines.slice(1, 8)).toEqual([
      '### Test outputs: unit',
      '',
      '**❌ 12 failed · 12 passed · 7 skipped · 3 flaky**',
      '',
      '2 newly failing, 1 fixed since <code>main</code>',
      '',
      `**[Browse the outputs](${BASE}index.html)** · 12 files · 1.2 MB`,
    ]);
    const items = lines.filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(11);
    expect(items[10]).toBe(`- <a href="${BASE}index.html#results">and 2 more</a>`);
    // mergeResults' order: by suite, then name.
    expect(items[0]).toBe('- cart.test.ts › cart &#62; &#60;script&#62;alert(1)&#60;/script&#62; @\u200Boctocat &#62; throws on null — Cannot read properties of null (reading &#39;x&#39;)');
    const shows = items.find((l) => l.includes('shows the total'));
    expect(shows).toBe(
      `- <a href="${BASE}test-results/checkout-checkout-shows-the-total/index.html">checkout.spec.mjs › checkout › shows the total</a> — total with tax · <a href="https://trace.playwright.dev/?trace=${encodeURIComponent(BASE + TRACE)}">trace</a>`,
    );
    // The trace no listed failure links gets a line of its own.
    expect(body).toContain(`Playwright traces in the trace viewer: <a href="https://trace.playwright.dev/?trace=${encodeURIComponent(`${BASE}test-results/other-chromium/trace.zip`)}">other-chromium</a>`);
    const html = renderGithubMarkdown(body);
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html.match(/<li>/g)).toHaveLength(11);
  });

  it('says "✅ N passed" and lists nothing when none failed; no trace links in presigned mode', () => {
    const r = reportFor(recordOf(sampleResults(['vitest/results.xml'])), BASE, { viewer: false });
    const passing: ResultsReport = { ...r, failed: 0, passed: 30, failures: [], failureUrls: [], moreFailures: 0, traces: ['a/trace.zip'], traceViewerUrls: [undefined] };
    const body = renderComment({ ...comment, results: passing });
    expect(body).toContain('**✅ 30 passed · 2 skipped**');
    expect(body).not.toMatch(/^- /m);
    expect(body).not.toContain('trace');
  });

  it('lets no report string ping, link, format or break the list: markup, mentions, javascript:, backticks, newlines', () => {
    const body = renderComment({ ...comment, results: hostile(12) });
    const html = renderGithubMarkdown(body);
    expect(html).not.toMatch(/<script|<b>|<h1|<s>|<del>|<code>rm|href="javascript/);
    // `&#126;` (an escaped ~) holds "#12" too: only a bare #12 is a reference.
    expect(body).not.toMatch(/@octocat|@org\/team|(?<!&)#12\b/);
    expect(body).not.toContain('](javascript:');
    expect(body).not.toContain('`rm');
    // One line per failure: the names' and messages' newlines are gone; each message's first line only.
    const items = body.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(11);
    expect(items[10]).toContain('and 2 more');
    expect(html.match(/<li>/g)).toHaveLength(11);
    expect(textOf(html)).toContain('<script>alert(0)</script> suite | with pipes › test 0 @\u200Boctocat `rm -rf` ](javascript:alert(1))');
    expect(body).toContain('⚠️ 1 test report could not be read: <code>reports/&#60;img src=x&#62;.xml</code> (the report declares a DOCTYPE @\u200Boctocat)');
  });

  it('stays under GitHub\'s limit with 200 long failures and long presigned links', () => {
    const longBase = `https://bucket.s3.amazonaws.com/${'p'.repeat(900)}/`;
    const r = hostile(200, longBase);
    const body = renderComment({ ...comment, results: { ...r, failureUrls: r.failureUrls.map((u) => `${u}?X-Amz-Signature=${'s'.repeat(1500)}`) } });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    const items = body.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(11);
    expect(items[10]).toContain('and 190 more');
  });

  it('a failure line cuts long names and messages', () => {
    const line = failureLine(hostile(1), 0);
    expect(textOf(line).length).toBeLessThan(450);
    expect(line).toContain('…');
  });
});

describe('the job summary', () => {
  it('puts the status line above the browse link, and the failures in a table that links their outputs and traces', () => {
    const text = renderSummary({ ...summary, results: samples() });
    const lines = text.split('\n');
    expect(lines.slice(1, 3)).toEqual(['<p><strong>❌ 12 failed · 12 passed · 7 skipped · 3 flaky</strong></p>', `<p><a href="${BASE}index.html"><strong>Browse the outputs</strong></a></p>`]);
    const rows = lines.filter((l) => l.startsWith('<tr><td>'));
    expect(rows).toHaveLength(12);
    expect(rows).toContainEqual(
      `<tr><td>checkout.spec.mjs</td><td>checkout › shows the total</td><td>total with tax</td><td><a href="${BASE}test-results/checkout-checkout-shows-the-total/index.html">outputs</a> · <a href="https://trace.playwright.dev/?trace=${encodeURIComponent(BASE + TRACE)}">trace</a></td></tr>`,
    );
    expect(text).toContain(`Test reports: <a href="${BASE}reports/vitest/results.xml"><code>reports/vitest/results.xml</code></a>`);
    const html = renderGithubMarkdown(text);
    expect(html).not.toMatch(/<script|<img|<b>/);
  });

  it('escapes pipes, markup and mentions, and stays under its limit with 100 long failures and long links', () => {
    const longBase = `https://bucket.s3.amazonaws.com/${'p'.repeat(900)}/`;
    const r = hostile(200, longBase);
    const text = renderSummary({ ...summary, results: { ...r, failureUrls: r.failureUrls.map((u) => `${u}?X-Amz-Signature=${'s'.repeat(1500)}`) } });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(text).not.toContain('(summary cut');
    expect(text).not.toMatch(/<script|@octocat|\||`/);
    const rows = text.split('\n').filter((l) => l.startsWith('<tr><td>'));
    expect(rows.length).toBeGreaterThan(10);
    expect(text).toMatch(/<tr><td colspan="4"><a href="[^"]+index\.html#results">and \d+ more<\/a><\/td><\/tr>/);
    const html = renderGithubMarkdown(text);
    expect(html).not.toMatch(/<script|<b>|<s>|<del>/);
  });
});

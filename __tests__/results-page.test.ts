// The root page's test results section (report/results-view.ts, templates/results-section
// .mustache): the view from a record made of the real JUnit samples (helpers/results.ts), its
// links, its escaping of hostile reports, its place on the page, the signing of its links in
// link-mode presigned, and the page against a reviewed golden file in
// __fixtures__/golden/pages-results/ (`npm run update-golden` rewrites it; review the diff).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPages, type PublicationFacts } from '../src/report/model.js';
import { renderDirectory } from '../src/report/render.js';
import { outputsHref, resultsView, PAGE_NAME_CHARS } from '../src/report/results-view.js';
import { signLinks } from '../src/storage/presign.js';
import { hostileRecord, recordOf, sampleResults } from './helpers/results.js';

const goldenDir = path.resolve(import.meta.dirname, '../__fixtures__/golden/pages-results');
const update = process.env['UPDATE_GOLDEN'] === '1';

const TRACE = 'test-results/checkout-checkout-shows-the-total/trace.zip';
const record = {
  ...recordOf(sampleResults(), {
    // Where a real run finds them (results/outputs-of.ts): a Playwright folder, a file.
    outputsOf: (f) => (f.name === 'checkout › shows the total' ? 'test-results/checkout-checkout-shows-the-total/' : f.reportPath.includes('pytest') ? 'plots/total #1.png' : undefined),
    traces: [TRACE, 'test-results/other-chromium/trace.zip'],
  }),
  sinceBase: { label: 'main <b>', newlyFailing: 2, fixed: 1, newlyFailingNames: ['cart › adds', 'checkout › shows the total'] },
};
const viewer = (p: string): string => `https://trace.playwright.dev/?trace=${encodeURIComponent(`https://bucket.example/run/${p}`)}`;

const facts: PublicationFacts = {
  testName: 'e2e',
  uploadedAt: new Date('2026-12-02T10:00:00.000Z'),
  manifestPath: 'manifest.json',
  failed: [],
  files: [
    { path: 'log.txt', size: 3, contentType: 'text/plain; charset=utf-8' },
    { path: 'summary.txt', size: 3, contentType: 'text/plain; charset=utf-8' },
    { path: 'reports/vitest/results.xml', size: 900, contentType: 'application/xml' },
    { path: 'test-results/checkout-checkout-shows-the-total/trace.zip', size: 22, contentType: 'application/zip' },
    { path: 'plots/total #1.png', size: 2048, contentType: 'image/png' },
  ],
};

describe('the results view', () => {
  const view = resultsView(record, { traceViewer: viewer });

  it('gives the counts in the comment’s words, with a mark a screen reader can name', () => {
    expect(view).toMatchObject({ mark: '❌', markLabel: 'failed', counts: `${record.failed} failed · ${record.passed} passed · ${record.skipped} skipped · ${record.flaky} flaky` });
    expect(view.totals).toMatch(new RegExp(`^${record.total} tests in 5 reports( · [\\d.]+ s| · \\d+ min \\d+ s)?$`));
    expect(resultsView({ ...record, failed: 0, failures: [] })).toMatchObject({ mark: '✅', markLabel: 'passed' });
  });

  it('lists every recorded failure as “suite › name”, linking its outputs folder’s index page or its file', () => {
    expect(view.failures).toHaveLength(record.failures.length);
    const total = view.failures.find((f) => f.name.endsWith('checkout › shows the total'))!;
    expect(total.outputsHref).toBe('test-results/checkout-checkout-shows-the-total/index.html');
    expect(total.traceHref).toBe('test-results/checkout-checkout-shows-the-total/trace.zip');
    expect(total.viewerHref).toBe(viewer(TRACE));
    expect(view.failures.filter((f) => f.outputsHref === 'plots/total%20%231.png').length).toBeGreaterThan(0);
    expect(outputsHref('a b/c+d/')).toBe('a%20b/c%2Bd/index.html');
    expect(view.failures.some((f) => f.name.includes('<script>alert(1)</script> @octocat'))).toBe(true);
  });

  it('links each report and each trace; the viewer only when it can fetch the trace', () => {
    expect(view.reports.map((r) => r.href)).toEqual(record.reports.map((r) => r.path.split('/').map(encodeURIComponent).join('/')));
    expect(view.reports.every((r) => r.counts.includes('passed'))).toBe(true);
    expect(view.traces).toEqual([
      { name: 'test-results/checkout-checkout-shows-the-total', href: TRACE, viewerHref: viewer(TRACE) },
      { name: 'test-results/other-chromium', href: 'test-results/other-chromium/trace.zip', viewerHref: viewer('test-results/other-chromium/trace.zip') },
    ]);
    const presigned = resultsView(record);
    expect(presigned.traces.every((t) => t.viewerHref === undefined)).toBe(true);
    expect(presigned.failures.every((f) => f.viewerHref === undefined)).toBe(true);
  });

  it('says what changed since the baseline, and counts the failures beyond the record', () => {
    expect(view.sinceBase).toEqual({ words: '2 newly failing, 1 fixed', label: 'main <b>', names: ['cart › adds', 'checkout › shows the total'], more: 0 });
    const hostile = resultsView(hostileRecord(130));
    expect(hostile.failures).toHaveLength(100);
    expect(hostile.moreFailures).toBe(30);
    expect(hostile.failures[0]!.name).toHaveLength(PAGE_NAME_CHARS);
    expect(hostile.failures[0]!.name).not.toContain('\n');
  });
});

describe('the root page with test results', () => {
  const withResults = buildPages({ ...facts, results: resultsView(record, { traceViewer: viewer }) });
  const root = withResults.find((p) => p.path === 'index.html')!;

  it('shows the section on the root page only, before the gallery, with its style', () => {
    const html = renderDirectory(root.view);
    expect(html).toContain('<section id="results" class="results" aria-labelledby="results-heading">');
    expect(html.indexOf('id="results"')).toBeLessThan(html.indexOf('id="gallery-heading"'));
    expect(html).toContain('.results-status {');
    for (const page of withResults.filter((p) => p.path !== 'index.html')) {
      expect(renderDirectory(page.view)).not.toMatch(/id="results"|\.results-status/);
    }
    // A page without results keeps its bytes: neither the section nor its style.
    const without = renderDirectory(buildPages(facts).find((p) => p.path === 'index.html')!.view);
    expect(without).not.toMatch(/id="results"|\.results-/);
  });

  it('escapes every hostile name, message, path and reason', () => {
    const hostile = hostileRecord(3);
    const html = renderDirectory(buildPages({ ...facts, results: resultsView(hostile) }).find((p) => p.path === 'index.html')!.view);
    const section = /<section id="results"[\s\S]*?<\/section>/.exec(html)![0];
    expect(section).not.toMatch(/<script|<b>|<img/);
    expect(section).toContain('&lt;script&gt;alert(0)&lt;&#x2F;<wbr>script&gt; suite | with pipes › test 0 @octocat');
    expect(section).toContain('@octocat');
    expect(section).toContain('the report declares a DOCTYPE @octocat');
  });

  it('stays on the first page when the root listing is split', () => {
    const comparison = { heading: 'Compared with main', counts: '1 changed', changed: [{ name: 'a.png', summary: 'changed' }], added: [], removed: [] };
    const many = buildPages({ ...facts, pageSize: 1, results: resultsView(record), comparison }).filter((p) => p.dir === '');
    expect(many.map((p) => p.view.results !== undefined)).toEqual([true, false]);
    // The comparison, like the status and the gallery, is the run's: the first page only.
    expect(many.map((p) => p.view.comparison !== undefined)).toEqual([true, false]);
  });

  it('has its links signed in link-mode presigned, the trace viewer left out', async () => {
    const page = buildPages({ ...facts, presigned: true, results: resultsView(record) }).find((p) => p.path === 'index.html')!;
    const view = await signLinks(page.view, 'run/e2e/index.html', async (key) => `https://signed.example/${key}?sig`);
    const r = view.results!;
    expect(r.failures.find((f) => f.traceHref !== undefined)).toMatchObject({
      outputsHref: 'https://signed.example/run/e2e/test-results/checkout-checkout-shows-the-total/index.html?sig',
      traceHref: `https://signed.example/run/e2e/${TRACE}?sig`,
    });
    expect(r.reports.every((x) => x.href.startsWith('https://signed.example/run/e2e/reports/'))).toBe(true);
    expect(r.traces.every((t) => t.href.startsWith('https://signed.example/') && t.viewerHref === undefined)).toBe(true);
  });

  it('matches its golden file', async () => {
    const html = renderDirectory(root.view);
    const golden = path.join(goldenDir, 'index.html');
    if (update) {
      await mkdir(goldenDir, { recursive: true });
      await writeFile(golden, html);
    }
    expect(html).toBe(await readFile(golden, 'utf8'));
  });
});

// Test results through publish() on a real S3 server (issue 17): real JUnit reports from three
// tools among the outputs (__fixtures__/junit/: Vitest, Playwright, Surefire), Playwright's
// test-results folders with a trace, a hostile report (entity expansion) and an XML file that is
// no report. The manifest's `results`, the history entry's counts, the drivers' ResultsReport
// (URLs that open), the warnings; the root page's section (public and presigned); `results: off`.
import { create } from '@actions/glob';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../src/history/entry.js';
import { parseInputs } from '../src/inputs.js';
import { historyPlace, rootEntryKey } from '../src/layout.js';
import { publish } from '../src/publish.js';
import type { Manifest } from '../src/report/manifest.js';
import { storeOn, warningsLogger } from './helpers/s3-store.js';
import type { ObjectStore } from '../src/store/store.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const FIXTURES = path.resolve(import.meta.dirname, '../__fixtures__/junit');
const REPO = 'octo-org/octo-repo';
const BOMB = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><testsuite name="&lol2;"><testcase name="x"/></testsuite>`;

let target: S3Target;
let workspace: string;
let store: ObjectStore;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-results-'));
  const out = path.join(workspace, 'out');
  const file = async (rel: string, body: string | Buffer): Promise<void> => {
    await mkdir(path.dirname(path.join(out, rel)), { recursive: true });
    await writeFile(path.join(out, rel), body);
  };
  await mkdir(path.join(out, 'reports'), { recursive: true });
  await copyFile(path.join(FIXTURES, 'vitest/results.xml'), path.join(out, 'reports/vitest.xml'));
  await copyFile(path.join(FIXTURES, 'playwright/results.xml'), path.join(out, 'reports/playwright.xml'));
  await copyFile(path.join(FIXTURES, 'surefire/TEST-demo.CartTest.xml'), path.join(out, 'reports/TEST-demo.CartTest.xml'));
  await file('reports/bomb.xml', BOMB);
  await file('config/settings.xml', '<?xml version="1.0"?><settings><a>1</a></settings>');
  // Playwright's folders, as its attachments name them (relative to where it ran: the outputs).
  await file('test-results/checkout-checkout-shows-the-total/error-context.md', '# page snapshot\n');
  await file('test-results/checkout-checkout-shows-the-total/trace.zip', Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary'));
  await file('test-results/checkout-checkout-shows-the-total-retry1/error-context.md', '# retry\n');
  await file('log.txt', 'ran\n');
  store = storeOn(target, await target.createBucket());
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});


async function run(runId: string, extra: Record<string, string> = {}) {
  const inputs: Record<string, string> = { bucket: store.bucket, path: path.join(workspace, 'out'), 'test-name': 'e2e', ...extra };
  const env = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: REPO,
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_NUMBER: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SERVER_URL: 'https://github.com',
    AWS_ENDPOINT_URL_S3: target.endpoint,
  };
  const now = new Date('2026-12-02T10:00:00Z');
  const parsed = parseInputs((n) => inputs[n] ?? '', env, now);
  const log = warningsLogger();
  const result = await publish(parsed, { store, glob: create, log, now: () => now, tempRoot: workspace });
  const manifest = JSON.parse((await store.get(`${parsed.prefix}/manifest.json`))!.toString('utf8')) as Manifest;
  return { result, manifest, log, prefix: parsed.prefix };
}

describe('test results among the outputs', () => {
  it('reads the three tools’ reports exactly, links failures to their outputs, and warns of the hostile one', async () => {
    const { result, manifest, log, prefix } = await run('501');
    expect(result.failed).toEqual([]);
    const r = manifest.results!;
    // The three reports' own counts (junit.test.ts checks each file): 6 passed, 7 failed, 4
    // skipped, 2 flaky over 17 tests.
    expect({ passed: r.passed, failed: r.failed, skipped: r.skipped, flaky: r.flaky, total: r.total }).toEqual({ passed: 6, failed: 7, skipped: 4, flaky: 2, total: 17 });
    expect(r.reports.map((x) => x.path).sort()).toEqual(['reports/TEST-demo.CartTest.xml', 'reports/playwright.xml', 'reports/vitest.xml']);
    expect(r.failures).toHaveLength(7);
    expect(r.moreFailures).toBe(0);
    expect(r.failures.map((f) => f.name)).toContain('cart > <script>alert(1)</script> @octocat > throws on null');
    const total = r.failures.find((f) => f.name === 'checkout › shows the total')!;
    expect(total.outputsPath).toBe('test-results/checkout-checkout-shows-the-total/');
    expect(r.traces).toEqual(['test-results/checkout-checkout-shows-the-total/trace.zip']);
    // The hostile report: a problem and a warning, and everything else published.
    expect(r.problems.map((p) => p.reportPath)).toEqual(['reports/bomb.xml']);
    expect(log.warnings.some((w) => w.includes('reports/bomb.xml'))).toBe(true);
    expect(log.warnings.some((w) => w.includes('settings.xml'))).toBe(false);
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['reports/bomb.xml', 'config/settings.xml', 'log.txt']));

    // What the drivers get: the same facts with URLs that open.
    const report = result.results!;
    expect(report.failed).toBe(7);
    expect(report.pageUrl).toMatch(/\/index\.html#results$/);
    const i = report.failures.findIndex((f) => f.name === 'checkout › shows the total');
    const outputsUrl = report.failureUrls[i]!;
    expect(outputsUrl).toContain(`${prefix}/test-results/checkout-checkout-shows-the-total/index.html`);
    expect((await fetch(outputsUrl)).status).toBe(200);
    for (const url of report.reportUrls) expect((await fetch(url)).status).toBe(200);
    expect(report.traceViewerUrls[0]).toMatch(/^https:\/\/trace\.playwright\.dev\/\?trace=http/);

    // The history entry carries the counts.
    const entry = JSON.parse((await store.get(rootEntryKey(historyPlace(prefix)!)))!.toString('utf8')) as HistoryEntry;
    expect(entry.results).toMatchObject({ passed: 6, failed: 7, skipped: 4, flaky: 2, total: 17 });
  });

  it('shows the results on the root page: links that open, signed in link-mode presigned, the trace viewer only for public links', async () => {
    const page = async (prefix: string): Promise<string> => (await store.get(`${prefix}/index.html`))!.toString('utf8');
    const hrefs = (html: string): string[] => [...(/<section id="results"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    const pub = await run('503');
    const open = hrefs(await page(pub.prefix));
    expect(open.filter((h) => h.startsWith('https://trace.playwright.dev/?trace=http'))).toHaveLength(2); // the failure's and the traces list's
    const base = pub.result.url.replace(/index\.html$/, '');
    const relative = open.filter((x) => !x.startsWith('https://'));
    expect(relative).toEqual(expect.arrayContaining(['test-results/checkout-checkout-shows-the-total/index.html', 'reports/vitest.xml']));
    for (const h of relative) expect((await fetch(new URL(h, base))).status, h).toBe(200);
    const signed = await run('504', { 'link-mode': 'presigned' });
    const links = hrefs(await page(signed.prefix));
    expect(links.length).toBeGreaterThan(3);
    for (const h of links) expect(h, 'every link of the results section is presigned').toMatch(/X-Amz-Signature=/);
    expect(links.some((h) => h.includes('trace.playwright.dev'))).toBe(false);
    for (const h of links) expect((await fetch(h)).status, h).toBe(200);
  });

  it('reads nothing with results: off', async () => {
    const { result, manifest } = await run('502', { results: 'off' });
    expect(manifest.results).toBeUndefined();
    expect(result.results).toBeUndefined();
  });
});

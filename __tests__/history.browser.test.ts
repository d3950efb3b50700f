// The repository page in a real browser (Debian's Chromium, playwright-core): three runs (a push
// to main, two runs of PR 17) published by the built action to the embedded S3 server; the
// filter finds the PR's runs from its box and from the address (`?pr=17`, the stable "all runs of
// this PR" link), the page works without JavaScript, its script runs under the page's CSP, and
// neither it nor a run page scrolls sideways at 400 px. Skipped without Chromium unless
// REQUIRE_BROWSER=1.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { startLocalS3 } from '../scripts/local-s3.mjs';
import { localS3Env, runAction } from '../scripts/run-action.mjs';
import { HISTORY_RUNS, historyEnv, publishHistory } from './helpers/history-runs.js';

// A fourth run, pushed from a branch with a long name, with a long test name: they must wrap.
const LONG = { ...HISTORY_RUNS[0]!, runId: '7004', runNumber: '8', branch: `feature/${'a-rather-long-branch-name-'.repeat(5)}end`, tests: [`an-integration-suite-with-a-long-name-${'x'.repeat(70)}`] };

const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const SKIP = !HAVE_CHROMIUM && !REQUIRE_BROWSER;
const BUCKET = 'history-browser';
if (SKIP) console.warn(`history.browser: skipping: ${CHROMIUM_PATH} does not exist (set REQUIRE_BROWSER=1 to fail instead)`);

describe.skipIf(SKIP)('the repository page in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLocalS3>> | undefined;
  let browser: Browser | undefined;
  let workspace = '';
  let repo = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist`);
    workspace = await mkdtemp(path.join(tmpdir(), 'pto-history-browser-'));
    await mkdir(path.join(workspace, 'out'), { recursive: true });
    await writeFile(path.join(workspace, 'out/result.txt'), 'ok\n');
    server = await startLocalS3({ port: 0, buckets: [BUCKET] });
    const env = localS3Env(server) as Record<string, string>;
    const publish = async (): Promise<void> => {
      await publishHistory({ cwd: workspace, outputs: 'out', bucket: BUCKET, env });
      const run = await runAction({ cwd: workspace, inputs: { bucket: BUCKET, path: 'out', 'test-name': LONG.tests[0]! }, env: { ...env, ...(await historyEnv(LONG, workspace)) } });
      if (run.code !== 0) throw new Error(run.stdout);
    };
    const [published, launched] = await Promise.allSettled([publish(), launchChromium({ timeout: 20_000 })]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (published.status === 'rejected') throw published.reason;
    if (launched.status === 'rejected') throw launched.reason;
    repo = `${server.endpoint}/${BUCKET}/octo-org/octo-repo/index.html`;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  /** Opens `url` in a fresh context; the errors the page logs (a CSP refusal is one). */
  async function open(url: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser!.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1100, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    return { page, errors };
  }

  /** The run labels of the rows shown (no DOM types here: tsconfig has no DOM lib). */
  const visibleRuns = (page: Page): Promise<unknown> =>
    page.evaluate("[...document.querySelectorAll('tr.run')].filter((r) => r.offsetParent !== null).map((r) => r.querySelector('td a')?.textContent ?? '')");

  it('the filter box finds the runs of PR 17, then the push to main by branch, then a test', async () => {
    const { page, errors } = await open(repo);
    expect(await visibleRuns(page)).toEqual(['#8', '#7', '#6', '#5']);
    await page.fill('input[name="pr"]', '17');
    expect(await visibleRuns(page)).toEqual(['#7', '#6']);
    expect(await page.textContent('.filter output')).toBe('2 of 4 runs on this page');
    await page.fill('input[name="pr"]', '#17');
    expect(await visibleRuns(page)).toEqual(['#7', '#6']);
    await page.fill('input[name="pr"]', '');
    await page.fill('input[name="branch"]', 'MAIN');
    expect(await visibleRuns(page)).toEqual(['#5']);
    await page.fill('input[name="branch"]', '');
    await page.fill('input[name="test"]', 'e2e');
    expect(await visibleRuns(page)).toEqual(['#5']);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('?pr=17 opens on "all runs of PR 17"; ?branch= and ?test= likewise', async () => {
    for (const [query, runs] of [['?pr=17', ['#7', '#6']], ['?branch=feature/x', ['#7', '#6']], ['?test=unit', ['#7', '#6', '#5']], ['?branch=rather-long', ['#8']], ['?pr=99', []]] as const) {
      const { page, errors } = await open(repo + query);
      expect(await visibleRuns(page), query).toEqual(runs);
      if (query === '?pr=17') expect(await page.inputValue('input[name="pr"]')).toBe('17');
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 30_000);

  it('without JavaScript every run shows and the filter stays hidden; the run links lead to the publications', async () => {
    const { page } = await open(`${repo}?pr=17`, { javaScriptEnabled: false });
    expect(await visibleRuns(page)).toEqual(['#8', '#7', '#6', '#5']);
    expect(await page.isVisible('form.filter')).toBe(false);
    await page.click('a[href="7001-1/e2e/index.html"]');
    expect(page.url()).toMatch(/\/octo-org\/octo-repo\/7001-1\/e2e\/index\.html$/);
    expect(await page.textContent('h1')).toContain('e2e');
    await page.context().close();
  }, 30_000);

  it('no page of the history scrolls sideways at 400 px, long branch and test names wrapped', async () => {
    for (const url of [repo, repo.replace(/index\.html$/, '7001-1/index.html'), repo.replace(/index\.html$/, '7004-1/index.html'), repo.replace(/octo-repo\/index\.html$/, 'index.html')]) {
      const { page } = await open(url, { width: 400 });
      const width = await page.evaluate('document.documentElement.scrollWidth');
      expect(width, url).toBeLessThanOrEqual(400);
      await page.context().close();
    }
  }, 30_000);
});

// The root page's test results and the history's counts in Chromium (issue 17): a run with a
// real Vitest report and a hostile one (names and messages with markup, `</section>`,
// `@octocat`, `{{mustache}}`), published through publish() to the embedded S3 server. The section
// shows the counts and each failure's name as text (no element injected, no dialog), each
// failure's outputs link opens its folder's page or its file, the report links open, and the
// repository and run pages show the run's counts with a pass/fail mark. Skipped without
// Chromium unless REQUIRE_BROWSER=1.
import { create } from '@actions/glob';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { parseInputs } from '../src/inputs.js';
import { publish, type Logger } from '../src/publish.js';
import type { Manifest } from '../src/report/manifest.js';
import { storeOn } from './helpers/s3-store.js';
import type { ObjectStore } from '../src/store/store.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const SKIP = !existsSync(CHROMIUM_PATH) && process.env['REQUIRE_BROWSER'] !== '1';
const FIXTURES = path.resolve(import.meta.dirname, '../__fixtures__/junit');

const ONE = '<img src=x onerror=alert(1)> @octocat';
const TWO = '{{mustache}} </section> @octocat';
// A long unbroken word too: it must wrap on a phone.
const SUITE = `hostile </section> suite ${'z'.repeat(150)}`;
const MESSAGE = 'expected </section><script>alert(2)</script> {{mustache}}';
const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
<testsuite name="${xml(SUITE)}" tests="4" failures="2" skipped="1" time="1.5">
<testcase classname="hostile" name="${xml(ONE)}" time="0.5"><failure message="${xml(MESSAGE)}">stack</failure>
<system-out>[[ATTACHMENT|failures/one/screenshot.txt]]
[[ATTACHMENT|failures/one/log.txt]]</system-out></testcase>
<testcase classname="hostile" name="${xml(TWO)}" time="0.5"><failure message="@octocat {{#x}}boom{{/x}}"/>
<system-out>[[ATTACHMENT|failures/two.txt]]</system-out></testcase>
<testcase classname="hostile" name="passes" time="0.5"/>
<testcase classname="hostile" name="is skipped"><skipped/></testcase>
</testsuite>
</testsuites>
`;

const quiet = (): Logger => {
  const noop = (): void => undefined;
  return { debug: noop, info: noop, warning: noop, group: <T>(_: string, fn: () => Promise<T>): Promise<T> => fn() };
};

describe.skipIf(SKIP)('test results on the pages, in Chromium', () => {
  let target: S3Target;
  let store: ObjectStore;
  let browser: Browser;
  let workspace = '';
  let rootUrl = '';
  let prefix = '';
  let manifest: Manifest;

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'pto-results-browser-'));
    const out = path.join(workspace, 'out');
    const file = async (rel: string, body: string): Promise<void> => {
      await mkdir(path.dirname(path.join(out, rel)), { recursive: true });
      await writeFile(path.join(out, rel), body);
    };
    await file('reports/hostile.xml', HOSTILE);
    await copyFile(path.join(FIXTURES, 'vitest/results.xml'), path.join(out, 'reports/vitest.xml'));
    await file('failures/one/screenshot.txt', 'screenshot of one\n');
    await file('failures/one/log.txt', 'log of one\n');
    await file('failures/two.txt', 'output of two\n');
    target = await s3Target();
    store = storeOn(target, await target.createBucket());
    const inputs: Record<string, string> = { bucket: store.bucket, path: out, 'test-name': 'e2e' };
    const env = {
      GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_RUN_ID: '601', GITHUB_RUN_NUMBER: '601', GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: 'b'.repeat(40), GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REF_TYPE: 'branch',
      GITHUB_SERVER_URL: 'https://github.com', AWS_ENDPOINT_URL_S3: target.endpoint,
    };
    const now = new Date('2026-12-02T10:00:00Z');
    const parsed = parseInputs((n) => inputs[n] ?? '', env, now);
    const [published, launched] = await Promise.allSettled([
      publish(parsed, { store, glob: create, log: quiet(), now: () => now, tempRoot: workspace }),
      launchChromium({ timeout: 20_000 }),
    ]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (published.status === 'rejected') throw published.reason;
    if (launched.status === 'rejected') throw launched.reason;
    rootUrl = published.value.url;
    prefix = parsed.prefix;
    manifest = JSON.parse((await store.get(`${prefix}/manifest.json`))!.toString('utf8')) as Manifest;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await target?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  /** Opens `url`; the dialogs any script opened (none may). */
  async function open(url: string): Promise<{ page: Page; dialogs: string[] }> {
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    return { page, dialogs };
  }

  const hrefOf = (link: Locator): Promise<string> => link.evaluate((a) => (a as unknown as { href: string }).href);

  it('shows the counts and every failure’s name and message as text, injecting nothing', async () => {
    const r = manifest.results!;
    // The Vitest sample's 2 failures and the hostile report's 2.
    expect(r.failed).toBe(4);
    const { page, dialogs } = await open(rootUrl);
    const section = page.locator('section#results');
    expect(await section.count()).toBe(1);
    const status = await section.locator('.results-status').innerText();
    expect(status).toContain(`❌ ${r.failed} failed · ${r.passed} passed · ${r.skipped} skipped`);
    expect(await section.locator('.results-status [role="img"]').getAttribute('aria-label')).toBe('failed');
    const names = await section.locator('.results-name').allInnerTexts();
    expect(names).toHaveLength(r.failures.length);
    expect(names).toContain(`${SUITE} › ${ONE}`);
    expect(names).toContain(`${SUITE} › ${TWO}`);
    expect(names.some((n) => n.includes('<script>alert(1)</script> @octocat'))).toBe(true); // the Vitest sample's
    expect(await section.locator('.results-message').allInnerTexts()).toEqual(expect.arrayContaining([MESSAGE, '@octocat {{#x}}boom{{/x}}']));
    // Nothing became markup: no image, no script in the section, and the section was not closed
    // early (the gallery and the file table come after it, outside it).
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await section.locator('script, img').count()).toBe(0);
    expect(await page.locator('section#results ~ table.files').count()).toBe(1);
    expect(await section.locator('h3').allInnerTexts()).toEqual(['Failures', 'Test reports']);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 30_000);

  it('does not scroll sideways at 400 px, whatever the names', async () => {
    const { page } = await open(rootUrl);
    await page.setViewportSize({ width: 400, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await page.close();
  }, 30_000);

  it('opens each failure’s outputs (its folder’s page, or its file) and each report', async () => {
    const { page } = await open(rootUrl);
    const item = (name: string) => page.locator('.results-failures li', { hasText: name });
    const one = await page.request.get(await hrefOf(item(ONE).getByRole('link', { name: 'outputs' })));
    expect(one.status()).toBe(200);
    expect(await one.text()).toContain('screenshot.txt');
    await item(ONE).getByRole('link', { name: 'outputs' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toBe('one');
    await page.goBack();
    const two = await page.request.get(await hrefOf(item(TWO).getByRole('link', { name: 'outputs' })));
    expect(two.status()).toBe(200);
    expect(await two.text()).toBe('output of two\n');
    const reports = page.locator('.results-reports a');
    expect(await reports.allInnerTexts()).toEqual(manifest.results!.reports.map((x) => x.path));
    for (let i = 0; i < (await reports.count()); i++) {
      const res = await page.request.get(await hrefOf(reports.nth(i)));
      expect(res.status()).toBe(200);
      expect(await res.text()).toContain('<testsuite');
    }
    await page.close();
  }, 30_000);

  it('shows the run’s counts and mark on the repository and run pages', async () => {
    const r = manifest.results!;
    const base = rootUrl.slice(0, rootUrl.indexOf(prefix));
    const repo = await open(`${base}octo-org/octo-repo/index.html`);
    const row = repo.page.locator('tr.run').first();
    expect(await row.locator('.results').innerText()).toBe(`❌ ${r.failed} failed · ${r.passed} passed`);
    expect(await row.getByRole('img', { name: 'failed' }).count()).toBe(1);
    await repo.page.close();
    const run = await open(`${base}octo-org/octo-repo/601-1/index.html`);
    const test = run.page.locator('tr.test', { hasText: 'e2e' });
    expect(await test.locator('.results').innerText()).toBe(`❌ ${r.failed} failed · ${r.passed} passed`);
    expect(await test.getByRole('img', { name: 'failed' }).count()).toBe(1);
    await run.page.close();
  }, 30_000);
});

// The published pages, opened in a real browser (Debian's Chromium driven by playwright-core):
// the built action (dist/index.js) publishes __fixtures__/outputs to the embedded S3 server,
// then Chromium opens the Vitest HTML report and the generated index pages from that server.
//
// Chromium is not downloaded by Playwright: the system's /usr/bin/chromium is used (override
// with CHROMIUM_PATH). Without it these tests are skipped, unless REQUIRE_BROWSER=1 (CI), where
// a missing browser is a failure.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startLocalS3 } from '../scripts/local-s3.mjs';
import { localS3Env, runAction } from '../scripts/run-action.mjs';
import { keySegment } from '../src/files/keys.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUTS = path.join(ROOT, '__fixtures__/outputs');
const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const SKIP_REASON = `${CHROMIUM_PATH} does not exist (apt-get install chromium, or set CHROMIUM_PATH); set REQUIRE_BROWSER=1 to fail instead of skipping`;
const SKIP = !HAVE_CHROMIUM && !REQUIRE_BROWSER;
if (SKIP) console.warn(`report.browser: skipping the browser tests: ${SKIP_REASON}`);

const BUCKET = 'browser-outputs';
const TEST_NAME = 'browser suite';
/** How long one page may take to show something; a healthy run needs well under a second. */
const UI_TIMEOUT = 10_000;
/** Per test: a few page loads; a failing wait ends the test after one UI_TIMEOUT. */
const TEST_TIMEOUT = 20_000;

type LocalS3 = Awaited<ReturnType<typeof startLocalS3>>;

/** What one page did on the network and in its console, for the assertions at the end. */
interface PageLog {
  /** Requests to the S3 server that got no response at all (net::ERR_…). */
  failed: string[];
  /** Responses from the S3 server with a status outside 2xx. */
  notOk: string[];
  /** Every response from the S3 server, as `status url`. */
  responses: string[];
  consoleErrors: string[];
  pageErrors: string[];
  downloads: string[];
  /** Requests to any other origin (stubbed, or left to fail, see openPage). */
  otherOrigins: string[];
}

describe.skipIf(SKIP)(`published pages in Chromium${SKIP ? ` (skipped: ${SKIP_REASON})` : ''}`, () => {
  let server: LocalS3 | undefined;
  let browser: Browser | undefined;
  let origin = '';
  /** The `url` output: the publication's root index.html. */
  let rootUrl = '';
  /** rootUrl without index.html, ending in '/'. */
  let base = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist: install Debian's chromium package or set CHROMIUM_PATH`);
    server = await startLocalS3({ port: 0, buckets: [BUCKET] });
    origin = new URL(server.endpoint).origin;
    // Publishing and starting the browser overlap; neither is left running if the other fails.
    const [published, launched] = await Promise.allSettled([
      runAction({
        cwd: ROOT,
        inputs: { bucket: BUCKET, path: '__fixtures__/outputs', 'test-name': TEST_NAME },
        env: localS3Env(server),
      }),
      launchChromium({ timeout: 20_000 }),
    ]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (published.status === 'rejected') throw published.reason;
    if (launched.status === 'rejected') throw launched.reason;
    const run = published.value;
    expect(run.code, `the action failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
    rootUrl = run.outputs['url'] ?? '';
    expect(rootUrl).toMatch(/\/index\.html$/);
    expect(rootUrl.startsWith(`${origin}/`), `url output ${rootUrl} is not on the S3 server ${origin}`).toBe(true);
    base = rootUrl.slice(0, -'index.html'.length);
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh context per test (no cache, no favicon state shared between tests), closed after it. */
  async function openPage(options: { stubOtherOrigins: boolean }): Promise<{ page: Page; log: PageLog }> {
    if (!browser) throw new Error('the browser did not start');
    const context: BrowserContext = await browser.newContext({ colorScheme: 'light', viewport: { width: 1100, height: 800 } });
    onTestFinished(() => context.close());
    const log: PageLog = { failed: [], notOk: [], responses: [], consoleErrors: [], pageErrors: [], downloads: [], otherOrigins: [] };
    // This machine has no internet, and a published report may still link to other origins
    // (the Vitest report's index.html loads a stylesheet from fonts.googleapis.com, which would
    // fail with net::ERR_NAME_NOT_RESOLVED and a console error). With stubOtherOrigins, requests
    // to any origin other than the S3 server are answered here with an empty 200 (text/css for
    // stylesheets) so they neither hang nor fail; what the assertions check is the S3 origin.
    if (options.stubOtherOrigins) {
      await context.route(
        (url) => url.origin !== origin,
        (route) => {
          const request = route.request();
          return route.fulfill({ status: 200, contentType: request.resourceType() === 'stylesheet' ? 'text/css' : 'text/plain', body: '' });
        },
      );
    }
    const page = await context.newPage();
    const onOrigin = (url: string): boolean => new URL(url).origin === origin;
    page.on('request', (request) => {
      if (!onOrigin(request.url())) log.otherOrigins.push(request.url());
    });
    page.on('requestfailed', (request) => {
      if (onOrigin(request.url())) log.failed.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
    });
    page.on('response', (response) => {
      if (!onOrigin(response.url())) return;
      log.responses.push(`${response.status()} ${response.url()}`);
      // 304: a cached image revalidated (the gallery shows images the table links too).
      if ((response.status() < 200 || response.status() > 299) && response.status() !== 304) log.notOk.push(`${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') log.consoleErrors.push(`${message.text()} (at ${message.location().url || 'unknown'})`);
    });
    page.on('pageerror', (error) => log.pageErrors.push(error.stack ?? String(error)));
    page.on('download', (download) => log.downloads.push(download.url()));
    return { page, log };
  }

  it('renders the published Vitest HTML report with every asset from S3', async () => {
    const { page, log } = await openPage({ stubOtherOrigins: true });
    const reportUrl = `${base}vitest-report/index.html`;

    // The bytes as published, compared with the fixture: the report must arrive unmodified.
    const served = await fetch(reportUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(await readFile(path.join(OUTPUTS, 'vitest-report/index.html')));

    const response = await page.goto(reportUrl, { waitUntil: 'load', timeout: UI_TIMEOUT });
    expect(response?.status()).toBe(200);

    // The report is a Vue app that fetches html.meta.json.gz and gunzips it in JS; the test tree
    // and the dashboard counts appear only once that worked. The data-testid attributes are
    // Vitest UI's own (explorer-item carries the task name as aria-label).
    for (const name of ['sample suite', 'adds numbers', 'joins strings', 'is skipped on purpose']) {
      await page.locator(`[data-testid="explorer-item"][aria-label="${name}"]`).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    }
    await expect(page.getByTestId('pass-entry').innerText()).resolves.toMatch(/^\s*2\s*Pass\s*$/);
    await expect(page.getByTestId('skipped-entry').innerText()).resolves.toMatch(/^\s*1\s*Skip\s*$/);
    await expect(page.getByTestId('total-entry').innerText()).resolves.toMatch(/^\s*3\s*Total\s*$/);
    await expect(page.title()).resolves.toBe('Vitest');
    // Let late requests (favicons) finish before judging the network log.
    await page.waitForLoadState('networkidle', { timeout: UI_TIMEOUT });

    const fetched = log.responses.map((r) => r.slice(r.indexOf(' ') + 1).slice(`${base}vitest-report/`.length));
    for (const asset of ['index.html', 'assets/index-DaKof6xz.js', 'assets/index-Da0hb3oU.css', 'html.meta.json.gz']) {
      expect(fetched, `the report did not load ${asset} from S3`).toContain(asset);
    }
    expect(log.failed, 'requests to the S3 server that failed').toEqual([]);
    expect(log.notOk, 'responses from the S3 server outside 2xx (and 304)').toEqual([]);
    expect(log.consoleErrors, 'console errors').toEqual([]);
    expect(log.pageErrors, 'uncaught page errors').toEqual([]);
    expect(log.downloads, 'downloads').toEqual([]);
    // The only other origin the report reaches for is Google Fonts (stubbed, see openPage).
    const otherHosts = log.otherOrigins.map((u) => new URL(u).host);
    expect(otherHosts.filter((h) => h !== 'fonts.googleapis.com' && h !== 'fonts.gstatic.com'), 'other origins').toEqual([]);
  }, TEST_TIMEOUT);

  it('browses the generated index pages: links, folders, breadcrumbs and a text file', async () => {
    // Nothing is stubbed here: the generated pages must not need any other origin.
    const { page, log } = await openPage({ stubOtherOrigins: false });
    const h1 = page.locator('h1');

    const response = await page.goto(rootUrl, { timeout: UI_TIMEOUT });
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain(TEST_NAME);
    expect(await h1.innerText()).toBe(TEST_NAME);

    // Every link on the root page, as the browser resolves it, answers 200 from the publication.
    const links = await page.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
    const relative = links.map((url) => (url.startsWith(base) ? url.slice(base.length) : url));
    expect(new Set(relative)).toEqual(
      new Set([
        // keep-originals: auto keeps the original of the photo whose copy loses detail.
        '_originals/index.html',
        'manifest.json',
        'results.json',
        'data/index.html',
        'logs/index.html',
        'photos/index.html',
        'plots/index.html',
        'vitest-report/index.html',
        'vitest-report/_listing.html',
        // the index pages above the publication: its run, the repository, the owner
        new URL('../index.html', base).href,
        new URL('../../index.html', base).href,
        new URL('../../../index.html', base).href,
        // the gallery: the images outside the HTML report
        'photos/photo.jpg',
        'plots/loss%20curve.png',
        // the status line: the commit, the branch's stable link, and the run on GitHub
        new URL(`../../latest/${keySegment('feature/plots')}/${keySegment(TEST_NAME)}/index.html`, base).href,
        'https://github.com/octo-org/octo-repo/commit/2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
        'https://github.com/octo-org/octo-repo/actions/runs/1658821493/attempts/1',
      ]),
    );
    // The pages' Content-Security-Policy forbids fetch() from them, so the links are checked
    // through the browser context's request API (same cookies, no page CSP); GitHub is not
    // reachable from this machine.
    const onServer = links.filter((url) => url.startsWith(`${origin}/`));
    const statuses = await Promise.all(onServer.map(async (url) => `${(await page.request.get(url)).status()} ${url}`));
    expect(statuses).toEqual(onServer.map((url) => `200 ${url}`));

    // Into logs/, then nested/, then back to the root through the breadcrumb.
    const follow = async (link: Locator, expected: string): Promise<void> => {
      const from = page.url();
      await link.click();
      await page.waitForURL((url) => url.href !== from, { timeout: UI_TIMEOUT });
      expect(page.url()).toBe(expected);
    };
    await follow(page.getByRole('link', { name: 'logs/', exact: true }), `${base}logs/index.html`);
    expect(await h1.innerText()).toBe('logs');
    await follow(page.getByRole('link', { name: 'nested/', exact: true }), `${base}logs/nested/index.html`);
    expect(await h1.innerText()).toBe('nested');
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await breadcrumb.getByRole('listitem').allInnerTexts()).toEqual(['octo-org', 'octo-repo', '1658821493-1', TEST_NAME, 'logs', 'nested']);
    await follow(breadcrumb.getByRole('link', { name: TEST_NAME, exact: true }), rootUrl);
    expect(await h1.innerText()).toBe(TEST_NAME);

    // A log file opens in the tab as text, not as a download.
    const logFixture = path.join(OUTPUTS, 'logs/test run.log');
    expect(
      existsSync(logFixture),
      `${logFixture} is missing: .gitignore's *.log keeps it out of git, so a fresh clone lacks it`,
    ).toBe(true);
    await follow(page.getByRole('link', { name: 'logs/', exact: true }), `${base}logs/index.html`);
    const logUrl = `${base}logs/test%20run.log`;
    const logResponse = page.waitForResponse((r) => r.url() === logUrl, { timeout: UI_TIMEOUT });
    // A download would abort the navigation and leave the tab on logs/index.html: report that at
    // once rather than time out. (Both waits start before the click, and neither can reject.)
    const outcome = Promise.race([
      page.waitForURL(logUrl, { timeout: UI_TIMEOUT }).then(
        () => 'shown in the tab',
        (error: Error) => `not shown: ${error.message}`,
      ),
      page.waitForEvent('download', { timeout: UI_TIMEOUT }).then(
        (d) => `downloaded as ${d.suggestedFilename()}`,
        () => new Promise<never>(() => {}),
      ),
    ]);
    await page.getByRole('link', { name: 'test run.log', exact: true }).click();
    const logHeaders = (await logResponse).headers();
    expect((await logResponse).status()).toBe(200);
    expect(logHeaders['content-type']).toBe('text/plain; charset=utf-8');
    expect(logHeaders['content-disposition'] ?? '').not.toMatch(/attachment/i);
    expect(await outcome).toBe('shown in the tab');
    expect(log.downloads, 'downloads').toEqual([]);
    expect(await page.evaluate('document.contentType')).toBe('text/plain');
    // Chromium shows a text/plain document as one <pre> holding the text.
    expect(await page.locator('body > pre').textContent()).toBe(await readFile(logFixture, 'utf8'));

    expect(log.failed, 'requests to the S3 server that failed').toEqual([]);
    expect(log.notOk, 'responses from the S3 server outside 2xx (and 304)').toEqual([]);
    expect(log.pageErrors, 'uncaught page errors').toEqual([]);
    expect(log.otherOrigins, 'requests to other origins').toEqual([]);
    // The generated pages declare an empty icon, but the plain-text log opened last cannot, so
    // Chromium may ask for /favicon.ico at the root of the S3 host, outside the bucket (when it
    // does depends on timing); s3rver answers 404 (no bucket "favicon.ico") and Chromium logs
    // that as a console error. No page asked for it.
    const unexplained = log.consoleErrors.filter((e) => !e.endsWith(`(at ${origin}/favicon.ico)`));
    expect(unexplained, 'console errors').toEqual([]);
  }, TEST_TIMEOUT);

  it('shows the gallery, sorts the table under its Content-Security-Policy, and walks down from the repository page to a file', async () => {
    const { page, log } = await openPage({ stubOtherOrigins: false });
    await page.goto(rootUrl, { timeout: UI_TIMEOUT });
    // Gallery thumbnails really load (lazy images are scrolled into view first).
    const thumbs = page.locator('.gallery img');
    expect(await thumbs.count()).toBe(2);
    for (const img of await thumbs.all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);
      expect(await img.getAttribute('alt')).toMatch(/\.(png|jpg)$/);
    }
    // The inline sort script runs (allowed by its hash): sorting by size puts the largest last.
    const fileNames = () => page.locator('tr.file td.name > a').allInnerTexts();
    expect(await fileNames()).toEqual(['results.json']);
    await page.goto(`${base}logs/index.html`, { timeout: UI_TIMEOUT });
    const before = await fileNames();
    await page.getByRole('button', { name: 'Size' }).click();
    const bytes = await page.locator('tr.file td[data-bytes]').evaluateAll((tds) => tds.map((td) => Number((td as unknown as { dataset: { bytes: string } }).dataset.bytes)));
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
    expect(new Set(await fileNames())).toEqual(new Set(before));
    // From the repository's page down: a run, the test, a folder, a file.
    await page.goto(new URL('../../index.html', base).href, { timeout: UI_TIMEOUT });
    expect(await page.locator('h1').innerText()).toBe('octo-repo/');
    // The run's row links its page (the run number links the CI's run).
    await page.getByRole('link', { name: 'tests of the run', exact: true }).click();
    await page.waitForURL(new URL('../index.html', base).href, { timeout: UI_TIMEOUT });
    await page.getByRole('link', { name: TEST_NAME, exact: true }).click();
    await page.waitForURL(rootUrl, { timeout: UI_TIMEOUT });
    await page.getByRole('link', { name: 'data/', exact: true }).click();
    await page.waitForURL(`${base}data/index.html`, { timeout: UI_TIMEOUT });
    await page.getByRole('link', { name: 'résultats.csv', exact: true }).click();
    await page.waitForURL(`${base}data/r%C3%A9sultats.csv`, { timeout: UI_TIMEOUT });
    expect(await page.locator('body').innerText()).toContain('latency p50,12.5,ms');
    expect(log.consoleErrors.filter((e) => !e.endsWith(`(at ${origin}/favicon.ico)`)), 'console errors (a CSP violation would show here)').toEqual([]);
    expect(log.pageErrors).toEqual([]);
  }, TEST_TIMEOUT);
});

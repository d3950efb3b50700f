/// <reference lib="dom" />
// (The DOM types are for the functions that run in the page.)
// The comparison page of a changed text file in a real browser (Debian's Chromium,
// playwright-core), served over HTTP at its place in a publication (_compare/files/<path>.html)
// beside both versions of the file: the changed lines show with both line numbers and their
// marks, a hostile line (`<script>`, an @mention) is text and runs nothing, the page breaks no
// rule of its Content-Security-Policy, added and removed lines have their own colours in light
// and dark, long lines wrap instead of scrolling sideways at 400 px, and the links reach both
// versions. Skipped without Chromium unless REQUIRE_BROWSER=1.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { diffText, tableDelimiter } from '../src/compare/text-diff.js';
import { renderTextPage, textPageView } from '../src/compare/text-page.js';
import { comparePagePath } from '../src/layout.js';

const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const SKIP = !HAVE_CHROMIUM && !REQUIRE_BROWSER;
if (SKIP) console.warn(`compare-text.browser: skipping: ${CHROMIUM_PATH} does not exist (set REQUIRE_BROWSER=1 to fail instead)`);

const HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> cc @mention';
const LONG = `trace ${'a-very-long-identifier_without.spaces'.repeat(12)}`;
const BASE_LOG = Array.from({ length: 40 }, (_, i) => `step ${i + 1} ok`).join('\n') + '\n';
const HEAD_LOG = BASE_LOG.replace('step 12 ok\n', `step 12 FAILED\n${HOSTILE}\n`).replace('step 30 ok\n', `${LONG}\n`);
const BASE_CSV = 'model,loss\nresnet,0.31\nvit,0.40\n';
const HEAD_CSV = 'model,loss\nresnet,0.29\nvit,0.40\n';

// The publication and its baseline, side by side under one prefix, as in a bucket.
const HEAD_PREFIX = '/octo/repo/2002-1/unit';
const BASE_PREFIX = '/octo/repo/1001-1/unit';
const FILES = [
  { path: 'logs/run 1.log', base: BASE_LOG, head: HEAD_LOG },
  { path: 'metrics/scores.csv', base: BASE_CSV, head: HEAD_CSV },
];

const encodePath = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

/** Every object served: the two versions of each file and the page comparing them. */
function objects(): Map<string, { body: string; type: string }> {
  const served = new Map<string, { body: string; type: string }>();
  for (const f of FILES) {
    const pagePath = comparePagePath('_compare', f.path);
    const up = '../'.repeat(pagePath.split('/').length - 1);
    const head = {
      title: `${f.path} · changes · unit`,
      testName: 'unit',
      path: f.path,
      breadcrumbs: [{ name: 'unit', href: `${up}index.html` }],
      baseLabel: 'main @ 1a2b3c4 (run #1)',
      baseHref: `${up}../../1001-1/unit/${encodePath(f.path)}`,
      headHref: `${up}${encodePath(f.path)}`,
    };
    const diff = diffText(f.base, f.head, { delimiter: tableDelimiter(f.path, 'text/plain') });
    const html = renderTextPage(textPageView(head, diff, { base: f.base.length, head: f.head.length }));
    served.set(`${HEAD_PREFIX}/${encodePath(pagePath)}`, { body: html, type: 'text/html; charset=utf-8' });
    served.set(`${HEAD_PREFIX}/${encodePath(f.path)}`, { body: f.head, type: 'text/plain; charset=utf-8' });
    served.set(`${BASE_PREFIX}/${encodePath(f.path)}`, { body: f.base, type: 'text/plain; charset=utf-8' });
  }
  return served;
}

interface Row {
  kind: string;
  base: string;
  head: string;
  mark: string;
  text: string;
}

/** Runs in the page: the diff's rows as a reader sees them. */
function diffRows(): Row[] {
  return Array.from(document.querySelectorAll<HTMLTableRowElement>('table.diff tbody tr:not(.hunk)')).map((tr) => {
    const cells = Array.from(tr.cells).map((td) => td.textContent);
    return { kind: tr.className, base: cells[0] ?? '', head: cells[1] ?? '', mark: cells[2] ?? '', text: cells[3] ?? '' };
  });
}

describe.skipIf(SKIP)('the comparison page of a text file in Chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let origin = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist`);
    const served = objects();
    server = createServer((req, res) => {
      const object = served.get(new URL(req.url ?? '/', 'http://x').pathname);
      res.writeHead(object ? 200 : 404, { 'content-type': object?.type ?? 'text/plain' });
      res.end(object?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium({ timeout: 20_000 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const pageUrl = (filePath: string): string => `${origin}${HEAD_PREFIX}/${encodePath(comparePagePath('_compare', filePath))}`;

  /** Opens a page; what it logs as errors, the CSP violations it reports and the dialogs it opens. */
  async function open(url: string, o: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    const context = await browser!.newContext({ viewport: { width: o.width ?? 1100, height: 800 }, colorScheme: o.colorScheme ?? 'light' });
    const page = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
    });
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    return { page, errors, dialogs };
  }

  it('shows the changed lines with their numbers on both sides and their marks', async () => {
    const { page, errors } = await open(pageUrl('logs/run 1.log'));
    const rows = await page.evaluate(diffRows);
    const changed = rows.filter((r) => r.kind !== 'context');
    expect(changed).toEqual([
      { kind: 'removed', base: '12', head: '', mark: '−', text: 'step 12 ok' },
      { kind: 'added', base: '', head: '12', mark: '+', text: 'step 12 FAILED' },
      { kind: 'added', base: '', head: '13', mark: '+', text: HOSTILE },
      { kind: 'removed', base: '30', head: '', mark: '−', text: 'step 30 ok' },
      { kind: 'added', base: '', head: '31', mark: '+', text: LONG },
    ]);
    // Context around each change, numbered on both sides: after the insertion, head runs one ahead.
    expect(rows.filter((r) => r.kind === 'context').map((r) => `${r.base}/${r.head}`)).toEqual(['9/9', '10/10', '11/11', '13/14', '14/15', '15/16', '27/28', '28/29', '29/30', '31/32', '32/33', '33/34']);
    expect(await page.locator('tr.hunk').allTextContents()).toEqual(['@@ -9,7 +9,8 @@', '@@ -27,7 +28,7 @@']);
    expect(await page.textContent('p.changes')).toMatch(/^\+3 −2 lines · /);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('shows a hostile line as text: no script element, no dialog, no CSP violation', async () => {
    const { page, errors, dialogs } = await open(pageUrl('logs/run 1.log'));
    expect(await page.locator('td.code', { hasText: '@mention' }).textContent()).toBe(HOSTILE);
    expect(await page.evaluate(() => ({ scripts: document.scripts.length, images: document.images.length }))).toEqual({ scripts: 0, images: 0 });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('gives added and removed lines their own colours, in light and in dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open(pageUrl('logs/run 1.log'), { colorScheme });
      const colours = await page.evaluate(() => {
        const bg = (selector: string): string => getComputedStyle(document.querySelector(selector)!).backgroundColor;
        return { added: bg('tr.added td.code'), removed: bg('tr.removed td.code'), context: bg('tr.context td.code'), page: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.querySelector('tr.added td.code')!).color };
      });
      expect(new Set([colours.added, colours.removed, colours.context]).size, colorScheme).toBe(3);
      // The text stays the page's own (dark text on light, light on dark).
      const luminance = (rgb: string): number => rgb.match(/\d+/g)!.slice(0, 3).reduce((n, v) => n + Number(v), 0);
      expect(luminance(colours.text) < luminance(colours.page), colorScheme).toBe(colorScheme === 'light');
      await page.context().close();
    }
  }, 30_000);

  it('wraps long lines at 400 px: no sideways scroll, the line numbers stay in view', async () => {
    for (const file of FILES) {
      const { page, errors } = await open(pageUrl(file.path), { width: 400 });
      const facts = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        numbersInView: Array.from(document.querySelectorAll('td.ln')).every((td) => td.getBoundingClientRect().right <= innerWidth),
      }));
      expect(facts.scrollWidth, file.path).toBeLessThanOrEqual(400);
      expect(facts.numbersInView, file.path).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    }
    const { page } = await open(pageUrl('logs/run 1.log'), { width: 400 });
    const long = page.locator('td.code', { hasText: 'a-very-long-identifier' });
    const lineHeight = await long.evaluate((td) => parseFloat(getComputedStyle(td).lineHeight));
    expect((await long.boundingBox())!.height).toBeGreaterThan(3 * lineHeight);
    await page.context().close();
  }, 30_000);

  it('lists the changed cells of a CSV, and links both versions of the file', async () => {
    const { page, errors } = await open(pageUrl('metrics/scores.csv'));
    expect(await page.locator('table.cells tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as HTMLTableRowElement).cells).map((td) => td.textContent)))).toEqual([['1', 'loss', '0.31', '0.29']]);
    for (const [name, body] of [['base version', BASE_CSV], ['this version', HEAD_CSV]] as const) {
      const href = await page.locator('p.meta a', { hasText: name }).getAttribute('href');
      const res = await page.request.get(new URL(href!, page.url()).href);
      expect(res.status(), name).toBe(200);
      expect(await res.text()).toBe(body);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }, 30_000);
});

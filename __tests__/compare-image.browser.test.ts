/// <reference lib="dom" />
// (The DOM types are for the functions that run in the page.)
// An image's comparison page in Chromium (playwright-core): two versions of a plot (the base
// smaller, one series moved) compared by compareImages, the page rendered by renderImagePage and
// served with both images and the overlay, from two publications' folders, by a plain local HTTP
// server. Every image loads under the page's CSP (no console error, which is where a refused
// script or image shows), the swipe slider moves the cut between the two versions, the page
// works without JavaScript, fits 400 px, and shows a hostile file name as text. Skipped without
// Chromium unless REQUIRE_BROWSER=1. Screenshots (light at 1280 px, dark at 400 px) go to
// tmp/screenshots/compare-image/ for a reviewer.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { compareImages } from '../src/compare/image-diff.js';
import { imagePageView, overlayHref, renderImagePage } from '../src/compare/image-page.js';
import { comparePagePath, compareOverlayPath, COMPARE_DIR } from '../src/layout.js';
import { plotSvg } from './helpers/images.js';

const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const SKIP = !HAVE_CHROMIUM && !REQUIRE_BROWSER;
if (SKIP) console.warn(`compare-image.browser: skipping: ${CHROMIUM_PATH} does not exist (set REQUIRE_BROWSER=1 to fail instead)`);

const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'tmp', 'screenshots', 'compare-image');
const FILE = 'plots/<img src=x onerror=alert(1)>.png';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.png': 'image/png' };
const seg = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

/** Serves `root` as it is, like a bucket: the path decoded, nothing outside the root. */
function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(root + path.sep)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(SKIP)('the image comparison page in Chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let root = '';
  let url = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist`);
    root = await mkdtemp(path.join(tmpdir(), 'pto-compare-image-'));
    const svg = plotSvg(1000, 700, 4, 7);
    const moved = svg.replace(/<polyline[^>]*stroke="#2ca02c"/, (tag) => tag.replace('<polyline', '<polyline transform="translate(0,6)"'));
    const base = await sharp(Buffer.from(svg)).resize(800, 560).png().toBuffer();
    const head = await sharp(Buffer.from(moved)).png().toBuffer();
    const diff = await compareImages(sharp, base, head);
    const pagePath = comparePagePath(COMPARE_DIR, FILE);
    const files: Record<string, Buffer | string> = {
      [`base-run/unit/${FILE}`]: base,
      [`head-run/unit/${FILE}`]: head,
      [`head-run/unit/${compareOverlayPath(COMPARE_DIR, FILE)}`]: diff.overlay,
    };
    // Links relative to the page, as the publication writes them: up to its publication's root.
    const up = '../'.repeat(pagePath.split('/').length - 1);
    const view = imagePageView(
      {
        title: `${FILE} · changes · unit`,
        testName: 'unit',
        path: FILE,
        breadcrumbs: [{ name: 'unit', href: `${up}index.html` }],
        baseLabel: 'main @ 2f1e4c9 (run #120)',
        baseHref: `../${up}../base-run/unit/${seg(FILE)}`,
        headHref: `${up}${seg(FILE)}`,
      },
      diff,
      overlayHref(FILE),
    );
    files[`head-run/unit/${pagePath}`] = renderImagePage(view);
    for (const [rel, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), body);
    }
    server = await serve(root);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/head-run/unit/${seg(pagePath)}`;
    browser = await launchChromium({ timeout: 20_000 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Opens the page in a fresh context; what it logged as errors, and any dialog it opened. */
  async function open(options: { javaScriptEnabled?: boolean; width?: number; dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser!.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1280, height: 900 }, colorScheme: options.dark ? 'dark' : 'light' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('response', (r) => {
      if (r.status() !== 200) errors.push(`${r.status()} ${r.url()}`);
    });
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
    return { page, errors };
  }

  const images = (page: Page) =>
    page.evaluate(() => Array.from(document.images).map((img) => ({ cls: img.className, src: img.getAttribute('src'), naturalWidth: img.naturalWidth, shown: img.getBoundingClientRect().width > 0 })));

  it('loads both versions and the overlay under its CSP, with no error', async () => {
    const { page, errors } = await open();
    const loaded = await images(page);
    expect(loaded).toHaveLength(5);
    expect(loaded.filter((i) => i.naturalWidth === 0)).toEqual([]);
    expect(new Set(loaded.map((i) => i.naturalWidth))).toEqual(new Set([800, 1000]));
    expect(loaded.filter((i) => i.src?.endsWith('.diff.png'))).toHaveLength(1);
    expect(await page.textContent('.verdict strong')).toMatch(/^\d+\.\d\d% of pixels differ$/);
    expect(await page.textContent('.meta:has-text("scaling")')).toBe('compared after scaling: base 800×560, this 1000×700');
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'light-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the slider moves the cut: the base left of it, this version right of it', async () => {
    const { page, errors } = await open();
    expect(await page.isVisible('section.swipe')).toBe(true);
    /** The cut's place (0..1 of the frame) and which image is hit either side of it. */
    const probe = () =>
      page.evaluate(() => {
        const frame = document.querySelector('.swipe-frame')!.getBoundingClientRect();
        const line = document.querySelector('.swipe-line')!.getBoundingClientRect();
        const at = (fx: number) => document.elementFromPoint(frame.left + frame.width * fx, frame.top + frame.height / 2)?.className;
        return { cut: (line.left + line.width / 2 - frame.left) / frame.width, at10: at(0.1), at90: at(0.9) };
      });
    await page.locator('section.swipe').scrollIntoViewIfNeeded();
    expect(await probe()).toMatchObject({ at10: 'swipe-base', at90: 'swipe-head' });
    expect((await probe()).cut).toBeCloseTo(0.5, 2);
    await page.fill('section.swipe input[type="range"]', '95');
    expect(await probe()).toMatchObject({ at10: 'swipe-base', at90: 'swipe-base' });
    expect((await probe()).cut).toBeCloseTo(0.95, 2);
    await page.fill('section.swipe input[type="range"]', '5');
    expect(await probe()).toMatchObject({ at10: 'swipe-head', at90: 'swipe-head' });
    // Keyboard: the range input is the control, so arrows move it too.
    await page.focus('section.swipe input[type="range"]');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    expect((await probe()).cut).toBeCloseTo(0.15, 2);
    expect(await page.evaluate(() => document.querySelector<HTMLImageElement>('.swipe-base')!.naturalWidth)).toBe(800);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('without JavaScript shows both versions side by side and the overlay, no swipe', async () => {
    const { page, errors } = await open({ javaScriptEnabled: false });
    expect(await page.isVisible('section.swipe')).toBe(false);
    const shown = (await images(page)).filter((i) => i.shown);
    expect(shown.map((i) => i.naturalWidth > 0)).toEqual([true, true, true]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the hostile file name as text, runs nothing of it, and fits 400 px', async () => {
    const { page, errors } = await open({ width: 400, dark: true });
    expect(await page.textContent('h1')).toBe(FILE);
    expect(await page.title()).toBe(`${FILE} · changes · unit`);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    // One column of images at this width, each within the page.
    const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('.pair img')).map((img) => img.getBoundingClientRect().right));
    expect(boxes.every((right) => right <= 400)).toBe(true);
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'dark-400.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

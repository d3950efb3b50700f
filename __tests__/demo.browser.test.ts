// `npm run demo` shows what a reviewer meets (issue 18): the three URLs it prints — the browse
// URL, the job summary and the pull-request comment — open in Chromium; the comment page shows
// the comment the action posted (its heading, its "Browse the outputs" link, its thumbnails)
// and every link and image on the summary and comment pages resolves on the S3 server; no page
// runs script or breaks its Content-Security-Policy.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const SKIP = !HAVE_CHROMIUM && !REQUIRE_BROWSER;
const SKIP_REASON = `${CHROMIUM_PATH} does not exist (apt-get install chromium, or set CHROMIUM_PATH)`;
if (SKIP) console.warn(`demo.browser: skipped: ${SKIP_REASON}`);

describe.skipIf(SKIP)('the demo’s pages in Chromium', () => {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: ROOT, env: { ...process.env, DEMO_PORT: '0' } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let browser: Browser | undefined;
  const urls = { browse: '', summary: '', comment: '' };

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`REQUIRE_BROWSER=1 but ${SKIP_REASON}`);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => {
        if (stdout.includes('serving until Ctrl-C')) resolve();
      });
      void exited.then(() => reject(new Error(`the demo exited:\n${stdout}`)));
    });
    urls.browse = /Open in a browser:\s+(http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    urls.summary = /job summary:\s+(http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    urls.comment = /pull-request comment:\s+(http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    browser = await launchChromium({ timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    child.kill('SIGTERM');
    await exited;
  });

  async function open(url: string) {
    const context = await browser!.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    return { page, context, problems };
  }

  it('prints the three URLs, and each opens', async () => {
    expect(urls.browse).toMatch(/\/index\.html$/);
    expect(urls.summary).toMatch(/\/summary\.html$/);
    expect(urls.comment).toMatch(/\/comment\.html$/);
    for (const url of Object.values(urls)) {
      const { page, context, problems } = await open(url);
      expect(await page.title(), url).not.toBe('');
      expect(problems, `${url}: ${problems.join('; ')}`).toEqual([]);
      await context.close();
    }
  });

  it('shows the posted comment, and its links and images resolve', async () => {
    const { page, context, problems } = await open(urls.comment);
    const article = page.locator('article.markdown');
    await expect.poll(() => article.locator('h3').textContent()).toBe('Test outputs: demo suite');
    const browse = article.getByRole('link', { name: 'Browse the outputs' });
    expect(await browse.getAttribute('href')).toBe(urls.browse);
    expect(await article.textContent()).toMatch(/\d+ files/);
    // The marker comment the action finds its own comment by is not shown.
    expect(await article.innerHTML()).not.toContain('<!--');
    type Img = { src: string; naturalWidth: number; getBoundingClientRect(): { height: number } };
    const images = await article.locator('img').evaluateAll((els) => els.map((e) => ({ src: (e as unknown as Img).src, w: (e as unknown as Img).naturalWidth, h: (e as unknown as Img).getBoundingClientRect().height })));
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) {
      expect(img.w, `${img.src} loads`).toBeGreaterThan(0);
      // Thumbnails keep the height the comment gives them, as on GitHub.
      expect(img.h, `${img.src} is a thumbnail`).toBeLessThanOrEqual(121);
    }
    const hrefs = await article.locator('a[href]').evaluateAll((els) => els.map((e) => (e as unknown as { href: string }).href));
    const local = hrefs.filter((h) => h.startsWith(new URL(urls.comment).origin));
    expect(local.length).toBeGreaterThan(1);
    for (const href of local) expect((await fetch(href)).status, href).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the job summary with its table, and its links resolve', async () => {
    const { page, context, problems } = await open(urls.summary);
    const article = page.locator('article.markdown');
    expect(await article.locator('h3').first().textContent()).toBe('Test outputs: demo suite');
    expect(await article.locator('table').count()).toBeGreaterThan(0);
    const hrefs = await article.locator('a[href]').evaluateAll((els) => els.map((e) => (e as unknown as { href: string }).href));
    const local = hrefs.filter((h) => h.startsWith(new URL(urls.summary).origin));
    expect(local).toContain(urls.browse);
    for (const href of local) expect((await fetch(href)).status, href).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });
});

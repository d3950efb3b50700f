// `html: text` against a real S3 server and in Chromium: HTML, SVG, XHTML and XML written by
// untrusted code are stored as text/plain and run no script when a reviewer opens them, while
// the generated pages stay HTML. The same files with `html: render` do run (the control).
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { runAction } from '../scripts/run-action.mjs';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const SKIP_BROWSER = !existsSync(CHROMIUM_PATH) && process.env['REQUIRE_BROWSER'] !== '1';

// Each file, opened on its own, would call alert() with its name if the browser ran it.
const ACTIVE: Record<string, string> = {
  'report/index.html': '<!doctype html><title>report</title><script>alert("report/index.html")</script>',
  'page.htm': '<body onload="alert(\'page.htm\')">',
  'plot.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'plot.svg\')"><circle r="5"/></svg>',
  'page.xhtml': '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert("page.xhtml")</script></body></html>',
  'data.xml': '<?xml version="1.0"?><root><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert("data.xml")</h:script></root>',
};

let target: S3Target;
let workspace: string;
let bucket: string;
const urls = { text: '', render: '', rootText: '' };

async function publish(prefix: string, html: string, dir = 'out'): Promise<string> {
  const run = await runAction({ cwd: workspace, inputs: { bucket, path: dir, 'test-name': `html ${html}`, prefix, html }, env: target.env() });
  expect(run.code, run.stdout).toBe(0);
  return run.outputs['url']!;
}

const contentType = async (key: string): Promise<string | undefined> => (await target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentType;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-html-text-'));
  for (const [name, body] of Object.entries({ ...ACTIVE, 'notes.txt': 'notes\n' })) {
    await mkdir(path.dirname(path.join(workspace, 'out', name)), { recursive: true });
    await writeFile(path.join(workspace, 'out', name), body);
  }
  await mkdir(path.join(workspace, 'site'));
  await writeFile(path.join(workspace, 'site/index.html'), ACTIVE['report/index.html']!);
  await writeFile(path.join(workspace, 'site/app.js'), 'alert("app.js")\n');
  bucket = await target.createBucket();
  urls.text = await publish('text', 'text');
  urls.render = await publish('render', 'render');
  urls.rootText = await publish('root', 'text', 'site');
}, 120_000);
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

describe(`html: text on ${process.env['PTO_S3_ENDPOINT'] ? 'the external server' : 'the embedded s3rver'}`, () => {
  it('stores HTML, SVG, XHTML and XML as text/plain, and the generated pages as HTML', async () => {
    for (const name of Object.keys(ACTIVE)) expect(await contentType(`text/${name}`), name).toBe('text/plain; charset=utf-8');
    expect(await contentType('text/notes.txt')).toBe('text/plain; charset=utf-8');
    for (const page of ['text/index.html', 'text/report/_listing.html']) expect(await contentType(page), page).toBe('text/html; charset=utf-8');
  });

  it('leaves them as they are with html: render', async () => {
    expect(await contentType('render/report/index.html')).toBe('text/html; charset=utf-8');
    expect(await contentType('render/plot.svg')).toBe('image/svg+xml');
    expect(await contentType('render/page.xhtml')).toBe('application/xhtml+xml');
  });

  it("points the browse URL at the root's listing when the root's own index.html is shown as text", async () => {
    expect(urls.rootText).toMatch(/\/root\/_listing\.html$/);
    expect(await contentType('root/_listing.html')).toBe('text/html; charset=utf-8');
    expect(await contentType('root/index.html')).toBe('text/plain; charset=utf-8');
    expect(urls.text).toMatch(/\/text\/index\.html$/);
  });
});

describe.skipIf(SKIP_BROWSER)('html: text in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens each file on its own and returns the alerts raised, and what each page showed. */
  async function open(base: string): Promise<{ alerts: string[]; shown: Map<string, { type: string; text: string }> }> {
    const page = await browser.newPage();
    const alerts: string[] = [];
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    const shown = new Map<string, { type: string; text: string }>();
    for (const name of Object.keys(ACTIVE)) {
      await page.goto(base + name.split('/').map(encodeURIComponent).join('/'));
      await page.waitForTimeout(150);
      // A string: the test's tsconfig has no DOM types; it runs in the page.
      shown.set(name, (await page.evaluate("({ type: document.contentType, text: document.body?.innerText ?? document.documentElement.textContent ?? '' })")) as { type: string; text: string });
    }
    await page.close();
    return { alerts, shown };
  }

  it('runs none of their scripts and shows their source', async () => {
    const { alerts, shown } = await open(urls.text.replace(/index\.html$/, ''));
    expect(alerts).toEqual([]);
    for (const [name, body] of Object.entries(ACTIVE)) {
      expect(shown.get(name)?.type, name).toBe('text/plain');
      expect(shown.get(name)?.text, name).toContain(body);
    }
  }, 60_000);

  it('runs them with html: render (so the test above can see a script run)', async () => {
    const { alerts } = await open(urls.render.replace(/index\.html$/, ''));
    expect(alerts.sort()).toEqual(Object.keys(ACTIVE).sort());
  }, 60_000);

  it('still opens the generated listing of a root whose index.html is text', async () => {
    const page = await browser.newPage();
    await page.goto(urls.rootText);
    expect(await page.evaluate('document.contentType')).toBe('text/html');
    expect(await page.getByRole('link', { name: 'index.html', exact: true }).count()).toBe(1);
    await page.close();
  }, 30_000);
});

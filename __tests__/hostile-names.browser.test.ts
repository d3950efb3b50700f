// Hostile file names published by the built action and opened in Chromium: each shows as text,
// no script runs (no dialog), and each link opens the right object.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../scripts/local-s3.mjs';
import { localS3Env, runAction } from '../scripts/run-action.mjs';

const SKIP = !existsSync(CHROMIUM_PATH) && process.env['REQUIRE_BROWSER'] !== '1';

// Names a file system allows and a careless page would turn into markup or broken links.
const NAMES = [
  '<img src=x onerror=alert(1)>.txt',
  '"\'><script>alert(2).txt',
  'a#b?c%d+e&f.txt',
  'sp ace.txt',
  'caf\u00e9-nfc.txt',
  'cafe\u0301-nfd.txt',
  '100%25.txt',
  '<svg onload=alert(3)>',
];
const DIR = '<i>dir & "more"';

describe.skipIf(SKIP)('hostile names in the published pages', () => {
  let server: LocalS3;
  let browser: Browser;
  let workspace: string;
  let rootUrl = '';

  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'pto-hostile-'));
    await mkdir(path.join(workspace, 'out', DIR), { recursive: true });
    for (const name of NAMES) await writeFile(path.join(workspace, 'out', DIR, name), `content of ${name}\n`);
    await writeFile(path.join(workspace, 'out/top.txt'), 'top\n');
    server = await startLocalS3({ buckets: ['hostile'] });
    const run = await runAction({
      cwd: workspace,
      inputs: { bucket: 'hostile', path: 'out', 'test-name': '<script>alert("test")</script>', prefix: 'h' },
      env: localS3Env(server),
    });
    expect(run.code, run.stdout).toBe(0);
    rootUrl = run.outputs['url']!;
    expect(run.summary).not.toContain('<script>');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(workspace, { recursive: true, force: true });
  });

  it('show every name as text, run no script, and open the right object from each link', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(rootUrl);
    expect(await page.locator('h1').innerText()).toBe('<script>alert("test")</script>');
    await page.getByRole('link', { name: `${DIR}/`, exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toBe(DIR);
    for (const name of NAMES) {
      const link = page.getByRole('link', { name, exact: true });
      expect(await link.count(), name).toBe(1);
      const href = await link.evaluate((a) => (a as unknown as { href: string }).href);
      const res = await page.request.get(href);
      expect(res.status(), name).toBe(200);
      expect(await res.text(), name).toBe(`content of ${name}\n`);
    }
    expect(await page.locator('script:not(:last-of-type), img[src="x"], svg').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
  }, 30_000);
});

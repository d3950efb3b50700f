// A stable link opened in a real browser (Debian's Chromium, playwright-core): two pushes to
// main published by the built action to the embedded S3 server; the `latest-url` output opens,
// through the page's meta refresh alone (its CSP allows no script), the newer run's root page,
// and that page's "latest on this branch" link comes back to the same place.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { startLocalS3 } from '../scripts/local-s3.mjs';
import { localS3Env, runAction } from '../scripts/run-action.mjs';

const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const SKIP = !existsSync(CHROMIUM_PATH) && !REQUIRE_BROWSER;
if (SKIP) console.warn(`stable-links.browser: skipping: ${CHROMIUM_PATH} does not exist (set REQUIRE_BROWSER=1 to fail instead)`);

describe.skipIf(SKIP)('a stable link in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLocalS3>> | undefined;
  let browser: Browser | undefined;
  let root = '';
  beforeAll(async () => {
    server = await startLocalS3({ buckets: ['stable-browser'] });
    root = await mkdtemp(path.join(tmpdir(), 'pto-stable-browser-'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function push(runId: string): Promise<Record<string, string>> {
    const ws = path.join(root, runId);
    await mkdir(path.join(ws, 'out'), { recursive: true });
    await writeFile(path.join(ws, 'out', 'result.txt'), `run ${runId}\n`);
    const env = { ...localS3Env(server!), GITHUB_RUN_ID: runId, GITHUB_EVENT_NAME: 'push', GITHUB_HEAD_REF: '', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };
    const run = await runAction({ cwd: ws, inputs: { bucket: 'stable-browser', path: 'out', 'test-name': 'unit', comment: 'off' }, env });
    expect(run.code, run.stdout).toBe(0);
    return run.outputs;
  }

  it('opens the newest publication of the branch, and its root page links back to the link', async () => {
    const first = await push('3000');
    const second = await push('3001');
    expect(second['latest-url']).toBe(first['latest-url']);

    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(second['latest-url']!);
    await page.waitForURL(second['url']!, { timeout: 10_000 });
    await expect.poll(() => page.locator('h1').textContent()).toBe('unit');
    await page.getByRole('link', { name: 'latest on this branch' }).click();
    await page.waitForURL(second['url']!, { timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});

// A pull request's outputs compared with main's, end to end: the built action publishes a push
// to main (a.png, b.log, c.csv, d.txt and a photo over the image cap) to the embedded S3 server,
// then a pull_request run where a.png has other pixels, b.log other lines, c.csv is the same,
// d.txt is gone and e.txt is new. The outputs and the comment (on a local server shaped like
// GitHub's API) say 2 changed · 1 added · 1 removed; in Chromium the root page lists them, the
// image page shows both images and a non-empty difference, the log's page the changed lines.
// A push re-run with the same outputs (the photo compressed again) reports no change;
// fail-on-change fails with the list; compare: off writes no comparison.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { startLocalS3 } from '../scripts/local-s3.mjs';
import { localS3Env, runAction, type ActionRun } from '../scripts/run-action.mjs';
import { ACTIONS_TOKEN, startGithubApi, type GithubApi } from './helpers/github-api.js';

const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const SKIP = !existsSync(CHROMIUM_PATH) && !REQUIRE_BROWSER;
if (SKIP) console.warn(`compare.browser: skipping: ${CHROMIUM_PATH} does not exist (set REQUIRE_BROWSER=1 to fail instead)`);

const BUCKET = 'compare-browser';
const REPO = 'octo-org/octo-repo';
const MAIN_SHA = 'a'.repeat(40);
const PR_SHA = 'b'.repeat(40);

/** A plot: a white canvas with a dark bar at `x`. */
function plot(x: number): Promise<Buffer> {
  const bar = { input: { create: { width: 40, height: 120, channels: 3 as const, background: '#223366' } }, left: x, top: 20 };
  return sharp({ create: { width: 320, height: 160, channels: 3, background: '#ffffff' } }).composite([bar]).png().toBuffer();
}

/** A photo-like image (noise) far over a 30 KB cap, so that every run compresses it anew. */
function photo(): Promise<Buffer> {
  const raw = Buffer.alloc(400 * 300 * 3);
  let seed = 7;
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (seed >> 16) & 0xff;
  }
  return sharp(raw, { raw: { width: 400, height: 300, channels: 3 } }).png().toBuffer();
}

const LOG_BASE = Array.from({ length: 40 }, (_, i) => `step ${i + 1}: ok`).join('\n') + '\n';
const LOG_PR = LOG_BASE.replace('step 20: ok', 'step 20: ERROR timeout after 30 s').replace('step 31: ok\n', '');

describe.skipIf(SKIP)('a pull request compared with main, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startLocalS3>> | undefined;
  let api: GithubApi | undefined;
  let browser: Browser | undefined;
  let root = '';
  let runs = 0;
  beforeAll(async () => {
    server = await startLocalS3({ buckets: [BUCKET] });
    api = await startGithubApi();
    root = await mkdtemp(path.join(tmpdir(), 'pto-compare-browser-'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function workspace(files: Record<string, string | Buffer>): Promise<string> {
    const ws = path.join(root, `ws-${++runs}`);
    await mkdir(path.join(ws, 'out'), { recursive: true });
    for (const [name, body] of Object.entries(files)) await writeFile(path.join(ws, 'out', name), body);
    return ws;
  }

  async function run(ws: string, event: 'push' | 'pr', runId: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
    const payload =
      event === 'pr'
        ? { pull_request: { number: 42, title: 'Move the bar', html_url: `https://github.com/${REPO}/pull/42`, head: { sha: PR_SHA, ref: 'feature/bar' }, base: { sha: MAIN_SHA, ref: 'main' } } }
        : {};
    await writeFile(path.join(ws, 'event.json'), JSON.stringify(payload));
    const env = {
      ...localS3Env(server!),
      GITHUB_API_URL: api!.url,
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_NUMBER: String(Number(runId) - 5000 + 100),
      GITHUB_EVENT_PATH: path.join(ws, 'event.json'),
      ...(event === 'pr'
        ? { GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: PR_SHA, GITHUB_HEAD_REF: 'feature/bar', GITHUB_BASE_REF: 'main', GITHUB_REF: 'refs/pull/42/merge', GITHUB_REF_NAME: '42/merge' }
        : { GITHUB_EVENT_NAME: 'push', GITHUB_SHA: MAIN_SHA, GITHUB_HEAD_REF: '', GITHUB_BASE_REF: '', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' }),
    };
    return runAction({ cwd: ws, inputs: { bucket: BUCKET, path: 'out', 'test-name': 'unit', 'max-image-size': '30KB', 'github-token': ACTIONS_TOKEN, ...inputs }, env });
  }

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    return { page, errors };
  }

  it('lists 2 changed, 1 added, 1 removed; the image and log pages show the differences; a same-output re-run shows none', async () => {
    const base = await workspace({ 'a.png': await plot(40), 'b.log': LOG_BASE, 'c.csv': 'x,y\n1,2\n3,4\n', 'd.txt': 'gone soon\n', 'photo.png': await photo() });
    const pushed = await run(base, 'push', '5000');
    expect(pushed.code, pushed.stdout).toBe(0);

    // GitHub's compare API gives the merge base: main's commit, which run 5000 published.
    api!.mergeBases.set(`${MAIN_SHA}...${PR_SHA}`, MAIN_SHA);
    const pr = await workspace({ 'a.png': await plot(160), 'b.log': LOG_PR, 'c.csv': 'x,y\n1,2\n3,4\n', 'e.txt': 'new\n', 'photo.png': await photo() });
    const proposed = await run(pr, 'pr', '5001');
    expect(proposed.code, proposed.stdout).toBe(0);
    expect(proposed.outputs['changed-count']).toBe('2');
    expect(proposed.outputs['added-count']).toBe('1');
    expect(proposed.outputs['removed-count']).toBe('1');
    const comment = api!.comments.get(42)?.[0]?.body ?? '';
    // The run number's `#` is kept from GitHub's issue references (github/text.ts safeText).
    expect(comment).toContain('2 changed · 1 added · 1 removed</a> since <code>main @ aaaaaaa (run #\u200B100)</code>');
    expect(proposed.summary).toContain('2 changed · 1 added · 1 removed');

    const { page, errors } = await open(proposed.outputs['url']!);
    const section = page.locator('#changes');
    await expect.poll(() => section.locator('h2').textContent()).toBe('Changes since main @ aaaaaaa (run #100)');
    expect(await section.textContent()).toContain('2 changed · 1 added · 1 removed · 2 unchanged');
    expect(await section.textContent()).toContain('at the merge base of pull request #42');
    const changed = await section.locator('table tbody tr td.name').allTextContents();
    expect(changed).toEqual(['a.png', 'b.log']);
    expect(await section.locator('ul.changes-list li a').allTextContents()).toEqual(['e.txt', 'd.txt']);

    // The image's page: both versions and the overlay load, and some pixels differ.
    await section.getByRole('link', { name: 'a.png' }).click();
    await page.waitForLoadState('load');
    const images = page.locator('main img');
    expect(await images.count()).toBeGreaterThanOrEqual(3);
    for (const img of await images.all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    }
    const share = /([\d.]+)% of pixels differ/.exec((await page.locator('main').textContent()) ?? '');
    expect(share, await page.content()).not.toBeNull();
    expect(Number(share![1])).toBeGreaterThan(1);

    // The log's page: the changed and the removed line, with their numbers.
    await page.goBack();
    await section.getByRole('link', { name: 'b.log' }).click();
    await page.waitForLoadState('load');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('step 20: ERROR timeout after 30 s');
    expect(text).toContain('step 31: ok');
    expect(text).toContain('+1 −2 lines');
    expect(errors).toEqual([]);
    await page.close();

    // The same outputs again on main: the photo is compressed anew, and nothing changed.
    const again = await run(await workspace({ 'a.png': await plot(40), 'b.log': LOG_BASE, 'c.csv': 'x,y\n1,2\n3,4\n', 'd.txt': 'gone soon\n', 'photo.png': await photo() }), 'push', '5002');
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toMatch(/compressed 1 images/);
    expect([again.outputs['changed-count'], again.outputs['added-count'], again.outputs['removed-count']]).toEqual(['0', '0', '0']);
  });

  it('fail-on-change fails the step with the list; compare: off compares nothing', async () => {
    const pr = await workspace({ 'a.png': await plot(200), 'c.csv': 'x,y\n1,2\n3,5\n' });
    const failed = await run(pr, 'pr', '5010', { 'fail-on-change': 'true', comment: 'off' });
    expect(failed.code).not.toBe(0);
    const error = failed.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain('fail-on-change: 2 changed · 3 removed since main');
    expect(error).toContain('changed: a.png');
    expect(error).toContain('removed: d.txt');
    expect(failed.outputs['url']).toBeTruthy();

    const off = await run(pr, 'pr', '5011', { compare: 'off', comment: 'off' });
    expect(off.code, off.stdout).toBe(0);
    expect(off.outputs['changed-count']).toBeUndefined();
    const { page } = await open(off.outputs['url']!);
    expect(await page.locator('#changes').count()).toBe(0);
    const listing = await fetch(`${server!.endpoint}/${BUCKET}?list-type=2&prefix=${encodeURIComponent(`${off.outputs['prefix']!}/_compare`)}`);
    expect(await listing.text()).not.toContain('<Key>');
    await page.close();
  });
});

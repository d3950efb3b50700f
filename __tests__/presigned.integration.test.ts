// link-mode presigned, for private buckets: the browse URL and every link of every page are
// presigned GET URLs, so a reviewer reaches every file and page from the root link, while the
// same URLs without their signature are refused (on RGW, which enforces private buckets).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let workspace: string;
let bucket: string;
let run: ActionRun;
const FILES: Record<string, string> = {
  'result.txt': 'ok\n',
  'logs/run 1.log': 'line 1\n',
  'logs/deep/a+b #1.txt': 'deep\n',
  'report/index.html': '<!doctype html><title>report</title><link rel="stylesheet" href="style.css"><p>my report</p>\n',
  'report/style.css': 'p { color: green }\n',
};

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-presigned-'));
  for (const [rel, body] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(workspace, 'out', rel)), { recursive: true });
    await writeFile(path.join(workspace, 'out', rel), body);
  }
  bucket = await target.createBucket({ private: true });
  run = await runAction({
    cwd: workspace,
    inputs: { bucket, path: 'out', 'test-name': 'private', 'link-mode': 'presigned', 'presign-expiry': '2h' },
    env: target.env(),
  });
}, 60_000);

afterAll(async () => {
  await target.deleteBucket(bucket);
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('link-mode presigned', () => {
  it('succeeds, gives a presigned browse URL and says when the links expire', () => {
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    const url = new URL(run.outputs['url']!);
    expect(url.pathname).toMatch(/\/index\.html$/);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('7200');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(run.summary).toMatch(/presigned links to a private bucket: they stop working at <strong>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/strong>/);
    expect(run.stdout).not.toContain('Update the index pages above the prefix');
  });

  it('reaches every file and page from the root link, every link presigned', async () => {
    const queue = [run.outputs['url']!];
    const seen = new Set(queue);
    const reached = new Set<string>();
    while (queue.length > 0) {
      const url = queue.shift()!;
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      const key = decodeURIComponent(new URL(url).pathname).replace(new RegExp(`^/${bucket}/`), '');
      reached.add(key);
      const body = await res.text();
      if (!(key.endsWith('index.html') || key.endsWith('_listing.html')) || key.endsWith('report/index.html')) continue;
      for (const [, raw] of body.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
        const link = raw!.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
        if (link.startsWith('https://github.com/')) continue;
        expect(link, 'links on presigned pages are absolute and signed').toMatch(/^https?:\/\/.*X-Amz-Signature=/);
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
    const prefix = 'octo-org/octo-repo/1658821493-1/private';
    for (const [rel, body] of Object.entries(FILES)) {
      expect(reached.has(`${prefix}/${rel}`), `${rel} reached`).toBe(true);
      expect(await readFile(path.join(workspace, 'out', rel), 'utf8')).toBe(body);
    }
    for (const page of ['index.html', 'logs/index.html', 'logs/deep/index.html', 'report/_listing.html', 'manifest.json']) {
      expect(reached.has(`${prefix}/${page}`), `${page} reached`).toBe(true);
    }
  });

  it('warns once that the HTML report\'s own links cannot be presigned, naming it; the root page says it needs read access', async () => {
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::link-mode presigned'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^::warning::link-mode presigned: an HTML report loads its own files \(styles, scripts, images, pages\) through relative links, which cannot be presigned, so those answer 403 and the report shows broken: report\/\. For private reports, put a CDN/);
    const root = await (await fetch(run.outputs['url']!)).text();
    expect(root).toMatch(/<strong>open report<\/strong><\/a> <small>\(needs read access to the bucket\)<\/small>/);
  });

  // What the warning is about: the report's stylesheet, by the report's own relative link.
  it.skipIf(!process.env['PTO_S3_ENDPOINT'])('the report\'s own relative link is refused (private bucket)', async () => {
    const signed = new URL(run.outputs['url']!);
    const reportUrl = new URL('report/index.html', `${signed.origin}${signed.pathname}`);
    expect((await fetch(new URL('style.css', reportUrl))).status).toBe(403);
  });

  // s3rver serves every object to anyone; RGW enforces the private bucket.
  it.skipIf(!process.env['PTO_S3_ENDPOINT'])('refuses the same URLs without their signature (private bucket)', async () => {
    const signed = run.outputs['url']!;
    const bare = signed.slice(0, signed.indexOf('?'));
    expect((await fetch(bare)).status).toBe(403);
    expect((await fetch(signed)).status).toBe(200);
  });

  // Temporary credentials (a session token with an expiration, as configure-aws-credentials
  // exports) end the links early. RGW would refuse the made-up session token; s3rver ignores it.
  it.skipIf(!!process.env['PTO_S3_ENDPOINT'])('reports the real expiry when temporary credentials end the links early, and warns', async () => {
    const expiration = new Date(Date.now() + 30 * 60 * 1000);
    const short = await runAction({
      cwd: workspace,
      inputs: { bucket, path: 'out', 'test-name': 'short', 'link-mode': 'presigned' },
      env: { ...target.env(), AWS_SESSION_TOKEN: 'session-token-for-test', AWS_CREDENTIAL_EXPIRATION: expiration.toISOString() },
    });
    expect(short.code, short.stdout).toBe(0);
    const shown = expiration.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    expect(short.stdout).toMatch(new RegExp(`::warning::the links expire at ${shown}, when the temporary credentials that sign them expire`));
    expect(short.summary).toContain(`they stop working at <strong>${shown}</strong>`);
    // The token is registered as a secret (the runner masks it) and appears nowhere else but
    // inside the presigned URLs, which carry it by design (X-Amz-Security-Token).
    const elsewhere = short.stdout.replace('::add-mask::session-token-for-test', '').replace(/X-Amz-Security-Token=session-token-for-test/g, '');
    expect(elsewhere).not.toContain('session-token-for-test');
  });

  it('rejects an expiry over 7 days with a clear message', async () => {
    const bad = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'x', 'link-mode': 'presigned', 'presign-expiry': '8d' }, env: target.env() });
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/::error::input `presign-expiry` is '8d': presigned links live at most 7 days/);
  });
});

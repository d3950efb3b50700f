// Folder URLs without index.html (issue 18, README "Folder URLs"): the action writes no key
// ending in "/" (S3 tools take such a key for a folder: `aws s3 sync` exits 1 on a non-empty one),
// so on a plain REST endpoint `…/plots/` answers S3's error XML (404 NoSuchKey, or 403
// AccessDenied without s3:ListBucket) while `…/plots/index.html` opens,
// which is what the README says; and, against an external server (RGW in CI) where aws-cli is
// installed, `aws s3 sync` downloads the publication and exits 0.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const AWS = '/usr/bin/aws';

describe('folder URLs', () => {
  let target: S3Target;
  let bucket = '';
  let base = '';
  let prefix = '';

  beforeAll(async () => {
    target = await s3Target();
    bucket = await target.createBucket();
    const run = await runAction({ cwd: ROOT, inputs: { bucket, path: '__fixtures__/outputs', 'test-name': 'folder urls' }, env: target.env() });
    expect(run.code, run.stderr).toBe(0);
    base = run.outputs['url']!.replace(/index\.html$/, '');
    prefix = run.outputs['prefix']!;
  }, 120_000);

  afterAll(async () => {
    await target.close();
  });

  it('writes no key that ends in "/"', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await target.client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys).toContain(`${prefix}/plots/index.html`);
    expect(keys.filter((k) => k.endsWith('/'))).toEqual([]);
  });

  it('answers an S3 error for …/plots/ on the REST endpoint, and the page at …/plots/index.html', async () => {
    // 404 NoSuchKey (s3rver); 403 AccessDenied where the bucket policy grants s3:GetObject but
    // not s3:ListBucket (RGW, and AWS, with the usual public-read policy): an error, not the page.
    const folder = await fetch(`${base}plots/`);
    const body = await folder.text();
    expect([403, 404]).toContain(folder.status);
    expect(body).toMatch(folder.status === 404 ? /<Code>NoSuchKey<\/Code>/ : /<Code>AccessDenied<\/Code>/);
    expect(body).not.toContain('<html');
    const page = await fetch(`${base}plots/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it.runIf(targetIsExternal() && existsSync(AWS))('leaves `aws s3 sync` working: it downloads the publication and exits 0', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-sync-'));
    try {
      await promisify(execFile)(AWS, ['s3', 'sync', `s3://${bucket}/${prefix}`, dir, '--endpoint-url', target.endpoint, '--no-progress'], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: target.accessKeyId, AWS_SECRET_ACCESS_KEY: target.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1' },
        timeout: 60_000,
      });
      const files = (await readdir(dir, { recursive: true })).map(String);
      expect(files).toContain(path.join('plots', 'index.html'));
      expect(files).toContain('manifest.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

/** aws-cli hangs against the embedded s3rver (seen with aws-cli 1.45 and 2.9), so it runs against an external server only. */
function targetIsExternal(): boolean {
  return Boolean(process.env['PTO_S3_ENDPOINT']);
}

// Upload paths that the fixtures do not reach: multipart streaming of a large file, and a file
// the server refuses while the others go through. The built action runs against a real S3
// server (embedded, or RGW with PTO_S3_ENDPOINT), through a real HTTP proxy for the faults.
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { startProxy } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-ws-'));
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('uploads', () => {
  it('streams a file over the multipart threshold in parts and stores it byte-exact', async () => {
    const bucket = await target.createBucket();
    const big = randomBytes(20 * 1024 * 1024 + 12345);
    await mkdir(path.join(workspace, 'big/out'), { recursive: true });
    await writeFile(path.join(workspace, 'big/out/capture.bin'), big);
    await writeFile(path.join(workspace, 'big/out/small.txt'), 'small\n');
    const proxy = await startProxy(target.endpoint);
    const run = await runAction({
      cwd: workspace,
      inputs: { bucket, path: 'big/out', 'test-name': 'big', prefix: 'big' },
      env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxy.endpoint },
    }).finally(() => proxy.close());
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(run.outputs['files']).toBe('2');
    expect(Number(run.outputs['bytes'])).toBe(big.length + 6);
    const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big/capture.bin' }));
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(big));
    expect(got.ContentType).toBe('application/octet-stream');
    expect(got.Metadata?.['original-size']).toBe(String(big.length));
    // 20 MiB in 8 MiB parts: initiated, three parts, completed; the small file in one PUT.
    const bigRequests = proxy.requests.filter((r) => r.includes('capture.bin'));
    expect(bigRequests.filter((r) => r.startsWith('POST') && /[?&]uploads/.test(r))).toHaveLength(1);
    expect(bigRequests.filter((r) => r.startsWith('PUT') && /[?&]partNumber=/.test(r))).toHaveLength(3);
    expect(bigRequests.filter((r) => r.startsWith('POST') && /[?&]uploadId=/.test(r))).toHaveLength(1);
    // s3rver does not implement ListMultipartUploads; RGW does.
    if (target.kind === 'external') {
      const pending = await target.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      expect(pending.Uploads ?? []).toHaveLength(0);
    }
  });

  it('tries every file, fails the step naming the refused one, and pages list only what arrived', async () => {
    const bucket = await target.createBucket();
    await mkdir(path.join(workspace, 'mixed'), { recursive: true });
    for (const name of ['a.txt', 'b.txt', 'refused.txt', 'c.txt']) await writeFile(path.join(workspace, 'mixed', name), `${name}\n`);
    const proxy = await startProxy(target.endpoint, /refused\.txt/);
    try {
      const run = await runAction({
        cwd: workspace,
        inputs: { bucket, path: 'mixed', 'test-name': 'mixed', prefix: 'mixed', concurrency: '1' },
        env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxy.endpoint },
      });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toMatch(/::error::1 of 4 files failed to upload:%0A {2}refused\.txt: InternalError \(HTTP 500\)/);
      expect(run.stdout).toContain('::warning::failed to upload refused.txt');
      expect(run.outputs['files']).toBe('3');
      expect(proxy.failures()).toBeGreaterThan(1); // retried before giving up
      const page = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'mixed/index.html' }));
      const html = await page.Body!.transformToString();
      expect(html).toContain('href="a.txt"');
      expect(html).toContain('href="c.txt"');
      expect(html).not.toContain('href="refused.txt"');
      expect(html).toMatch(/Failed to upload[\s\S]*refused\.txt/);
      const manifest = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'mixed/manifest.json' }));
      const parsed = JSON.parse(await manifest.Body!.transformToString()) as { complete: boolean; files: unknown[]; failed: { path: string }[] };
      expect(parsed.complete).toBe(false);
      expect(parsed.files).toHaveLength(3);
      expect(parsed.failed.map((f) => f.path)).toEqual(['refused.txt']);
      expect(run.summary).toContain('refused.txt');
    } finally {
      await proxy.close();
    }
  });
});

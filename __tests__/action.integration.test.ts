// The built action (dist/index.js) run as the runner runs it, against a real S3 server over
// HTTP: the embedded s3rver by default, Ceph RGW when PTO_S3_ENDPOINT is set (see
// scripts/test-rgw.sh). Every stored object is checked by SHA-256, Content-Type and metadata,
// and every link of every generated page is followed.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, sniffContentType } from '../src/files/plan.js';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { keySegment } from '../src/files/keys.js';
import { crawlPublication, expectPublished } from './helpers/crawl.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(repoRoot, '__fixtures__/outputs');
// A test name with a space is changed for its key segment, and so gets a hash (files/keys.ts).
const prefix = `octo-org/octo-repo/1658821493-1/${keySegment('integration suite')}`;

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

let target: S3Target;

beforeAll(async () => {
  target = await s3Target();
});
afterAll(async () => {
  await target.close();
});

describe(`the action against a real S3 server (${process.env['PTO_S3_ENDPOINT'] ? 'external' : 'embedded s3rver'})`, () => {
  let bucket: string;
  let run: ActionRun;
  let localFiles: string[];

  beforeAll(async () => {
    bucket = await target.createBucket();
    localFiles = await listFiles(fixtures);
    run = await runAction({
      cwd: repoRoot,
      // keep-originals off: the counts below are the outputs' own (the default, auto, which adds
      // the photo's original, is checked in cli.integration.test.ts).
      inputs: { bucket, path: '__fixtures__/outputs\n!**/*.tmp', 'test-name': 'integration suite', 'keep-originals': 'false' },
      env: target.env(),
    });
  }, 120_000);

  it('succeeds and writes the outputs url, prefix, files and bytes', async () => {
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(run.outputs['prefix']).toBe(prefix);
    expect(run.outputs['url']).toBe(`${target.endpoint}/${bucket}/${prefix}/index.html`);
    expect(Number(run.outputs['files'])).toBe(localFiles.length);
    // bytes: what was uploaded, so compressed images count at their compressed size
    let stored = 0;
    let local = 0;
    for (const f of localFiles) {
      local += (await stat(path.join(fixtures, f))).size;
      stored += (await target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}/${f}` }))).ContentLength ?? 0;
    }
    expect(Number(run.outputs['bytes'])).toBe(stored);
    expect(stored).toBeLessThan(local);
  });

  it('writes the job summary with the test name, browse link and counts', () => {
    expect(run.summary).toContain('integration suite');
    expect(run.summary).toContain(`href="${run.outputs['url']}"`);
    expect(run.summary).toContain(`<td>${localFiles.length}</td>`);
  });

  it('stores every file byte-exact with its Content-Type and metadata', async () => {
    for (const rel of localFiles) {
      const local = await readFile(path.join(fixtures, rel));
      const key = `${prefix}/${rel}`;
      const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = await got.Body!.transformToByteArray();
      expectPublished(rel, local, body, fixtures);
      const expectedType = contentTypeFor(rel) ?? sniffContentType(local.subarray(0, 8192));
      expect(got.ContentType, key).toBe(expectedType);
      expect(got.ContentEncoding ?? '', key).toBe('');
      const m = got.Metadata ?? {};
      expect(decodeURIComponent(m['test-name'] ?? ''), key).toBe('integration suite');
      expect(m['repository']).toBe('octo-org/octo-repo');
      expect(m['commit']).toBe('2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d');
      expect(m['ref']).toBe('refs/pull/42/merge');
      expect(m['run-id']).toBe('1658821493');
      expect(m['run-attempt']).toBe('1');
      expect(m['workflow']).toBe('CI');
      expect(m['job']).toBe('test');
      expect(m['original-size']).toBe(String(local.length));
      if (body.length !== local.length) expect(m['compression'], key).toMatch(/^(jpeg|palette-png|png)/);
      expect(new Date(m['uploaded-at'] ?? '').toISOString()).toBe(m['uploaded-at']);
    }
  });

  it('writes an index page in every directory, and keeps a report\'s own index.html unchanged', async () => {
    const dirs = new Set<string>(['']);
    for (const rel of localFiles) {
      const parts = rel.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    for (const dir of dirs) {
      const own = localFiles.includes(dir === '' ? 'index.html' : `${dir}/index.html`);
      const page = `${prefix}/${dir === '' ? '' : `${dir}/`}${own ? '_listing.html' : 'index.html'}`;
      const head = await target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: page }));
      expect(head.ContentType, page).toBe('text/html; charset=utf-8');
      expect(head.CacheControl, page).toBe('no-cache');
    }
    const report = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/vitest-report/index.html` }));
    const served = await report.Body!.transformToByteArray();
    expect(sha256(served)).toBe(sha256(await readFile(path.join(fixtures, 'vitest-report/index.html'))));
  });

  it('writes manifest.json listing every file with size, content type and sha256', async () => {
    const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/manifest.json` }));
    const manifest = JSON.parse(await got.Body!.transformToString()) as {
      complete: boolean;
      files: { path: string; key: string; size: number; sha256: string; contentType: string }[];
      pages: { path: string }[];
    };
    expect(manifest.complete).toBe(true);
    expect(manifest.files.map((f) => f.path)).toEqual(localFiles);
    for (const f of manifest.files) {
      const served = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: f.key }));
      const body = await served.Body!.transformToByteArray();
      expect(f.sha256, f.path).toBe(sha256(body));
      expect(f.size).toBe(body.length);
      expect(f.key).toBe(`${prefix}/${f.path}`);
      expectPublished(f.path, await readFile(path.join(fixtures, f.path)), body, fixtures);
    }
    expect(manifest.pages.map((p) => p.path)).toContain('index.html');
  });

  it('every link on every page answers 200 over plain HTTP, with the right bytes', async () => {
    const { pages, links, seen, base } = await crawlPublication(run.outputs['url']!, fixtures, localFiles);
    // root, data, logs, logs/nested, logs/nested/deeper, photos, plots, vitest-report, its assets
    expect(pages).toBe(9);
    expect(links).toBeGreaterThan(localFiles.length);
    for (const rel of localFiles) expect(seen.has(base + rel.split('/').map(encodeURIComponent).join('/')), `${rel} is linked`).toBe(true);
  });

  it('leaves the workspace untouched', async () => {
    expect(await listFiles(fixtures)).toEqual(localFiles);
  });
});

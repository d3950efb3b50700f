// The comparison with the baseline through the built action, against a real S3 server (the
// embedded s3rver, or Ceph RGW in CI): in link-mode presigned, every link of the comparison's
// pages — the baseline's files in the other publication included — is signed and opens without
// credentials (and on RGW, which enforces the private bucket, not without its signature); an
// explicit `compare` target (prefix, s3:// URL, page URL) is taken, one in another bucket refused
// before anything is uploaded.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let root: string;
let bucket: string;
let runs = 0;
beforeAll(async () => {
  target = await s3Target();
  root = await mkdtemp(path.join(tmpdir(), 'pto-compare-'));
  bucket = await target.createBucket({ private: true });
});
afterAll(async () => {
  await target.deleteBucket(bucket);
  await target.close();
  await rm(root, { recursive: true, force: true });
});

const REPO = 'octo-org/octo-repo';

async function publish(files: Record<string, string>, runId: string, branch: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const ws = path.join(root, `ws-${++runs}`);
  await mkdir(path.join(ws, 'out'), { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(ws, 'out', name), body);
  await writeFile(path.join(ws, 'event.json'), '{}');
  return runAction({
    cwd: ws,
    inputs: { bucket, path: 'out', 'test-name': 'unit', comment: 'off', ...inputs },
    env: {
      ...target.env(),
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_NUMBER: runId,
      GITHUB_EVENT_PATH: path.join(ws, 'event.json'),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_HEAD_REF: '',
      GITHUB_REF: `refs/heads/${branch}`,
      GITHUB_REF_NAME: branch,
    },
  });
}

const unescape = (raw: string): string => raw.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

describe('the comparison in link-mode presigned', () => {
  it('signs every link of its pages, the baseline\'s files included, and they open without credentials', async () => {
    const first = await publish({ 'run.log': 'a\nb\nc\n', 'same.txt': 'same\n' }, '7000', 'presigned', { 'link-mode': 'presigned', 'presign-expiry': '2h' });
    expect(first.code, first.stdout).toBe(0);
    const second = await publish({ 'run.log': 'a\nB\nc\n', 'same.txt': 'same\n' }, '7001', 'presigned', { 'link-mode': 'presigned', 'presign-expiry': '2h' });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs['changed-count']).toBe('1');
    const listUrl = second.outputs['compare-url']!;
    expect(listUrl).toMatch(/\/_compare\/index\.html\?.*X-Amz-Signature=/);

    // From the list page: the log's diff page, and from it both versions of the log.
    const list = await (await fetch(listUrl)).text();
    const links = [...list.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => unescape(m[1]!));
    for (const link of links) expect(link, 'every link of the list is signed').toMatch(/^https?:\/\/.*X-Amz-Signature=/);
    const pageUrl = links.find((l) => new URL(l).pathname.endsWith('/_compare/files/run.log.html'));
    expect(pageUrl, list).toBeDefined();
    const page = await (await fetch(pageUrl!)).text();
    expect(page).toContain('B');
    const versions = [...page.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => unescape(m[1]!));
    const bodies = new Map<string, string>();
    for (const link of versions) {
      expect(link, 'every link of the diff page is signed').toMatch(/^https?:\/\/.*X-Amz-Signature=/);
      const res = await fetch(link);
      expect(res.status, link).toBe(200);
      bodies.set(decodeURIComponent(new URL(link).pathname), await res.text());
    }
    expect(bodies.get(`/${bucket}/${REPO}/7000-1/unit/run.log`)).toBe('a\nb\nc\n');
    expect(bodies.get(`/${bucket}/${REPO}/7001-1/unit/run.log`)).toBe('a\nB\nc\n');
    if (process.env['PTO_S3_ENDPOINT']) expect((await fetch(listUrl.slice(0, listUrl.indexOf('?')))).status).toBe(403);
  });
});

describe('an explicit compare target', () => {
  it('takes a prefix, an s3:// URL or a page URL of the same bucket', async () => {
    const base = await publish({ 'x.txt': 'one\n' }, '7100', 'explicit');
    expect(base.code, base.stdout).toBe(0);
    const prefix = base.outputs['prefix']!;
    for (const [i, compare] of [prefix, `s3://${bucket}/${prefix}`, `${target.endpoint}/${bucket}/${prefix}/index.html`].entries()) {
      const run = await publish({ 'x.txt': 'two\n' }, String(7101 + i), 'other', { compare });
      expect(run.code, run.stdout).toBe(0);
      expect(run.outputs['changed-count'], compare).toBe('1');
    }
  });

  it('refuses one in another bucket before anything is uploaded', async () => {
    const run = await publish({ 'x.txt': 'two\n' }, '7200', 'other', { compare: `s3://some-other-bucket/${REPO}/7100-1/unit` });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/::error::input `compare`/);
    expect(run.stdout).not.toContain('Upload 1 files');
  });
});

// One writer per prefix (storage/claim.ts), through the built action against a real S3 server:
// the embedded s3rver (which ignores conditional writes: the claim is read back) or Ceph RGW
// (which enforces them). A second publication into a prefix fails before uploading, with the
// clash named and the fix; `if-exists: replace` leaves exactly the new publication; a prefix
// that is a level of other publications, lies inside one, or holds someone else's objects is
// refused and left as it was.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { childKey } from '../src/layout.js';
import { startFaultProxy } from './helpers/fault-proxy.js';
import { startProxy } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const RELIABILITY_DOC = new URL('../docs/reliability.md', import.meta.url);
let target: S3Target;
let root: string;

beforeAll(async () => {
  target = await s3Target();
  root = await mkdtemp(path.join(tmpdir(), 'pto-claims-'));
});
afterAll(async () => {
  await target.close();
  await rm(root, { recursive: true, force: true });
});

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
let workspaces = 0;

/** A workspace with `files` under out/. */
async function workspace(files: Record<string, string>): Promise<string> {
  const ws = path.join(root, `ws-${++workspaces}`);
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(ws, 'out', rel)), { recursive: true });
    await writeFile(path.join(ws, 'out', rel), data);
  }
  return ws;
}

function publish(ws: string, bucket: string, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ cwd: ws, inputs: { bucket, path: 'out', 'test-name': 'claims', ...inputs }, env: { ...target.env(), ...env } });
}

async function keys(bucket: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await target.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    out.push(...(page.Contents ?? []).map((c) => c.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort();
}

async function get(bucket: string, key: string): Promise<Buffer> {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

/** Every object in the bucket with its SHA-256, to prove a refused step changed nothing. */
async function snapshot(bucket: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of await keys(bucket)) out[key] = sha256(await get(bucket, key));
  return out;
}

const errorLine = (run: ActionRun): string => run.stdout.split('\n').filter((l) => l.startsWith('::error::')).join('\n');

interface Manifest {
  files: { path: string; key: string; sha256: string }[];
}

/** The publication at `prefix` holds exactly `files` (byte-exact, by the manifest and by GET). */
async function expectExactly(bucket: string, prefix: string, files: Record<string, string>): Promise<void> {
  const manifest = JSON.parse((await get(bucket, `${prefix}/manifest.json`)).toString()) as Manifest;
  expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());
  for (const f of manifest.files) {
    expect(f.sha256, f.path).toBe(sha256(files[f.path]!));
    expect(sha256(await get(bucket, f.key)), f.key).toBe(f.sha256);
  }
  const pages = (await keys(bucket, `${prefix}/`)).filter((k) => k.endsWith('.html') && !Object.keys(files).includes(k.slice(prefix.length + 1)));
  const expected = new Set([...Object.keys(files).map((p) => `${prefix}/${p}`), `${prefix}/manifest.json`, ...pages]);
  expect(await keys(bucket, `${prefix}/`)).toEqual([...expected].sort());
}

describe('one writer per prefix', () => {
  it('a second publication into a custom prefix fails before uploading, naming the first and the fix', async () => {
    const bucket = await target.createBucket();
    const first = await publish(await workspace({ 'a.txt': 'first\n' }), bucket, { prefix: 'results/nightly' });
    expect(first.code, first.stdout).toBe(0);
    const claim = JSON.parse((await get(bucket, childKey('results/nightly'))).toString()) as Record<string, unknown>;
    expect(claim).toMatchObject({ kind: 'publication', state: 'complete', prefix: 'results/nightly', testName: 'claims', runId: '1658821493', files: 1, manifest: 'results/nightly/manifest.json' });
    const before = await snapshot(bucket);

    const second = await publish(await workspace({ 'a.txt': 'second\n', 'b.txt': 'b\n' }), bucket, { prefix: 'results/nightly' }, { GITHUB_RUN_ID: '1658821999' });
    expect(second.code, second.stdout).toBe(2);
    expect(errorLine(second)).toMatch(
      /^::error::prefix results\/nightly\/ already holds a publication \(octo-org\/octo-repo run 1658821493 attempt 1, job test, test "claims", complete at [^)]+\): set if-exists: replace to replace it, or give each publication its own prefix$/,
    );
    expect(await snapshot(bucket)).toEqual(before);
  });

  it('if-exists: replace leaves exactly the new publication: nothing stale, listed or not', async () => {
    const bucket = await target.createBucket();
    const old = { 'a.txt': 'old a\n', 'stale/old.log': 'old\n', 'report/index.html': '<p>old</p>' };
    const fresh = { 'a.txt': 'new a\n', 'new.txt': 'new\n' };
    expect((await publish(await workspace(old), bucket, { prefix: 'latest/main' })).code).toBe(0);
    const run = await publish(await workspace(fresh), bucket, { prefix: 'latest/main', 'if-exists': 'replace' }, { GITHUB_RUN_ID: '1658821999' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/removed \d+ objects of the publication this one replaced/);
    await expectExactly(bucket, 'latest/main', fresh);
    expect((await get(bucket, 'latest/main/index.html')).toString()).not.toContain('stale');
    const claim = JSON.parse((await get(bucket, childKey('latest/main'))).toString()) as Record<string, unknown>;
    expect(claim).toMatchObject({ state: 'complete', runId: '1658821999', files: 2 });
  });

  it('a custom prefix equal to a level of other publications is refused, and the level page survives intact', async () => {
    const bucket = await target.createBucket();
    expect((await publish(await workspace({ 'a.txt': 'a' }), bucket, {})).code).toBe(0);
    const before = await snapshot(bucket);
    expect(before['octo-org/octo-repo/index.html']).toBeDefined();
    for (const [prefix, error] of [
      ['octo-org/octo-repo', /^::error::prefix octo-org\/octo-repo\/ is a level that lists other publications \(octo-org\/octo-repo\/index\.html\): choose a prefix of its own/],
      ['octo-org/octo-repo/1658821493-1', /^::error::prefix octo-org\/octo-repo\/1658821493-1\/ is a level that lists other publications/],
      ['octo-org', /^::error::prefix octo-org\/ is a level that lists other publications \(octo-org\/index\.html\): choose a prefix of its own/],
    ] as const) {
      for (const ifExists of ['error', 'replace']) {
        const run = await publish(await workspace({ 'x.txt': 'x' }), bucket, { prefix, 'if-exists': ifExists });
        expect(run.code, `${prefix} ${ifExists}: ${run.stdout}`).toBe(2);
        expect(errorLine(run)).toMatch(error);
      }
    }
    expect(await snapshot(bucket)).toEqual(before);
    // A later run of the repository still updates its page, without a "not written by this action" warning.
    const later = await publish(await workspace({ 'a.txt': 'a' }), bucket, {}, { GITHUB_RUN_ID: '1658822000' });
    expect(later.code, later.stdout).toBe(0);
    expect(later.stdout).not.toContain('::warning::');
    expect((await get(bucket, 'octo-org/octo-repo/index.html')).toString()).toContain('1658822000-1');
  });

  it('a prefix inside another publication is refused', async () => {
    const bucket = await target.createBucket();
    expect((await publish(await workspace({ 'a.txt': 'a' }), bucket, { prefix: 'pub' })).code).toBe(0);
    const before = await snapshot(bucket);
    const run = await publish(await workspace({ 'x.txt': 'x' }), bucket, { prefix: 'pub/inner/deeper' });
    expect(run.code, run.stdout).toBe(2);
    expect(errorLine(run)).toBe('::error::prefix pub/inner/deeper/ is inside the publication at pub/: choose a prefix outside it (publications cannot nest)');
    expect(await snapshot(bucket)).toEqual(before);
  });

  it("a prefix holding someone else's objects is never written, even with if-exists: replace", async () => {
    const bucket = await target.createBucket();
    await target.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/keep.txt', Body: 'mine' }));
    const before = await snapshot(bucket);
    const run = await publish(await workspace({ 'x.txt': 'x' }), bucket, { prefix: 'site', 'if-exists': 'replace' });
    expect(run.code, run.stdout).toBe(2);
    expect(errorLine(run)).toMatch(/^::error::prefix site\/ already holds objects that are not a publication of this action \(such as site\/keep\.txt\)/);
    expect(await snapshot(bucket)).toEqual(before);
  });

  it('the claim is created with If-None-Match: * before any file is uploaded', async () => {
    const bucket = await target.createBucket();
    const proxy = await startProxy(target.endpoint);
    try {
      const run = await publish(await workspace({ 'a.txt': 'a', 'b.txt': 'b' }), bucket, { prefix: 'ordered' }, { AWS_ENDPOINT_URL_S3: proxy.endpoint });
      expect(run.code, run.stdout).toBe(0);
      const puts = proxy.exchanges.filter((e) => e.method === 'PUT');
      const claimKey = `/${bucket}/${childKey('ordered')}`;
      const first = puts.findIndex((e) => e.url.startsWith(claimKey));
      expect(puts[first]?.ifNoneMatch).toBe('*');
      expect(puts.findIndex((e) => e.url.startsWith(`/${bucket}/ordered/`))).toBeGreaterThan(first);
    } finally {
      await proxy.close();
    }
  });

  it('10 jobs at once through a slow proxy (8 names the old mapping merged, 2 with one name): every winner intact in its own prefix, the loser refused', async () => {
    const bucket = await target.createBucket();
    // Every request waits, so that the jobs' claims and uploads overlap.
    const proxy = await startFaultProxy(target.endpoint, () => ({ kind: 'delay', ms: 100 }));
    try {
      const names = ['单元测试', '集成测试', 'C++', 'C#', 'C', 'unit tests', 'unit/tests', 'unit-tests', 'same', 'same'];
      const jobs = await Promise.all(
        names.map(async (name, i) => {
          // The same paths in every job, with contents of their own: an overwrite would show.
          const files = Object.fromEntries(Array.from({ length: 12 }, (_, f) => [`logs/part-${f}.log`, `job ${i} file ${f}\n`]));
          files['result.txt'] = `job ${i}: ${name}\n`;
          const ws = await workspace(files);
          return { name, files, run: await publish(ws, bucket, { 'test-name': name, concurrency: '4' }, { AWS_ENDPOINT_URL_S3: proxy.endpoint, GITHUB_JOB: `job-${i}` }) };
        }),
      );
      const won = jobs.filter((j) => j.run.code === 0);
      const lost = jobs.filter((j) => j.run.code !== 0);
      expect(won.length, jobs.map((j) => `${j.name}: ${j.run.code} ${errorLine(j.run)}`).join('\n')).toBe(9);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.name).toBe('same');
      expect(lost[0]!.run.code).toBe(2);
      expect(errorLine(lost[0]!.run)).toMatch(/^::error::prefix octo-org\/octo-repo\/1658821493-1\/same\/ (is being written by another publication \(octo-org\/octo-repo run 1658821493 attempt 1, job job-\d, test "same", since [^)]+\)|was claimed by another publication at the same moment): give each matrix job its own test-name/);

      const prefixes = won.map((j) => j.run.outputs['prefix']!);
      expect(new Set(prefixes).size).toBe(9);
      let exact = 0;
      for (const job of won) {
        await expectExactly(bucket, job.run.outputs['prefix']!, job.files);
        exact++;
      }
      const runPage = (await get(bucket, 'octo-org/octo-repo/1658821493-1/index.html')).toString();
      // Each linked by its own segment, and shown by its test name (a changed segment is not a name).
      const escaped = (t: string): string => t.replace(/[&<>"'`=/]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#x60;', '=': '&#x3D;', '/': '&#x2F;' })[c]!);
      for (const job of won) {
        const segment = job.run.outputs['prefix']!.split('/').pop()!;
        expect(runPage).toContain(`<a href="${escaped(encodeURIComponent(segment))}&#x2F;index.html">${escaped(job.name)}</a>`);
      }
      // The loser wrote none of its files anywhere.
      const loser = jobs.indexOf(lost[0]!);
      for (const key of await keys(bucket)) expect((await get(bucket, key)).toString(), key).not.toContain(`job ${loser} `);

      const refused = lost.filter((j) => j.run.code === 2 && /give each matrix job its own test-name/.test(errorLine(j.run))).length;
      const server = target.kind === 'external' ? 'Ceph RGW' : 'embedded s3rver';
      const row = `| 10 jobs at once, 8 formerly colliding names and 2 equal ones | ${server} | ${jobs.length} | ${new Set(prefixes).size} | ${exact} | ${refused} | ${lost.length - refused} |`;
      expect((await readFile(RELIABILITY_DOC, 'utf8')).split('\n'), 'docs/reliability.md has this row').toContain(row);
    } finally {
      await proxy.close();
    }
  }, 240_000);
});

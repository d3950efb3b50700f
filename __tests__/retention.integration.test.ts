// Retention on a real S3 server (the embedded s3rver, or Ceph RGW with PTO_S3_ENDPOINT), with
// publish() in process and a clock passed in: a later publication deletes the expired ones
// (objects, entries, stable links that lead to them, emptied runs' pages), and at no point does
// any page under the history root link to something that is gone. Two prunes at once, and a
// prune interrupted half-way and finished by the next run. One case runs the built action
// (`npm run build` first).
import { create } from '@actions/glob';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { parseInputs } from '../src/inputs.js';
import { STABLE_LINK_GENERATED, STABLE_LINK_TARGET } from '../src/layout.js';
import { publish, type Logger } from '../src/publish.js';
import { createS3Store } from '../src/store/s3/s3-store.js';
import type { ObjectStore } from '../src/store/store.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const ROOT = 'octo-org/octo-repo';
const DAY = 86400_000;
const FILES: Record<string, string> = { 'result.txt': 'ok\n', 'logs/run.log': 'line 1\nline 2\n', 'logs/deep/trace.txt': 'trace\n' };
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

let target: S3Target;
let workspace: string;
// Real time for the server's listing; the publications' own times come from the clock passed in.
const T = Date.now();

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-retention-'));
  for (const [rel, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(workspace, 'out', rel)), { recursive: true });
    await writeFile(path.join(workspace, 'out', rel), text);
  }
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

function storeFor(bucket: string): ObjectStore {
  return createS3Store({
    bucket,
    region: 'us-east-1',
    endpoint: target.endpoint,
    forcePathStyle: true,
    concurrency: 16,
    requestTimeout: 60,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`), debug: () => undefined, group: (_n, fn) => fn() };
}

/** Publishes the sample outputs as run `run`, test `test`, at `at` (ms), with retention if given. */
async function publishAt(store: ObjectStore, run: string, test: string, at: number, retention?: string, extra: Record<string, string> = {}) {
  const inputs: Record<string, string> = { bucket: store.bucket, path: path.join(workspace, 'out'), 'test-name': test, ...(retention ? { 'retention-days': retention } : {}), ...extra };
  const parsed = parseInputs((n) => inputs[n] ?? '', { GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_RUN_ID: run, AWS_ENDPOINT_URL_S3: target.endpoint });
  const log = logger();
  const result = await publish(parsed, { store, glob: create, log, now: () => new Date(at), tempRoot: workspace });
  expect(result.failed).toEqual([]);
  return log.lines;
}

async function keys(store: ObjectStore, prefix: string): Promise<string[]> {
  return (await store.list(prefix)).map((x) => x.key);
}

/** Prune records left under `_retention/` (beside retention's list of runs). */
async function records(store: ObjectStore): Promise<string[]> {
  return (await keys(store, `${ROOT}/_retention/`)).filter((k) => !k.startsWith(`${ROOT}/_retention/runs/`));
}

/** A stable link page as the links part writes one: metadata naming its target. */
async function plantStableLink(store: ObjectStore, key: string, targetPrefix: string): Promise<void> {
  const depth = key.split('/').length - ROOT.split('/').length - 1;
  const href = `${'../'.repeat(depth)}${targetPrefix.slice(ROOT.length + 1)}/index.html`;
  await store.put({
    key,
    body: Buffer.from(`<!doctype html><meta http-equiv="refresh" content="0; url=${href}"><a href="${href}">latest</a>`),
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'no-cache',
    metadata: { generated: STABLE_LINK_GENERATED, [STABLE_LINK_TARGET]: encodeURIComponent(targetPrefix) },
  });
}

const decode = (s: string): string => s.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Every href of every page under the history root answers 200; returns the URLs reached. */
async function expectNoDeadLink(store: ObjectStore): Promise<Set<string>> {
  const base = `${target.endpoint}/${store.bucket}/`;
  const pages = (await keys(store, `${ROOT}/`)).filter((k) => k.endsWith('.html'));
  const checked = new Map<string, number>();
  for (const page of pages) {
    const url = `${base}${page.split('/').map(encodeURIComponent).join('/')}`;
    const res = await fetch(url);
    expect(res.status, url).toBe(200);
    for (const [, raw] of (await res.text()).matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
      const link = new URL(decode(raw!), url).toString();
      if (link.startsWith('https://github.com/')) continue; // the commit and run links of the status line
      if (!checked.has(link)) checked.set(link, (await fetch(link, { method: 'HEAD' })).status);
      expect(checked.get(link), `${page} links ${link}`).toBe(200);
    }
  }
  return new Set(checked.keys());
}

/** The runs the repository page links (its tests' links, `<run>/<test>/index.html`, left out). */
const listedRuns = async (store: ObjectStore): Promise<string[]> => [
  ...new Set(
    [...((await store.get(`${ROOT}/index.html`))?.toString() ?? '').matchAll(/<a href="([^"]+)&#x2F;index\.html">/g)]
      .map((m) => decodeURIComponent(m[1]!))
      .filter((n) => !n.startsWith('..') && !n.includes('&#x2F;')),
  ),
].sort();

/** The runs that have entries at the history root (`_children/<run>/<test>` copies, or older
 * `_children/<run>` markers). */
const entryRuns = async (store: ObjectStore): Promise<string[]> =>
  [...new Set((await keys(store, `${ROOT}/_children/`)).map((k) => k.slice(`${ROOT}/_children/`.length).split('/')[0]!))].sort();

async function expectIntact(store: ObjectStore, prefix: string): Promise<void> {
  for (const [rel, text] of Object.entries(FILES)) expect(sha((await store.get(`${prefix}/${rel}`)) ?? ''), `${prefix}/${rel}`).toBe(sha(text));
}

describe('retention', () => {
  it('a later publication deletes the expired ones whole, their entries and stable links, and no page links to anything gone', async () => {
    const store = storeFor(await target.createBucket());
    try {
      await publishAt(store, '1001', 'unit', T);
      await publishAt(store, '1001', 'e2e', T + 3600_000);
      await publishAt(store, '1002', 'unit', T + DAY);
      // A run with one young publication is kept whole, its old one included.
      await publishAt(store, '1003', 'unit', T + 2 * DAY);
      await publishAt(store, '1003', 'e2e', T + 29 * DAY);
      await publishAt(store, '1004', 'unit', T + 28 * DAY);
      await plantStableLink(store, `${ROOT}/latest/main/unit/index.html`, `${ROOT}/1002-1/unit`);
      await plantStableLink(store, `${ROOT}/pr/17/e2e/index.html`, `${ROOT}/1001-1/e2e`);
      await plantStableLink(store, `${ROOT}/latest/feature%2Fx/unit/index.html`, `${ROOT}/1004-1/unit`);
      // The entry copy at the history root (the history part writes it).
      await store.put({ key: `${ROOT}/_children/1001-1/unit`, body: Buffer.from('{}'), contentType: 'application/json' });
      expect(await listedRuns(store)).toEqual(['1001-1', '1002-1', '1003-1', '1004-1']);
      await expectNoDeadLink(store);

      const lines = await publishAt(store, '1005', 'unit', T + 30 * DAY, '7');
      expect(lines.find((l) => l.startsWith('deleted'))).toMatch(/^deleted 3 publications older than 7d \(\d+ objects, 2 stable links, 2 emptied runs\)$/);
      expect(lines.filter((l) => l.startsWith('warning'))).toEqual([]);

      for (const run of ['1001-1', '1002-1']) expect(await keys(store, `${ROOT}/${run}/`), run).toEqual([]);
      expect(await entryRuns(store)).toEqual(['1003-1', '1004-1', '1005-1']);
      expect(await records(store)).toEqual([]);
      expect(await keys(store, `${ROOT}/latest/`)).toEqual([`${ROOT}/latest/feature%2Fx/unit/index.html`]);
      expect(await keys(store, `${ROOT}/pr/`)).toEqual([]);
      for (const p of ['1003-1/unit', '1003-1/e2e', '1004-1/unit', '1005-1/unit']) await expectIntact(store, `${ROOT}/${p}`);
      expect(await listedRuns(store)).toEqual(['1003-1', '1004-1', '1005-1']);
      const reached = await expectNoDeadLink(store);
      expect([...reached].some((u) => u.includes('/1003-1/e2e/'))).toBe(true);
    } finally {
      store.destroy();
    }
  }, 180_000);

  it('at every step of a prune, no page under the history root links to anything gone', async () => {
    const store = storeFor(await target.createBucket());
    try {
      await publishAt(store, '2001', 'unit', T);
      await publishAt(store, '2002', 'unit', T + DAY);
      await publishAt(store, '2002', 'e2e', T + 2 * DAY);
      await publishAt(store, '2003', 'unit', T + 29 * DAY);
      await plantStableLink(store, `${ROOT}/latest/main/unit/index.html`, `${ROOT}/2002-1/unit`);
      let pruning = false;
      let steps = 0;
      // Every write and delete of the prune is followed by a full check of the pages, one at a
      // time, so that no write is in flight while the pages are read (s3rver's overwrites are
      // not atomic).
      let queue: Promise<unknown> = Promise.resolve();
      const step = <R>(fn: () => Promise<R>): Promise<R> => {
        const next = queue.then(async () => {
          const out = await fn();
          if (pruning) {
            steps++;
            await expectNoDeadLink(store);
          }
          return out;
        });
        queue = next.catch(() => undefined);
        return next;
      };
      const watched: ObjectStore = {
        ...store,
        put: (r) => step(async () => {
          await store.put(r);
          if (r.key.startsWith(`${ROOT}/_retention/`)) pruning = true;
        }),
        putIf: (r, c) => step(() => store.putIf(r, c)),
        delete: (k) => step(() => store.delete(k)),
        deleteMany: (k) => step(() => store.deleteMany(k)),
      };
      const lines = await publishAt(watched, '2004', 'unit', T + 30 * DAY, '7');
      expect(lines.find((l) => l.startsWith('deleted'))).toMatch(/^deleted 3 publications older than 7d \(\d+ objects, 1 stable link, 2 emptied runs\)$/);
      expect(steps).toBeGreaterThanOrEqual(8);
      expect(await listedRuns(store)).toEqual(['2003-1', '2004-1']);
    } finally {
      store.destroy();
    }
  }, 180_000);

  it("gives the entries the publication's tags, so that a lifecycle rule on them expires entries and objects together", async () => {
    const store = storeFor(await target.createBucket());
    try {
      const sent = new Map<string, string | undefined>();
      const watched: ObjectStore = {
        ...store,
        put: async (r) => (sent.set(r.key, r.options?.tagging), store.put(r)),
        putIf: async (r, c) => (sent.set(r.key, r.options?.tagging), store.putIf(r, c)),
      };
      await publishAt(watched, '6001', 'unit', Date.now(), undefined, { tags: 'expire=30d' });
      expect(sent.get(`${ROOT}/6001-1/_children/unit`)).toBe('expire=30d');
      expect(sent.get(`${ROOT}/6001-1/unit/result.txt`) ?? sent.get(`${ROOT}/6001-1/unit/index.html`)).toBe('expire=30d');
      if (target.kind === 'external') {
        const tags = await target.client.send(new GetObjectTaggingCommand({ Bucket: store.bucket, Key: `${ROOT}/6001-1/_children/unit` }));
        expect(tags.TagSet).toEqual([{ Key: 'expire', Value: '30d' }]);
      }
    } finally {
      store.destroy();
    }
  }, 60_000);

  it('link-mode presigned (no level pages, no markers): runs are found by retention\'s own list', async () => {
    const store = storeFor(await target.createBucket());
    try {
      const presigned = { 'link-mode': 'presigned' };
      await publishAt(store, '7001', 'unit', T, '30', presigned);
      await publishAt(store, '7002', 'unit', T + 25 * DAY, '30', presigned);
      // No markers of runs: only the entries' copies.
      expect((await keys(store, `${ROOT}/_children/`)).filter((k) => !k.slice(`${ROOT}/_children/`.length).includes('/'))).toEqual([]);
      const lines = await publishAt(store, '7003', 'unit', T + 30 * DAY, '7', presigned);
      expect(lines.find((l) => l.startsWith('deleted'))).toMatch(/^deleted 1 publication older than 7d \(\d+ objects, 1 emptied run\)$/);
      expect(await keys(store, `${ROOT}/7001-1/`)).toEqual([]);
      expect(await entryRuns(store)).toEqual(['7002-1', '7003-1']);
      expect(await keys(store, `${ROOT}/_retention/runs/`)).toEqual([`${ROOT}/_retention/runs/7002-1`, `${ROOT}/_retention/runs/7003-1`]);
      await expectIntact(store, `${ROOT}/7002-1/unit`);
      expect(await keys(store, `${ROOT}/index.html`)).toEqual([]);
    } finally {
      store.destroy();
    }
  }, 60_000);

  it('the built action takes retention-days and logs the prune in its own group', async () => {
    const bucket = await target.createBucket();
    const action = (run: string, retention?: string) =>
      runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'unit', ...(retention ? { 'retention-days': retention } : {}) }, env: { ...target.env(), GITHUB_RUN_ID: run } });
    const first = await action('8001');
    expect(first.code, first.stdout).toBe(0);
    await new Promise((r) => setTimeout(r, 3500));
    const second = await action('8002', '3s');
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toMatch(/::group::Apply retention\n(?:.*\n)*?deleted 1 publication older than 3s \(\d+ objects, 1 emptied run\)\n/);
    expect(second.stdout).not.toContain('::warning::');
    const store = storeFor(bucket);
    try {
      expect(await keys(store, `${ROOT}/8001-1/`)).toEqual([]);
      await expectIntact(store, `${ROOT}/8002-1/unit`);
      await expectNoDeadLink(store);
    } finally {
      store.destroy();
    }
  }, 90_000);

  it('retention in seconds, by the real clock: what is older goes, the rest stays', async () => {
    const store = storeFor(await target.createBucket());
    try {
      await publishAt(store, '3001', 'unit', Date.now());
      await new Promise((r) => setTimeout(r, 3500));
      await publishAt(store, '3002', 'unit', Date.now());
      const lines = await publishAt(store, '3003', 'unit', Date.now(), '3s');
      expect(lines.find((l) => l.startsWith('deleted'))).toMatch(/^deleted 1 publication older than 3s/);
      expect(await keys(store, `${ROOT}/3001-1/`)).toEqual([]);
      await expectIntact(store, `${ROOT}/3002-1/unit`);
      await expectNoDeadLink(store);
    } finally {
      store.destroy();
    }
  }, 120_000);

  it('two jobs that prune at once both succeed, and delete everything expired exactly once', async () => {
    const store = storeFor(await target.createBucket());
    try {
      for (let i = 0; i < 6; i++) await publishAt(store, `40${i}`, 'unit', T + i * 3600_000);
      const [a, b] = await Promise.all([publishAt(store, '4101', 'unit', T + 30 * DAY, '7'), publishAt(store, '4102', 'unit', T + 30 * DAY, '7')]);
      expect([...a!, ...b!].filter((l) => l.startsWith('warning'))).toEqual([]);
      for (let i = 0; i < 6; i++) expect(await keys(store, `${ROOT}/40${i}-1/`)).toEqual([]);
      expect(await entryRuns(store)).toEqual(['4101-1', '4102-1']);
      expect(await records(store)).toEqual([]);
      expect(await listedRuns(store)).toEqual(['4101-1', '4102-1']);
      await expectIntact(store, `${ROOT}/4101-1/unit`);
      await expectIntact(store, `${ROOT}/4102-1/unit`);
      await expectNoDeadLink(store);
    } finally {
      store.destroy();
    }
  }, 180_000);

  it('a prune interrupted before the objects go leaves no dead link, and the next run finishes it', async () => {
    const store = storeFor(await target.createBucket());
    try {
      await publishAt(store, '5001', 'unit', T);
      await publishAt(store, '5002', 'unit', T + DAY);
      // The objects' deletion fails (as a job killed there would leave it).
      const failing: ObjectStore = {
        ...store,
        deleteMany: async (k) => (k.some((x) => x.endsWith('/result.txt')) ? { deleted: 0, failed: k.map((key) => ({ key, message: 'AccessDenied' })) } : store.deleteMany(k)),
      };
      const lines = await publishAt(failing, '5003', 'unit', T + 30 * DAY, '7');
      expect(lines.find((l) => l.startsWith('warning'))).toMatch(/^warning: could not delete the publications older than 7d \(the next run tries again\): \d+ objects could not be deleted/);
      expect(await records(store)).toHaveLength(1);
      expect(await listedRuns(store)).toEqual(['5003-1']);
      expect(await keys(store, `${ROOT}/5001-1/unit/result.txt`)).toHaveLength(1);
      await expectNoDeadLink(store);

      const next = await publishAt(store, '5004', 'unit', T + 30 * DAY + 60_000, '7');
      expect(next.some((l) => /^finishing an interrupted prune \(.*_retention\/.*\.json, 2 publications\)$/.test(l))).toBe(true);
      expect(next.filter((l) => l.startsWith('warning'))).toEqual([]);
      expect(await keys(store, `${ROOT}/5001-1/`)).toEqual([]);
      expect(await keys(store, `${ROOT}/5002-1/`)).toEqual([]);
      expect(await records(store)).toEqual([]);
      expect(await listedRuns(store)).toEqual(['5003-1', '5004-1']);
      await expectIntact(store, `${ROOT}/5003-1/unit`);
      await expectNoDeadLink(store);
    } finally {
      store.destroy();
    }
  }, 180_000);
});

// Finding the baseline (issue 15, "Baseline") on a real S3 server (the embedded s3rver, or Ceph
// RGW with PTO_S3_ENDPOINT), among publications made by publish() in process (a clock passed in)
// and entry objects written as a publication writes them: the merge base's publication on the
// base branch, else the newest on the base branch older than this run; on a push the previous
// publication of the same branch and test, never a newer one, another branch's, another test's,
// another repository's, or one that failed or is still being written; explicit targets (prefix,
// s3://, public URL) and their refusals; `off`; no history; and the cost: the root's index makes
// the search one listing and two GETs, whatever the number of entries.
import { create } from '@actions/glob';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBaseline, readManifest } from '../src/compare/baseline.js';
import type { CompareSetting } from '../src/compare/types.js';
import type { RunContext } from '../src/config.js';
import { readGithubContext } from '../src/context/github.js';
import { ENTRY_VERSION, serializeEntry, type HistoryEntry } from '../src/history/entry.js';
import { cacheKey } from '../src/history/cache.js';
import { parseInputs } from '../src/inputs.js';
import { historyPlace, rootEntryKey } from '../src/layout.js';
import { publish, type Logger } from '../src/publish.js';
import { createS3Store } from '../src/store/s3/s3-store.js';
import type { ObjectStore } from '../src/store/store.js';
import { InputError } from '../src/util/errors.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const ROOT = 'octo-org/octo-repo';
const REPO = 'octo-org/octo-repo';
const HOUR = 3600_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const sha = (c: string): string => c.repeat(40);

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-baseline-'));
  await mkdir(path.join(workspace, 'out/logs'), { recursive: true });
  await writeFile(path.join(workspace, 'out/result.txt'), 'ok\n');
  await writeFile(path.join(workspace, 'out/logs/run.log'), 'line 1\n');
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

/** The store, with every request it makes recorded (`get <key>`, `list <prefix>`…). */
function counting(store: ObjectStore): { store: ObjectStore; calls: string[] } {
  const calls: string[] = [];
  const methods = new Set(['get', 'head', 'list', 'put', 'putIf', 'delete', 'deleteMany', 'putStream']);
  const wrapped = new Proxy(store, {
    get(t, name, receiver) {
      const value: unknown = Reflect.get(t, name, receiver);
      if (typeof value !== 'function' || !methods.has(String(name))) return value;
      return (...args: unknown[]) => {
        calls.push(`${String(name)} ${String(args[0])}`);
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { store: wrapped, calls };
}

const quiet: Logger = { info: () => undefined, warning: () => undefined, debug: () => undefined, group: (_n, fn) => fn() };

interface Run {
  runId: string;
  runNumber: string;
  sha: string;
  branch: string;
  test: string;
  at: number;
}

/** A push publication of `run`, made by publish() at its time; its prefix. */
async function publishRun(store: ObjectStore, run: Run): Promise<string> {
  const inputs: Record<string, string> = { bucket: store.bucket, path: path.join(workspace, 'out'), 'test-name': run.test };
  const env = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: REPO,
    GITHUB_RUN_ID: run.runId,
    GITHUB_RUN_NUMBER: run.runNumber,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: run.sha,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: `refs/heads/${run.branch}`,
    GITHUB_REF_NAME: run.branch,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SERVER_URL: 'https://github.com',
    AWS_ENDPOINT_URL_S3: target.endpoint,
  };
  const parsed = parseInputs((n) => inputs[n] ?? '', env, new Date(run.at));
  const result = await publish(parsed, { store, glob: create, log: quiet, now: () => new Date(run.at), tempRoot: workspace });
  expect(result.failed).toEqual([]);
  return parsed.prefix;
}

/** An entry object at the history root, as a publication's finish writes it (not in the root's index). */
async function writeEntry(store: ObjectStore, prefix: string, e: Partial<HistoryEntry> & Pick<HistoryEntry, 'runId' | 'commit' | 'state' | 'startedAt'>): Promise<void> {
  const entry: HistoryEntry = {
    kind: 'publication',
    version: ENTRY_VERSION,
    token: `token-${prefix}`,
    prefix,
    testName: 'unit',
    repository: REPO,
    runAttempt: '1',
    workflow: 'CI',
    job: 'test',
    manifest: `${prefix}/manifest.json`,
    ...e,
  };
  await store.put({ key: rootEntryKey(historyPlace(prefix)!), body: serializeEntry(entry), contentType: 'application/json', metadata: { generated: 'publication-claim' } });
}

/** The GitHub context of a run: a push, or pull request 17 from feature/x into main. */
async function contextOf(o: { runId: string; runNumber: string; sha: string; branch: string; pr?: { base: string; baseSha: string; head: string } }): Promise<RunContext> {
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: REPO,
    GITHUB_RUN_ID: o.runId,
    GITHUB_RUN_NUMBER: o.runNumber,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: o.sha,
    GITHUB_SERVER_URL: 'https://github.com',
  };
  if (o.pr) {
    const event = path.join(workspace, `event-${o.runId}.json`);
    await writeFile(event, JSON.stringify({ pull_request: { number: 17, base: { ref: o.pr.base, sha: o.pr.baseSha }, head: { ref: o.branch, sha: o.pr.head } } }));
    Object.assign(env, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_HEAD_REF: o.branch, GITHUB_REF: 'refs/pull/17/merge', GITHUB_REF_NAME: '17/merge' });
  } else {
    Object.assign(env, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: `refs/heads/${o.branch}`, GITHUB_REF_NAME: o.branch, GITHUB_REF_TYPE: 'branch' });
  }
  return readGithubContext(env, new Date(T0));
}

const AUTO: CompareSetting = { mode: 'auto' };

// main: 1001 (A, unit + e2e), 1002 (B, unit), 1004 (D, unit, started after the PR run 1003);
// feature/x: 1003 pushed (C, unit). Entry objects beside them: a newer failed and a writing one
// on main, another repository's and another test name's under the same segment.
const RUNS: Run[] = [
  { runId: '1001', runNumber: '1', sha: sha('a'), branch: 'main', test: 'unit', at: T0 },
  { runId: '1001', runNumber: '1', sha: sha('a'), branch: 'main', test: 'e2e', at: T0 + 60_000 },
  { runId: '1002', runNumber: '2', sha: sha('b'), branch: 'main', test: 'unit', at: T0 + HOUR },
  { runId: '1003', runNumber: '3', sha: sha('c'), branch: 'feature/x', test: 'unit', at: T0 + 2 * HOUR },
  { runId: '1004', runNumber: '4', sha: sha('d'), branch: 'main', test: 'unit', at: T0 + 4 * HOUR },
];
const prefixOf = (runId: string, test = 'unit'): string => `${ROOT}/${runId}-1/${test}`;

describe('the baseline of a publication', () => {
  let store: ObjectStore;

  beforeAll(async () => {
    store = storeFor(await target.createBucket());
    for (const run of RUNS) await publishRun(store, run);
    const late = (h: number): string => new Date(T0 + h * HOUR).toISOString();
    await writeEntry(store, prefixOf('1005'), { runId: '1005', runNumber: '5', commit: sha('e'), branch: 'main', state: 'failed', startedAt: late(5) });
    await writeEntry(store, prefixOf('1006'), { runId: '1006', runNumber: '6', commit: sha('f'), branch: 'main', state: 'writing', startedAt: late(6) });
    await writeEntry(store, prefixOf('1007'), { runId: '1007', runNumber: '7', commit: sha('a'), branch: 'main', state: 'complete', startedAt: late(7), repository: 'someone/else' });
    await writeEntry(store, prefixOf('1008'), { runId: '1008', runNumber: '8', commit: sha('a'), branch: 'main', state: 'complete', startedAt: late(8), testName: 'Unit' });
    // A fork's pull request from its own `main`: not a publication of this repository's main.
    await writeEntry(store, prefixOf('1011'), { runId: '1011', runNumber: '11', commit: sha('8'), branch: 'main', state: 'complete', startedAt: late(8), pr: { number: 40 } });
  });

  it('of a pull request: the publication of the merge base on the base branch, with the label facts and its manifest', async () => {
    const context = await contextOf({ runId: '1010', runNumber: '10', sha: sha('9'), branch: 'feature/x', pr: { base: 'main', baseSha: sha('d'), head: sha('c') } });
    expect(context.pullRequest).toMatchObject({ number: 17, baseBranch: 'main', baseSha: sha('d'), headSha: sha('c') });
    const withMergeBase = { ...context, pullRequest: { ...context.pullRequest!, mergeBase: sha('a') } };
    const result = await findBaseline({ store, prefix: prefixOf('1010'), testName: 'unit', context: withMergeBase, setting: AUTO, startedAt: new Date(T0 + 10 * HOUR) });
    // Run 1001 is at the merge base; 1007 and 1008 share its commit but are another repository's and another test's.
    expect(result).toMatchObject({
      found: true,
      baseline: {
        prefix: prefixOf('1001'),
        how: 'merge-base',
        branch: 'main',
        commit: sha('a'),
        runId: '1001',
        runNumber: '1',
        runUrl: 'https://github.com/octo-org/octo-repo/actions/runs/1001/attempts/1',
        commitUrl: `https://github.com/octo-org/octo-repo/commit/${sha('a')}`,
        startedAt: new Date(T0).toISOString(),
      },
    });
    if (!result.found) return;
    expect(result.baseline.note).toContain('merge base');
    expect(result.baseline.note).toContain('main @ aaaaaaa (run #1)');
    const manifest = await readManifest(store, result.baseline.manifestKey);
    expect(manifest).toMatchObject({ prefix: prefixOf('1001'), commit: sha('a'), testName: 'unit' });
    expect(manifest?.files.map((f) => f.path).sort()).toEqual(['logs/run.log', 'result.txt']);
  });

  it('of a pull request whose merge base has no publication (or is unknown): the newest on the base branch started before it, and the note says so', async () => {
    const context = await contextOf({ runId: '1003', runNumber: '3', sha: sha('9'), branch: 'feature/x', pr: { base: 'main', baseSha: sha('b'), head: sha('c') } });
    const at = new Date(T0 + 3 * HOUR);
    const unpublished = { ...context, pullRequest: { ...context.pullRequest!, mergeBase: sha('7') } };
    const result = await findBaseline({ store, prefix: `${ROOT}/1003-2/unit`, testName: 'unit', context: unpublished, setting: AUTO, startedAt: at });
    // 1004 is on main but started after this run; 1003-1 is the PR's own branch.
    expect(result).toMatchObject({ found: true, baseline: { prefix: prefixOf('1002'), how: 'newest-on-base', commit: sha('b') } });
    if (result.found) expect(result.baseline.note).toMatch(/merge base 7777777 has no publication of "unit" on main/);
    const unknown = await findBaseline({ store, prefix: `${ROOT}/1003-2/unit`, testName: 'unit', context, setting: AUTO, startedAt: at });
    expect(unknown).toMatchObject({ found: true, baseline: { prefix: prefixOf('1002'), how: 'newest-on-base' } });
    if (unknown.found) expect(unknown.baseline.note).toMatch(/merge base of pull request #17 is unknown/);
    const first = await findBaseline({ store, prefix: `${ROOT}/1000-1/unit`, testName: 'unit', context, setting: AUTO, startedAt: new Date(T0 - HOUR) });
    expect(first).toEqual({ found: false, reason: expect.stringMatching(/no earlier publication of "unit" on main/) as unknown });
  });

  it('of a push: the previous publication of the same branch and test, never a newer one, another branch\'s, a failed or a writing one', async () => {
    const at = (h: number): Date => new Date(T0 + h * HOUR);
    const push = async (runId: string, branch: string, test = 'unit', h = 9) =>
      findBaseline({ store, prefix: prefixOf(runId, test), testName: test, context: await contextOf({ runId, runNumber: runId.slice(-2), sha: sha('9'), branch }), setting: AUTO, startedAt: at(h) });
    // After the failed (1005), the writing (1006), another repository's (1007), another test's
    // (1008) and a fork's pull request from its `main` (1011): 1004.
    expect(await push('1009', 'main')).toMatchObject({ found: true, baseline: { prefix: prefixOf('1004'), how: 'previous-on-branch', commit: sha('d') } });
    expect(await push('1020', 'main', 'unit', 20)).toMatchObject({ found: true, baseline: { prefix: prefixOf('1004') } });
    // Run 1003 came before 1004 (the run id ranks first, whatever the clock): 1002, not the newer 1004, nor feature/x's 1003.
    expect(await push('1003', 'main', 'unit', 3)).toMatchObject({ found: true, baseline: { prefix: prefixOf('1002') } });
    expect(await push('1009', 'feature/x')).toMatchObject({ found: true, baseline: { prefix: prefixOf('1003'), branch: 'feature/x' } });
    expect(await push('1009', 'main', 'e2e')).toMatchObject({ found: true, baseline: { prefix: prefixOf('1001', 'e2e'), branch: 'main' } });
    expect(await push('1001', 'main')).toEqual({ found: false, reason: expect.stringMatching(/no earlier publication of "unit" on main/) as unknown });
    expect(await push('1009', 'release/1')).toMatchObject({ found: false });
  });

  it('of a pull request whose base the CI does not name (CircleCI): the previous publication of its branch, and the note says why', async () => {
    const context = { ...(await contextOf({ runId: '1012', runNumber: '12', sha: sha('9'), branch: 'feature/x' })), pullRequest: { number: 17 } };
    const result = await findBaseline({ store, prefix: prefixOf('1012'), testName: 'unit', context, setting: AUTO, startedAt: new Date(T0 + 12 * HOUR) });
    expect(result).toMatchObject({ found: true, baseline: { prefix: prefixOf('1003'), how: 'previous-on-branch' } });
    if (result.found) expect(result.baseline.note).toMatch(/names no base branch of pull request #17/);
  });

  it('explicit: a key prefix, s3://<bucket>/<prefix> or the publication\'s URL (path style); another bucket refused; nothing there is no baseline', async () => {
    const context = await contextOf({ runId: '1009', runNumber: '9', sha: sha('9'), branch: 'main' });
    const explicit = (t: string) => findBaseline({ store, prefix: prefixOf('1009'), testName: 'unit', context, setting: { mode: 'explicit', target: t }, startedAt: new Date(T0 + 9 * HOUR) });
    const url = store.publicUrl(`${prefixOf('1003')}/index.html`);
    expect(url.startsWith(`${target.endpoint}/${store.bucket}/`)).toBe(true);
    for (const t of [prefixOf('1003'), `s3://${store.bucket}/${prefixOf('1003')}/`, url, `${store.publicUrl(prefixOf('1003'))}/`]) {
      const result = await explicit(t);
      expect(result, t).toMatchObject({ found: true, baseline: { prefix: prefixOf('1003'), how: 'explicit', branch: 'feature/x', commit: sha('c'), runNumber: '3' } });
      if (result.found) expect((await readManifest(store, result.baseline.manifestKey))?.prefix).toBe(prefixOf('1003'));
    }
    await expect(explicit(`s3://another-bucket/${prefixOf('1003')}`)).rejects.toThrow(InputError);
    await expect(explicit(`s3://another-bucket/${prefixOf('1003')}`)).rejects.toThrow(/input `compare`/);
    await expect(explicit('https://example.com/x/index.html')).rejects.toThrow(/input `compare`/);
    expect(await explicit(`${ROOT}/0999-1/unit`)).toEqual({ found: false, reason: expect.stringMatching(/no publication at octo-org\/octo-repo\/0999-1\/unit\//) as unknown });
    expect(await explicit(prefixOf('1006'))).toMatchObject({ found: false });
  });

  it('explicit: a publication without a claim (an earlier version\'s) is read by its manifest', async () => {
    const legacy = `${ROOT}/0990-1/unit`;
    const source = await readManifest(store, `${prefixOf('1002')}/manifest.json`);
    await store.put({ key: `${legacy}/manifest.json`, body: Buffer.from(JSON.stringify({ ...source, prefix: legacy })), contentType: 'application/json', metadata: { generated: 'manifest' } });
    const context = await contextOf({ runId: '1009', runNumber: '9', sha: sha('9'), branch: 'main' });
    const result = await findBaseline({ store, prefix: prefixOf('1009'), testName: 'unit', context, setting: { mode: 'explicit', target: legacy }, startedAt: new Date(T0) });
    expect(result).toMatchObject({ found: true, baseline: { prefix: legacy, manifestKey: `${legacy}/manifest.json`, commit: sha('b'), branch: 'main', startedAt: new Date(T0 + HOUR).toISOString() } });
  });

  it('off, and a prefix with no history, answer without a request', async () => {
    const { store: watched, calls } = counting(store);
    const context = await contextOf({ runId: '1009', runNumber: '9', sha: sha('9'), branch: 'main' });
    expect(await findBaseline({ store: watched, prefix: prefixOf('1009'), testName: 'unit', context, setting: { mode: 'off' }, startedAt: new Date() })).toEqual({ found: false, reason: 'compare: off' });
    const none = await findBaseline({ store: watched, prefix: 'outputs/unit', testName: 'unit', context, setting: AUTO, startedAt: new Date() });
    expect(none).toEqual({ found: false, reason: expect.stringMatching(/outputs\/unit\/ has no history/) as unknown });
    expect(calls).toEqual([]);
  });
});

describe('the cost of finding the baseline', () => {
  it('with the root\'s index: one listing and two GETs (the index, the chosen entry); other tests\' entries never read; without it, a GET per entry of the test', async () => {
    const store = storeFor(await target.createBucket());
    const runs = ['2001', '2002', '2003', '2004'];
    for (const [i, runId] of runs.entries()) await publishRun(store, { runId, runNumber: String(i + 1), sha: sha(String(i + 1)), branch: 'main', test: 'unit', at: T0 + i * HOUR });
    // Another test's entries, not in the index: filtered out by their key before any GET.
    for (const runId of runs) await writeEntry(store, prefixOf(runId, 'e2e'), { runId, commit: sha('e'), branch: 'main', state: 'complete', startedAt: new Date(T0).toISOString(), testName: 'e2e' });
    const context = await contextOf({ runId: '2005', runNumber: '5', sha: sha('5'), branch: 'main' });
    const find = (s: ObjectStore) => findBaseline({ store: s, prefix: prefixOf('2005'), testName: 'unit', context, setting: AUTO, startedAt: new Date(T0 + 5 * HOUR) });

    const cached = counting(store);
    expect(await find(cached.store)).toMatchObject({ found: true, baseline: { prefix: prefixOf('2004') } });
    expect(cached.calls.filter((c) => c.startsWith('list '))).toEqual([`list ${ROOT}/_children/`]);
    expect(cached.calls.filter((c) => c.startsWith('get ')).sort()).toEqual([`get ${cacheKey(ROOT)}`, `get ${rootEntryKey(historyPlace(prefixOf('2004'))!)}`].sort());
    expect(cached.calls).toHaveLength(3);

    await store.delete(cacheKey(ROOT));
    const uncached = counting(store);
    expect(await find(uncached.store)).toMatchObject({ found: true, baseline: { prefix: prefixOf('2004') } });
    const gets = uncached.calls.filter((c) => c.startsWith('get ') && c.includes('/_children/'));
    expect(gets.sort()).toEqual(runs.map((r) => `get ${rootEntryKey(historyPlace(prefixOf(r))!)}`).sort());
  });
});

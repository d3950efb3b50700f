// publish() in-process against the fake store: the stages in order, the claim, the clash and
// a replace, progress as the stages report it, without a server or a child process (the
// integration tests do those for real).
import { create } from '@actions/glob';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputs } from '../src/inputs.js';
import { childKey } from '../src/layout.js';
import { publish, type Logger, type ProgressEvent } from '../src/publish.js';
import { createFakeStore, type FakeStore } from '../src/store/fake.js';
import { FatalStorageError } from '../src/util/errors.js';
import { humanBytes } from '../src/util/format.js';
import { plotPng } from './helpers/images.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pto-inprocess-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
let n = 0;

async function workspace(files: Record<string, string>): Promise<string> {
  const ws = path.join(root, `ws-${++n}`);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(ws, 'out', rel)), { recursive: true });
    await writeFile(path.join(ws, 'out', rel), text);
  }
  return ws;
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`), debug: () => undefined, group: (_name, fn) => fn() };
}

async function run(store: FakeStore, ws: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}, log = logger()) {
  const all: Record<string, string> = { bucket: store.bucket, path: path.join(ws, 'out'), 'test-name': 'unit', prefix: 'results/unit', ...inputs };
  const parsed = parseInputs((name) => all[name] ?? '', { GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7', ...env });
  const result = await publish(parsed, { store, glob: create, log, now: () => new Date(), tempRoot: root });
  return { result, log };
}

describe('publish() in-process on the fake store', () => {
  it('stores every file byte-exact, then the pages, the manifest, and a complete claim', async () => {
    const store = createFakeStore();
    const files = { 'a.txt': 'a\n', 'logs/b.log': 'b\n' };
    const { result } = await run(store, await workspace(files));
    expect(result.files).toBe(2);
    for (const [rel, text] of Object.entries(files)) expect(sha(store.objects.get(`results/unit/${rel}`)!.body)).toBe(sha(text));
    expect(store.objects.get('results/unit/index.html')!.contentType).toBe('text/html; charset=utf-8');
    expect(store.objects.get('results/unit/logs/index.html')).toBeDefined();
    const manifest = JSON.parse(store.objects.get('results/unit/manifest.json')!.body.toString()) as { files: { path: string; sha256: string }[] };
    expect(manifest.files.map((f) => [f.path, f.sha256])).toEqual(Object.entries(files).map(([p, t]) => [p, sha(t)]));
    expect(JSON.parse(store.objects.get(childKey('results/unit'))!.body.toString())).toMatchObject({ kind: 'publication', state: 'complete', files: 2, runId: '7' });
  });

  it('refuses a second publication into the prefix before writing anything, as a configuration error', async () => {
    const store = createFakeStore();
    await run(store, await workspace({ 'a.txt': 'first' }));
    const before = new Map([...store.objects].map(([k, o]) => [k, sha(o.body)]));
    const second = run(store, await workspace({ 'a.txt': 'second' }), {}, { GITHUB_RUN_ID: '8' });
    await expect(second).rejects.toThrow(/^prefix results\/unit\/ already holds a publication \(o\/r run 7 attempt 1, test "unit", complete at [^)]+\): set if-exists: replace to replace it/);
    await second.catch((e: unknown) => expect(e instanceof FatalStorageError && e.config && e.uploadedBefore === 0).toBe(true));
    expect(new Map([...store.objects].map(([k, o]) => [k, sha(o.body)]))).toEqual(before);
  });

  it('if-exists: replace leaves exactly the new publication', async () => {
    const store = createFakeStore();
    await run(store, await workspace({ 'old.txt': 'old', 'dir/x.txt': 'x' }));
    const { log } = await run(store, await workspace({ 'new.txt': 'new' }), { 'if-exists': 'replace' }, { GITHUB_RUN_ID: '8' });
    expect([...store.objects.keys()].filter((k) => k.startsWith('results/unit/')).sort()).toEqual(['results/unit/index.html', 'results/unit/manifest.json', 'results/unit/new.txt']);
    expect(log.lines).toContain('removed 3 objects of the publication this one replaced');
  });

  it('on a server that ignores conditional writes, of two publications into one prefix at once exactly one wins', async () => {
    const store = createFakeStore({ ignoreConditions: true });
    const [a, b] = await Promise.allSettled([run(store, await workspace({ 'a.txt': 'A' })), run(store, await workspace({ 'a.txt': 'B' }))]);
    const won = [a, b].filter((r) => r.status === 'fulfilled');
    const lost = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(String(lost[0]!.reason)).toMatch(/give each matrix job its own test-name/);
    const winner = won[0]!.status === 'fulfilled' && a.status === 'fulfilled' ? 'A' : 'B';
    expect(store.objects.get('results/unit/a.txt')!.body.toString()).toBe(winner);
  });

  it('reports compression and upload progress step by step to a logger that shows it, else upload lines only', async () => {
    const ws = await workspace({ 'a.txt': 'a', 'b.txt': 'bb', 'c.txt': 'ccc' });
    const png = await plotPng();
    await writeFile(path.join(ws, 'out/plot-1.png'), png);
    await writeFile(path.join(ws, 'out/plot-2.png'), png);
    const events: ProgressEvent[] = [];
    const showing = { ...logger(), progress: (e: ProgressEvent) => events.push(e) };
    const { result } = await run(createFakeStore(), ws, {}, {}, showing);
    const compress = events.filter((e) => e.stage === 'compress');
    expect(compress.map((e) => [e.done, e.total])).toEqual([[0, 2], [1, 2], [2, 2]]);
    expect(compress.at(-1)!.bytes).toBe(2 * png.length);
    const upload = events.filter((e) => e.stage === 'upload');
    expect(upload.map((e) => e.done)).toEqual([1, 2, 3, 4, 5]);
    expect(upload.every((e) => e.total === 5)).toBe(true);
    expect(upload.at(-1)!.bytes).toBe(result.bytes);
    expect(events.indexOf(compress.at(-1)!)).toBeLessThan(events.indexOf(upload[0]!));
    expect(showing.lines.filter((l) => /^uploaded \d/.test(l))).toEqual([]);

    const plain = logger();
    await run(createFakeStore(), ws, {}, {}, plain);
    expect(plain.lines.filter((l) => /^uploaded \d/.test(l)).at(-1)).toBe(`uploaded 5/5 files, ${humanBytes(result.bytes)}`);
    expect(plain.lines.filter((l) => /^compressed \d+\/\d+ images/.test(l))).toEqual([]);
  });
});

// The baseline's rules in process, on the fake store: a re-run compares with the run's earlier
// attempt (so identical outputs show no change), an explicit target that is this publication or
// one still being written is no baseline, and readManifest reads only manifests.
import { describe, expect, it } from 'vitest';
import { findBaseline, readManifest } from '../src/compare/baseline.js';
import type { RunContext } from '../src/config.js';
import { ENTRY_VERSION, serializeEntry, type HistoryEntry } from '../src/history/entry.js';
import { childKey, historyPlace, rootEntryKey } from '../src/layout.js';
import { createFakeStore } from '../src/store/fake.js';
import type { ObjectStore } from '../src/store/store.js';

const REPO = 'octo-org/octo-repo';
const context = (o: Partial<RunContext> = {}): RunContext => ({
  repository: REPO,
  sha: 'a'.repeat(40),
  ref: 'refs/heads/main',
  branch: 'main',
  runId: '500',
  runAttempt: '2',
  workflow: 'CI',
  job: 'test',
  serverUrl: 'https://github.com',
  workspace: '/w',
  ...o,
});

async function entry(store: ObjectStore, prefix: string, e: Partial<HistoryEntry>): Promise<void> {
  const full: HistoryEntry = {
    kind: 'publication',
    version: ENTRY_VERSION,
    token: prefix,
    prefix,
    testName: 'unit',
    repository: REPO,
    commit: 'a'.repeat(40),
    branch: 'main',
    runId: '500',
    runAttempt: '1',
    workflow: 'CI',
    job: 'test',
    state: 'complete',
    startedAt: '2026-11-20T10:00:00.000Z',
    manifest: `${prefix}/manifest.json`,
    ...e,
  };
  const body = serializeEntry(full);
  await store.put({ key: childKey(prefix), body, contentType: 'application/json' });
  await store.put({ key: rootEntryKey(historyPlace(prefix)!), body, contentType: 'application/json' });
}

describe('the baseline, in process', () => {
  it('of a re-run is the same run\'s earlier attempt (the same commit), not an older run', async () => {
    const store = createFakeStore();
    await entry(store, `${REPO}/499-1/unit`, { runId: '499', commit: 'b'.repeat(40), startedAt: '2026-11-20T11:00:00.000Z' });
    await entry(store, `${REPO}/500-1/unit`, {});
    const result = await findBaseline({ store, prefix: `${REPO}/500-2/unit`, testName: 'unit', context: context(), setting: { mode: 'auto' }, startedAt: new Date('2026-11-20T09:00:00Z') });
    expect(result).toMatchObject({ found: true, baseline: { prefix: `${REPO}/500-1/unit`, runAttempt: '1', manifestKey: `${REPO}/500-1/unit/manifest.json`, how: 'previous-on-branch' } });
  });

  it('explicit: this publication itself, or one still being written, is no baseline; a URL of the store is read back', async () => {
    const store = createFakeStore();
    await entry(store, `${REPO}/400-1/unit`, { runId: '400', state: 'writing' });
    await entry(store, `${REPO}/401-1/unit`, { runId: '401' });
    const find = (target: string) => findBaseline({ store, prefix: `${REPO}/500-2/unit`, testName: 'unit', context: context(), setting: { mode: 'explicit', target }, startedAt: new Date() });
    expect(await find(`${REPO}/500-2/unit`)).toEqual({ found: false, reason: expect.stringMatching(/is this publication itself/) as unknown });
    expect(await find(`${REPO}/400-1/unit`)).toEqual({ found: false, reason: expect.stringMatching(/still being written/) as unknown });
    expect(await find(store.publicUrl(`${REPO}/401-1/unit/index.html`))).toMatchObject({ found: true, baseline: { prefix: `${REPO}/401-1/unit`, runId: '401', how: 'explicit' } });
  });

  it('readManifest: a manifest, else undefined (missing, not JSON, not a manifest)', async () => {
    const store = createFakeStore();
    const put = (key: string, text: string) => store.put({ key, body: Buffer.from(text), contentType: 'application/json' });
    await put('good.json', JSON.stringify({ version: 1, testName: 'unit', files: [] }));
    await put('broken.json', '{"version": 1, "files": [');
    await put('other.json', JSON.stringify({ version: 2, files: [] }));
    await put('null.json', 'null');
    expect(await readManifest(store, 'good.json')).toMatchObject({ testName: 'unit', files: [] });
    for (const key of ['missing.json', 'broken.json', 'other.json', 'null.json']) expect(await readManifest(store, key), key).toBeUndefined();
  });
});

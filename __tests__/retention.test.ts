// applyRetention on the fake store, with publications planted as the action leaves them: the
// per-run bound and what the log says about it, records that are data and not orders (nothing
// outside the history root, never the publication just made), and the log lines themselves.
import { describe, expect, it } from 'vitest';
import { applyRetention, retentionLines, retentionText } from '../src/history/retention.js';
import { createFakeStore, type FakeStore } from '../src/store/fake.js';

const ROOT = 'o/r';
const NOW = new Date('2026-12-02T12:00:00Z');
const DAY = 86400_000;

async function plant(store: FakeStore, run: string, test: string, finishedAt: Date): Promise<void> {
  const prefix = `${ROOT}/${run}/${test}`;
  const claim = { kind: 'publication', version: 1, token: prefix, prefix, state: 'complete', startedAt: finishedAt.toISOString(), finishedAt: finishedAt.toISOString(), files: 2 };
  await store.put({ key: `${ROOT}/${run}/_children/${test}`, body: Buffer.from(JSON.stringify(claim)), contentType: 'application/json', metadata: { generated: 'publication-claim' } });
  await store.put({ key: `${ROOT}/_children/${run}`, body: Buffer.alloc(0), contentType: 'application/octet-stream' });
  for (const f of ['a.txt', 'index.html', 'manifest.json']) await store.put({ key: `${prefix}/${f}`, body: Buffer.from(f), contentType: 'text/plain' });
}

function log() {
  const lines: string[] = [];
  return { lines, info: (m: string) => lines.push(m), warning: (m: string) => lines.push(`warning: ${m}`), debug: () => undefined };
}

const run = (store: FakeStore, l = log(), limits = { publications: 1000, objects: 50_000 }) =>
  applyRetention({ store, prefix: `${ROOT}/now-1/unit`, retentionSeconds: 7 * 86400, now: () => NOW, acl: undefined, pages: false, log: l, limits, sleep: async () => undefined });

describe('applyRetention on the fake store', () => {
  it('deletes at most the limit per run, oldest first, and says how many are left', async () => {
    // The fake store stamps listings with this clock: the markers are old too.
    const store = createFakeStore({ now: () => new Date(NOW.getTime() - 30 * DAY) });
    for (let i = 0; i < 12; i++) await plant(store, `${100 + i}-1`, 'unit', new Date(NOW.getTime() - (30 - i) * DAY));
    await plant(store, 'now-1', 'unit', NOW);
    const first = await run(store, log(), { publications: 5, objects: 50_000 });
    expect(first).toMatchObject({ publications: 5, objects: 15, emptiedRuns: 5, resumed: 0 });
    expect(first.remaining + first.runsLeft).toBeGreaterThan(0);
    expect([...store.objects.keys()].filter((k) => k.startsWith(`${ROOT}/100-1/`) || k.startsWith(`${ROOT}/104-1/`))).toEqual([]);
    expect(store.objects.has(`${ROOT}/105-1/unit/a.txt`)).toBe(true);
    const lines = retentionLines(first, 7 * 86400, { publications: 5, objects: 50_000 });
    expect(lines[0]).toBe('deleted 5 publications older than 7d (15 objects, 5 emptied runs)');
    expect(lines[1]).toMatch(/left for later runs \(at most 5 publications and about 50,000 objects are deleted per run\)$/);

    const second = await run(store, log(), { publications: 5, objects: 50_000 });
    const third = await run(store, log(), { publications: 5, objects: 50_000 });
    expect(second.publications + third.publications).toBe(7);
    expect(third.remaining + third.runsLeft).toBe(0);
    expect([...store.objects.keys()].filter((k) => !k.startsWith(`${ROOT}/now-1/`) && k !== `${ROOT}/_children/now-1` && k !== `${ROOT}/_retention/runs/now-1`)).toEqual([]);
    expect(store.objects.has(`${ROOT}/now-1/unit/a.txt`)).toBe(true);
  });

  it('a record found at start deletes only publications of this root, never the one just made', async () => {
    const store = createFakeStore();
    await plant(store, 'now-1', 'unit', NOW);
    await store.put({ key: 'elsewhere/x/y/a.txt', body: Buffer.from('x'), contentType: 'text/plain' });
    await store.put({ key: `${ROOT}/../elsewhere/a.txt`, body: Buffer.from('x'), contentType: 'text/plain' });
    const record = { kind: 'retention', version: 1, createdAt: NOW.toISOString(), root: ROOT, prefixes: ['elsewhere/x/y', `${ROOT}/../../elsewhere/x`, `${ROOT}/../elsewhere`, `${ROOT}/now-1/unit`, `${ROOT}/now-1`] };
    await store.put({ key: `${ROOT}/_retention/1.json`, body: Buffer.from(JSON.stringify(record)), contentType: 'application/json' });
    await store.put({ key: `${ROOT}/_retention/2.json`, body: Buffer.from('not json'), contentType: 'application/json' });
    const l = log();
    const report = await run(store, l);
    expect(report.resumed).toBe(1);
    expect(report.publications).toBe(0);
    expect(store.objects.has('elsewhere/x/y/a.txt')).toBe(true);
    expect(store.objects.has(`${ROOT}/../elsewhere/a.txt`)).toBe(true);
    expect(store.objects.has(`${ROOT}/now-1/unit/a.txt`)).toBe(true);
    expect(store.objects.has(`${ROOT}/_retention/1.json`)).toBe(false);
    expect(l.lines.filter((x) => x.startsWith('warning'))).toEqual([]);
  });

  it('without anything expired, says so', async () => {
    const store = createFakeStore();
    await plant(store, '1-1', 'unit', new Date(NOW.getTime() - DAY));
    await plant(store, 'now-1', 'unit', NOW);
    const report = await run(store);
    expect(report.publications).toBe(0);
    expect(retentionLines(report, 7 * 86400)).toEqual(['no publication older than 7d to delete']);
    expect(store.objects.has(`${ROOT}/1-1/unit/a.txt`)).toBe(true);
  });
});

describe('retentionText', () => {
  it('writes the retention in its largest whole unit', () => {
    expect(retentionText(30 * 86400)).toBe('30d');
    expect(retentionText(12 * 3600)).toBe('12h');
    expect(retentionText(90 * 60)).toBe('90m');
    expect(retentionText(45)).toBe('45s');
  });
});

// A level's pages through its index of entries (history/cache.ts, history/levels.ts)
// on the in-memory store: entries read once, then from the index by ETag; only changed pages
// written; archive pages beyond the last removed; nothing lost when entries change under it.
import { describe, expect, it } from 'vitest';
import { serializeEntry, type HistoryEntry } from '../src/history/entry.js';
import { HISTORY_CACHE_NAME } from '../src/layout.js';
import { refreshLevel } from '../src/history/levels.js';
import { createFakeStore, type FakeStore } from '../src/store/fake.js';
import type { ObjectStore } from '../src/store/store.js';

function entry(run: number, test: string): HistoryEntry {
  return {
    kind: 'publication', version: 2, token: `${run}-${test}`, prefix: `o/r/${run}-1/${test}`, state: 'complete',
    startedAt: new Date(Date.UTC(2026, 11, 1, 0, run)).toISOString(), testName: test, repository: 'o/r', commit: `c${run}`,
    runId: String(run), runAttempt: '1', workflow: 'CI', job: 'j', branch: run % 2 ? 'main' : 'feature/x', files: run, link: `${test}/index.html`,
  };
}

/** Plants run `run` with `tests` as a publication leaves it: marker, root copies, claims. */
async function plant(store: ObjectStore, run: number, tests: string[]): Promise<void> {
  const json = { contentType: 'application/json' };
  await store.put({ key: `o/r/_children/${run}-1`, body: Buffer.alloc(0), contentType: 'application/octet-stream' });
  for (const t of tests) {
    await store.put({ key: `o/r/_children/${run}-1/${t}`, body: serializeEntry(entry(run, t)), ...json });
    await store.put({ key: `o/r/${run}-1/_children/${t}`, body: serializeEntry(entry(run, t)), ...json });
  }
}

/** The store, counting GETs of entries and PUTs by key. */
function counting(store: FakeStore) {
  const counts = { entryGets: 0, puts: [] as string[] };
  const counted: ObjectStore = {
    ...store,
    get: (key) => {
      if (key.includes('/_children/')) counts.entryGets++;
      return store.get(key);
    },
    put: (r) => {
      counts.puts.push(r.key);
      return store.put(r);
    },
    putIf: (r, c) => {
      counts.puts.push(r.key);
      return store.putIf(r, c);
    },
  };
  return { counts, counted };
}

const options = (store: ObjectStore, pageSize = 3) => ({ store, acl: undefined, pageSize, warning: (m: string) => { throw new Error(m); }, sleep: async () => {} });
const html = (store: FakeStore, key: string): string => store.objects.get(key)?.body.toString('utf8') ?? '';

describe('a level rendered through its index of entries', () => {
  it('reads each entry once; later renders GET only new or changed entries, and write only the pages that changed', async () => {
    const store = createFakeStore();
    for (let run = 1; run <= 7; run++) await plant(store, run, ['unit', 'e2e']);
    const first = counting(store);
    await refreshLevel(options(first.counted), ['o', 'r']);
    expect(first.counts.entryGets).toBe(14);
    expect(first.counts.puts.sort()).toEqual(['o/r/_history.json', 'o/r/index.html', 'o/r/page-1.html', 'o/r/page-2.html']);
    expect(html(store, 'o/r/index.html')).toContain('7-1&#x2F;unit&#x2F;index.html');

    await plant(store, 8, ['unit']);
    const second = counting(store);
    await refreshLevel(options(second.counted), ['o', 'r']);
    expect(second.counts.entryGets).toBe(1);
    // 8 runs in pages of 3: index (8, 7, 6), page-1 (3, 2, 1) unchanged, page-2 (5, 4).
    expect(second.counts.puts.sort()).toEqual(['o/r/_history.json', 'o/r/index.html', 'o/r/page-2.html']);
    expect(html(store, 'o/r/page-2.html')).toContain('5-1&#x2F;unit');
    expect(html(store, 'o/r/index.html')).toContain('8-1&#x2F;unit');

    const third = counting(store);
    await refreshLevel(options(third.counted), ['o', 'r']);
    expect(third.counts).toEqual({ entryGets: 0, puts: [] });
  });

  it('a changed entry is read again (its ETag changed); a lost index is rebuilt from the entries', async () => {
    const store = createFakeStore();
    await plant(store, 1, ['unit']);
    await refreshLevel(options(store), ['o', 'r']);
    await store.put({ key: 'o/r/_children/1-1/unit', body: serializeEntry({ ...entry(1, 'unit'), state: 'failed' }), contentType: 'application/json' });
    await refreshLevel(options(store), ['o', 'r']);
    expect(html(store, 'o/r/index.html')).toContain('(failed)');
    store.objects.delete(`o/r/${HISTORY_CACHE_NAME}`);
    const after = counting(store);
    await refreshLevel(options(after.counted), ['o', 'r']);
    expect(after.counts.entryGets).toBe(1);
    expect(html(store, 'o/r/index.html')).toContain('(failed)');
  });

  it('removes archive pages beyond the last when the history shrinks, so none links to what is gone', async () => {
    const store = createFakeStore();
    for (let run = 1; run <= 7; run++) await plant(store, run, ['unit']);
    await refreshLevel(options(store), ['o', 'r']);
    expect(store.objects.has('o/r/page-2.html')).toBe(true);
    for (let run = 1; run <= 4; run++) {
      store.objects.delete(`o/r/_children/${run}-1`);
      store.objects.delete(`o/r/_children/${run}-1/unit`);
    }
    await refreshLevel(options(store), ['o', 'r']);
    expect(store.objects.has('o/r/page-2.html')).toBe(false);
    expect(html(store, 'o/r/page-1.html')).not.toContain('1-1&#x2F;unit');
    expect(html(store, 'o/r/index.html')).not.toContain('page-2.html');
  });

  it('the run level lists its publications from their claims', async () => {
    const store = createFakeStore();
    await plant(store, 3, ['unit', 'e2e', 'lint']);
    await refreshLevel(options(store), ['o', 'r', '3-1']);
    const page = html(store, 'o/r/3-1/index.html');
    expect([...page.matchAll(/<tr class="test"><td><a href="([^"]+)">/g)].map((m) => m[1])).toEqual(['e2e&#x2F;index.html', 'lint&#x2F;index.html', 'unit&#x2F;index.html']);
  });

  it('two renders at once on a server that ignores conditions: the page ends up listing both new runs', async () => {
    const store = createFakeStore({ ignoreConditions: true });
    await plant(store, 1, ['unit']);
    await refreshLevel(options(store), ['o', 'r']);
    await Promise.all([plant(store, 2, ['unit']).then(() => refreshLevel(options(store), ['o', 'r'])), plant(store, 3, ['unit']).then(() => refreshLevel(options(store), ['o', 'r']))]);
    const page = html(store, 'o/r/index.html');
    for (const run of [1, 2, 3]) expect(page).toContain(`${run}-1&#x2F;unit`);
  });
});

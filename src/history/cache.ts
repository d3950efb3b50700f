// A level's children with their entries, read without a GET per entry. S3 listings carry no
// user metadata, so what a page shows of an entry is in the entry's body. Each level keeps a
// compact index of the bodies it has read, `<level>/_history.json` (layout.ts
// HISTORY_CACHE_NAME), keyed by the child's key with the ETag it had: a render lists
// `_children/`, GETs only the entries whose ETag is not in the index, and writes the index back.
// The entry objects stay the truth: the index is only ever a cache of them (a lost or stale
// index costs GETs, never an entry), so concurrent writers need no lock on it.
//
// The listing is the cost that grows with the history (10,000 runs are 20,000 keys, 20
// ListObjectsV2 pages): with an index, the keys it knows split `_children/` into ranges of about
// a page each, listed in parallel (StartAfter … through), which finds new keys too.
import pLimit from 'p-limit';
import { CHILDREN_DIR, HISTORY_CACHE_NAME } from '../layout.js';
import type { ListedObject, ObjectStore, WriteOptions } from '../store/store.js';
import { parseEntry, type HistoryEntry } from './entry.js';
import type { LevelChild } from './model.js';

const CACHE_VERSION = 1;
const GET_CONCURRENCY = 16;
const RANGE_KEYS = 1000;
// More ranges at once did not help on RGW, whose listing is CPU-bound on a small machine (docs/history.md).
const LIST_CONCURRENCY = 2;

/** What the pages use of an entry: the rest (token, manifest, prefix…) stays in the entry, and
 * the index (GET and PUT whole on every render: 10,000 runs are MBs) stays small. */
const PAGE_FIELDS = [
  'testName', 'state', 'startedAt', 'finishedAt', 'event', 'branch', 'pr', 'commit', 'commitUrl',
  'runId', 'runAttempt', 'runNumber', 'runUrl', 'files', 'bytes', 'failures', 'images', 'link', 'results',
] as const;

export interface LevelCache {
  version: typeof CACHE_VERSION;
  /** By key under `_children/`: the ETag read, and the entry (none for a marker). */
  children: Record<string, { etag: string; entry?: HistoryEntry }>;
  /** By page name: the hash of the view it was rendered from (pages.ts), to skip unchanged pages. */
  pages: Record<string, string>;
}

export const emptyCache = (): LevelCache => ({ version: CACHE_VERSION, children: {}, pages: {} });

export const cacheKey = (level: string): string => `${level}/${HISTORY_CACHE_NAME}`;

export async function readCache(store: ObjectStore, level: string): Promise<LevelCache> {
  try {
    const parsed = JSON.parse((await store.get(cacheKey(level)))?.toString('utf8') ?? '') as Partial<LevelCache>;
    if (parsed.version === CACHE_VERSION && typeof parsed.children === 'object' && typeof parsed.pages === 'object') return parsed as LevelCache;
  } catch {
    // Missing, unreadable or from another version: rebuilt from the entries.
  }
  return emptyCache();
}

export async function writeCache(store: ObjectStore, level: string, cache: LevelCache, options: WriteOptions): Promise<void> {
  await store.put({
    key: cacheKey(level),
    body: Buffer.from(JSON.stringify(cache), 'utf8'),
    contentType: 'application/json',
    cacheControl: 'no-cache',
    metadata: { generated: 'history-cache' },
    options,
  });
}

function compact(entry: HistoryEntry): HistoryEntry {
  const source = entry as unknown as Record<string, unknown>;
  return Object.fromEntries(PAGE_FIELDS.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])) as unknown as HistoryEntry;
}

/** Every key under `base`, listed in parallel ranges split at every RANGE_KEYS-th known key
 * (`known`: the keys under `base` an index holds, relative to it). */
export async function listAll(store: ObjectStore, base: string, known: readonly string[]): Promise<ListedObject[]> {
  const sorted = known.map((k) => base + k).sort();
  const bounds: string[] = [];
  for (let i = RANGE_KEYS - 1; i < sorted.length - 1; i += RANGE_KEYS) bounds.push(sorted[i] as string);
  if (bounds.length === 0) return store.list(base);
  const limit = pLimit(LIST_CONCURRENCY);
  const ranges = [undefined, ...bounds].map((startAfter, i) => ({ startAfter, through: bounds[i] }));
  const parts = await Promise.all(
    ranges.map((r) => limit(() => store.list(base, { ...(r.startAfter !== undefined ? { startAfter: r.startAfter } : {}), ...(r.through !== undefined ? { through: r.through } : {}) }))),
  );
  return parts.flat();
}

export interface LevelRead {
  children: LevelChild[];
  /** The index for what was listed (entries no longer listed are gone from it). */
  cache: LevelCache;
  /** Whether the index differs from the one read (entries added, changed or gone). */
  changed: boolean;
  /** Entries read with a GET (not in the index). */
  fetched: number;
}

/** The children of `level`, with their entries: from `cache` where the ETag matches, else read. */
export async function readChildren(store: ObjectStore, level: string, cache: LevelCache): Promise<LevelRead> {
  const base = `${level}/${CHILDREN_DIR}/`;
  const listed = (await listAll(store, base, Object.keys(cache.children))).filter((o) => o.key.length > base.length);
  const limit = pLimit(GET_CONCURRENCY);
  let fetched = 0;
  const next: LevelCache['children'] = {};
  const children = await Promise.all(
    listed.map(async (o): Promise<LevelChild> => {
      const name = o.key.slice(base.length);
      const known = cache.children[name];
      let entry: HistoryEntry | undefined;
      if (known !== undefined && known.etag === o.etag) entry = known.entry;
      else if (o.size > 0) {
        fetched++;
        const got = parseEntry(await limit(() => store.get(o.key)));
        entry = got && compact(got);
      }
      next[name] = entry ? { etag: o.etag, entry } : { etag: o.etag };
      return { name, updatedAt: o.lastModified, ...(entry ? { entry } : {}) };
    }),
  );
  const changed = fetched > 0 || Object.keys(cache.children).length !== listed.length || listed.some((o) => cache.children[o.key.slice(base.length)]?.etag !== o.etag);
  return { children, cache: { version: CACHE_VERSION, children: next, pages: cache.pages }, changed, fetched };
}

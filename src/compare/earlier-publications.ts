// The publications of one test at a history root, newest first, read the way the repository page
// reads them (history/cache.ts): one listing of `<root>/_children/`, the entries from the root's
// index (`_history.json`, read only, never written back here) where the ETag matches, and a GET
// only for the few the index does not know yet. The keys are filtered by the test's segment
// before anything is read, so 10,000 runs of 20 tests cost one listing and at most a few GETs.
//
// The index holds the entries as the pages use them (no `manifest`, `prefix`, `repository`):
// `fullEntry` reads the one entry chosen.
import pLimit from 'p-limit';
import { CHILDREN_DIR, type HistoryPlace } from '../layout.js';
import { listAll, readCache } from '../history/cache.js';
import { parseEntry, type HistoryEntry } from '../history/entry.js';
import { stableOrderKey } from '../history/stable-order.js';
import type { ObjectStore } from '../store/store.js';

const GET_CONCURRENCY = 16;

export interface EarlierPublication {
  /** Its entry's copy at the history root, `<root>/_children/<run>/<test>`. */
  key: string;
  /** `<root>/<run>/<test>`. */
  prefix: string;
  /** Its place in the history's order (history/stable-order.ts). */
  order: string;
  entry: HistoryEntry;
  /** Whether `entry` is the whole stored entry (read now), not the index's compact copy. */
  whole: boolean;
}

export interface EarlierRead {
  publications: EarlierPublication[];
  /** Entries read with a GET (not in the index). */
  fetched: number;
}

/** A start time that sorts, whatever the entry holds. */
const startOf = (entry: Pick<HistoryEntry, 'startedAt'>): Date => {
  const at = Date.parse(entry.startedAt);
  return new Date(Number.isNaN(at) ? 0 : at);
};

/** The entry's place in the order, as the stable links rank publications. */
export function orderOf(entry: Pick<HistoryEntry, 'runId' | 'runAttempt' | 'runNumber' | 'startedAt'>, prefix: string): string {
  return stableOrderKey(
    { runId: String(entry.runId), runAttempt: String(entry.runAttempt), ...(entry.runNumber !== undefined ? { runNumber: String(entry.runNumber) } : {}) },
    startOf(entry),
    prefix,
  );
}

/** Every publication under `place.root` whose test segment is `place.test` (this one's, if it is
 * listed already, included), newest first. */
export async function readTestPublications(store: ObjectStore, place: HistoryPlace): Promise<EarlierRead> {
  const cache = await readCache(store, place.root);
  const base = `${place.root}/${CHILDREN_DIR}/`;
  const suffix = `/${place.test}`;
  // `<run>/<test>`: a run's marker (`<run>`) has no slash; a run segment never has one.
  const listed = (await listAll(store, base, Object.keys(cache.children))).filter((o) => {
    const name = o.key.slice(base.length);
    return name.endsWith(suffix) && name.indexOf('/') === name.length - suffix.length && name.length > suffix.length;
  });
  const limit = pLimit(GET_CONCURRENCY);
  let fetched = 0;
  const read = await Promise.all(
    listed.map(async (o): Promise<EarlierPublication | undefined> => {
      const name = o.key.slice(base.length);
      const prefix = `${place.root}/${name}`;
      const known = cache.children[name];
      let entry: HistoryEntry | undefined;
      let whole = false;
      if (known !== undefined && known.etag === o.etag) entry = known.entry;
      else if (o.size > 0) {
        fetched++;
        entry = parseEntry(await limit(() => store.get(o.key)));
        whole = true;
      }
      return entry === undefined ? undefined : { key: o.key, prefix, order: orderOf(entry, prefix), entry, whole };
    }),
  );
  const publications = read.filter((p): p is EarlierPublication => p !== undefined).sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0));
  return { publications, fetched };
}

/** The whole entry of `p` (one GET unless it was read whole already); undefined when it is gone
 * or unreadable since it was listed. */
export async function fullEntry(store: ObjectStore, p: EarlierPublication): Promise<HistoryEntry | undefined> {
  return p.whole ? p.entry : parseEntry(await store.get(p.key));
}

// Index pages for the levels above a publication (`owner/`, `owner/repo/` listing runs,
// `owner/repo/run/` listing tests), which concurrent jobs and later runs all update.
//
// No update may be lost. Every child of a level has an object of its own there,
// `<level>/_children/<child>` (layout.ts childKey): a publication's claim (storage/claim.ts),
// or a marker for a level below. Distinct keys, so concurrent writers never overwrite each
// other's entry. A level's page is rendered from ListObjectsV2 of its markers and written with
// a conditional PutObject (If-Match on the ETag read, If-None-Match: * when creating), retried
// on 412/409. Servers that ignore conditions (some S3-compatible ones) are covered too: after
// every write the children are listed again, and the page is rewritten until it shows them all.
// (The store learns whether the server wants If-Match's ETag quoted.)
import { CHILDREN_DIR, childKey } from '../layout.js';
import { buildParentView, type ChildEntry } from '../report/parent-model.js';
import { renderParent } from '../report/render.js';
import type { CannedAcl, ObjectStore } from '../store/store.js';
import { claimedName, MARKER_GENERATED } from './claim.js';

/** `generated` metadata of a level's page (retention deletes only those of emptied runs). */
export const GENERATED = 'parent-index';
const MAX_ROUNDS = 10;

export interface ParentOptions {
  store: ObjectStore;
  /** The publication's prefix; every proper prefix of it gets a page. */
  prefix: string;
  /** The canned ACL asked for, if any: shared pages must be as readable as the publication. */
  acl: CannedAcl | undefined;
  warning: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

interface Current {
  etag: string | undefined;
  /** An index.html that this action did not write: never overwritten. */
  foreign: boolean;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function current(o: LevelOptions, key: string): Promise<Current> {
  const head = await o.store.head(key);
  return head === undefined ? { etag: undefined, foreign: false } : { etag: head.etag, foreign: head.metadata['generated'] !== GENERATED };
}

/** Names read from claims, by key: a changed segment (`unit-tests--<hash>`) is shown as the
 * test name it stands for. Kept segments are the names themselves and need no read. */
type Titles = Map<string, Promise<string | undefined>>;

async function listChildren(o: LevelOptions, level: string, titles: Titles = new Map()): Promise<ChildEntry[]> {
  const base = `${level}/${CHILDREN_DIR}/`;
  const children: ChildEntry[] = [];
  for (const item of await o.store.list(base)) {
    const name = item.key.slice(base.length);
    if (!name || name.includes('/')) continue;
    if (name.includes('--') && !titles.has(item.key)) titles.set(item.key, claimedName(o.store, item.key));
    children.push({ name, updatedAt: item.lastModified });
  }
  return Promise.all(
    children.map(async (c) => {
      const title = await titles.get(`${base}${c.name}`);
      return title !== undefined && title !== c.name ? { ...c, title } : c;
    }),
  );
}

export type LevelOptions = Omit<ParentOptions, 'prefix'>;

/** Writes the page of one level (`segments`, from the top) until it lists every child. Also the
 * seam for retention, which re-renders the levels it pruned. */
export async function refreshLevel(o: LevelOptions, segments: string[]): Promise<void> {
  const level = segments.join('/');
  const titles: Titles = new Map();
  const key = `${level}/index.html`;
  const sleep = o.sleep ?? defaultSleep;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let now = await current(o, key);
    // A HEAD that races a PUT of the same key can see the new body without its metadata on
    // some servers (s3rver stores them apart): look again before calling the page foreign.
    if (now.foreign) {
      await sleep(250);
      now = await current(o, key);
    }
    if (now.foreign) {
      o.warning(`${key} exists and was not written by this action: it is left as it is, so ${level}/ has no generated index`);
      return;
    }
    const children = await listChildren(o, level, titles);
    const body = Buffer.from(renderParent(buildParentView(segments, children)), 'utf8');
    const page = { key, body, contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', metadata: { generated: GENERATED }, options: { acl: o.acl } };
    const written = await o.store.putIf(page, now.etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: now.etag });
    if (!written) {
      // Someone else wrote the page since it was read: read again and redo.
      await sleep(20 + Math.random() * 80 * (round + 1));
      continue;
    }
    const shown = new Set(children.map((c) => c.name));
    const after = await listChildren(o, level, titles);
    if (after.every((c) => shown.has(c.name))) return;
  }
  throw new Error(`${key} kept changing under concurrent updates (${MAX_ROUNDS} rounds)`);
}

export async function updateParentIndexes(o: ParentOptions): Promise<void> {
  const segments = o.prefix.split('/');
  // Markers first, deepest level first, so that every level's page can already list them. The
  // publication itself is listed by its claim, written before its upload.
  for (let depth = segments.length - 2; depth >= 1; depth--) {
    await o.store.put({ key: childKey(segments.slice(0, depth + 1).join('/')), body: Buffer.alloc(0), contentType: 'application/octet-stream', metadata: { generated: MARKER_GENERATED } });
  }
  for (let depth = segments.length - 1; depth >= 1; depth--) {
    await refreshLevel(o, segments.slice(0, depth));
  }
}

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
import { createHash } from 'node:crypto';
import { childKey, historyPlace, INDEX_NAME } from '../layout.js';
import { readCache, readChildren, writeCache, type LevelCache } from './cache.js';
import { levelKind, type LevelChild } from './model.js';
import { historyPages } from './pages.js';
import { renderHistoryPage } from './render.js';
import { buildParentView } from '../report/parent-model.js';
import { renderParent } from '../report/render.js';
import type { CannedAcl, ObjectStore, PutRequest } from '../store/store.js';
import { MARKER_GENERATED } from './entry.js';

/** `generated` metadata of a level's page (retention deletes only those of emptied runs). */
export const GENERATED = 'parent-index';
const MAX_ROUNDS = 10;

export interface ParentOptions {
  store: ObjectStore;
  /** The publication's prefix; every proper prefix of it gets a page. */
  prefix: string;
  /** The canned ACL asked for, if any: shared pages must be as readable as the publication. */
  acl: CannedAcl | undefined;
  /** The publication's tags, for the markers it writes (entries expire with it by a lifecycle
   * rule on them; the pages and index of a level are shared and carry none). */
  tagging?: string | undefined;
  /** Rows per page (history/pages.ts DEFAULT_PAGE_SIZE). */
  pageSize?: number;
  /** The server enforces conditional writes (the claim found out): a page written with If-Match
   * on the ETag read before listing lists every child, so the children need no second listing. */
  conditional?: boolean;
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

export type LevelOptions = Omit<ParentOptions, 'prefix'>;

interface Rendered {
  name: string;
  /** Of the view, so that an unchanged page is not rendered or written again. */
  hash: string;
  render: () => string;
}

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/** The pages of a level: a repository's runs, a run's tests (history/pages.ts), or a plain list. */
function levelPages(o: LevelOptions, segments: string[], children: LevelChild[]): Rendered[] {
  const kind = levelKind(children);
  const pages = historyPages(segments, kind, children, o.pageSize);
  if (pages === undefined) {
    const view = buildParentView(segments, children.filter((c) => !c.name.includes('/')).map((c) => ({ name: c.name, updatedAt: c.updatedAt })));
    return [{ name: INDEX_NAME, hash: hashOf(['plain', view]), render: () => renderParent(view) }];
  }
  return pages.map((p) => ({
    name: p.page.name,
    hash: hashOf([p.kind, p.page.view]),
    render: () => renderHistoryPage(p),
  }));
}

function pageObject(o: LevelOptions, key: string, html: string): PutRequest {
  return { key, body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache', metadata: { generated: GENERATED }, options: { acl: o.acl } };
}

/** Writes the pages of one level (`segments`, from the top) until its first page lists every
 * child. Also the seam for retention, which re-renders the levels it pruned. */
export async function refreshLevel(o: LevelOptions, segments: string[]): Promise<void> {
  const level = segments.join('/');
  const key = `${level}/${INDEX_NAME}`;
  const sleep = o.sleep ?? defaultSleep;
  let cache: LevelCache = await readCache(o.store, level);
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
    const read = await readChildren(o.store, level, cache);
    const pages = levelPages(o, segments, read.children);
    const [first, ...archives] = pages as [Rendered, ...Rendered[]];
    // Archive pages first, so that the first page never links to one not yet written.
    const changed = archives.filter((p) => read.cache.pages[p.name] !== p.hash);
    await Promise.all(changed.map((p) => o.store.put(pageObject(o, `${level}/${p.name}`, p.render()))));
    const unchanged = now.etag !== undefined && read.cache.pages[first.name] === first.hash;
    const written = unchanged || (await o.store.putIf(pageObject(o, key, first.render()), now.etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: now.etag }));
    const names = new Set(pages.map((p) => p.name));
    // Archive pages beyond the last (the history shrank: retention) would link to what is gone.
    const gone = Object.keys(read.cache.pages).filter((name) => !names.has(name));
    await Promise.all(gone.map((name) => o.store.delete(`${level}/${name}`)));
    const pageHashes = Object.fromEntries(pages.filter((p) => p !== first || written).map((p) => [p.name, p.hash]));
    cache = { ...read.cache, pages: pageHashes };
    if (read.changed || changed.length > 0 || gone.length > 0 || !unchanged) await writeCache(o.store, level, cache, { acl: o.acl });
    if (!written) {
      // Someone else wrote the page since it was read: read again and redo.
      await sleep(20 + Math.random() * 80 * (round + 1));
      continue;
    }
    if (o.conditional) return;
    const shown = new Set(read.children.map((c) => c.name));
    const after = await readChildren(o.store, level, cache);
    if (after.children.every((c) => shown.has(c.name))) return;
  }
  throw new Error(`${key} kept changing under concurrent updates (${MAX_ROUNDS} rounds)`);
}

export async function updateParentIndexes(o: ParentOptions): Promise<void> {
  const segments = o.prefix.split('/');
  // Markers first, deepest level first, so that every level's page can already list them. The
  // publication itself is listed by its claim, written before its upload. At a history root the
  // run needs no marker: the publication's copy there (`<run>/<test>`, claim.ts finish) lists it,
  // and a marker per run would double the keys the repository page lists (docs/history.md).
  const inHistory = historyPlace(o.prefix) !== undefined;
  for (let depth = inHistory ? segments.length - 3 : segments.length - 2; depth >= 1; depth--) {
    await o.store.put({
      key: childKey(segments.slice(0, depth + 1).join('/')),
      body: Buffer.alloc(0),
      contentType: 'application/octet-stream',
      metadata: { generated: MARKER_GENERATED },
      options: { acl: o.acl, tagging: o.tagging },
    });
  }
  for (let depth = segments.length - 1; depth >= 1; depth--) {
    await refreshLevel(o, segments.slice(0, depth));
  }
}

// Carries out one prune record, `<root>/_retention/<time>-<id>.json`, in the order that never
// leaves a page linking to a deleted object: entries and stable links first (nothing new will
// list the publications), then the level pages re-rendered from what is left (runs, then the
// root, so neither links them any more; an emptied run loses its marker so the root stops
// linking its page), then the publications' objects (pages first), then the emptied runs' pages and caches,
// and last the record. Every step is an idempotent delete or a re-render from the listing, so a
// record left by an interrupted job, or carried out by two jobs at once, ends the same. A step
// that fails stops the rest (the record stays for the next run): objects are never deleted
// while an entry might still list them.
import pLimit from 'p-limit';
import { CHILDREN_DIR, entryKeys, HISTORY_CACHE_NAME, INDEX_NAME, LATEST_DIR, PR_DIR, RETENTION_DIR, STABLE_LINK_CANDIDATES_DIR, STABLE_LINK_GENERATED, STABLE_LINK_TARGET } from '../layout.js';
import { GENERATED as LEVEL_PAGE_GENERATED, refreshLevel } from './levels.js';
import type { CannedAcl, DeleteReport, ObjectStore } from '../store/store.js';

/** What a prune record holds: the publications it deletes. */
export interface PruneRecord {
  kind: 'retention';
  version: 1;
  createdAt: string;
  root: string;
  prefixes: string[];
}

export interface PruneOptions {
  store: ObjectStore;
  root: string;
  acl: CannedAcl | undefined;
  /** Also write the root's page when there is none yet (parent-indexes on, public links). */
  pages: boolean;
  warning: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface PruneResult {
  publications: number;
  objects: number;
  stableLinks: number;
  emptiedRuns: number;
}

const PARALLEL = 16;

export const recordPrefix = (root: string): string => `${root}/${RETENTION_DIR}/`;
/** Retention's own list of runs, `<root>/_retention/runs/<run>`, rewritten by every publication
 * that applies retention: runs are found by it where no level pages (and so no markers) are
 * written (link-mode presigned, parent-indexes off). */
export const runListPrefix = (root: string): string => `${recordPrefix(root)}runs/`;

export function parseRecord(body: Buffer | undefined, root: string): PruneRecord | undefined {
  try {
    const r = JSON.parse(body?.toString('utf8') ?? '') as Partial<PruneRecord>;
    if (r.kind !== 'retention' || r.root !== root || !Array.isArray(r.prefixes)) return undefined;
    // Only publications of this root: a record is data, never an order to delete elsewhere.
    const prefixes = r.prefixes.filter((p): p is string => {
      if (typeof p !== 'string' || !p.startsWith(`${root}/`)) return false;
      const segments = p.slice(root.length + 1).split('/');
      return segments.length === 2 && segments.every((x) => x !== '' && x !== '.' && x !== '..');
    });
    return { kind: 'retention', version: 1, createdAt: String(r.createdAt ?? ''), root, prefixes };
  } catch {
    return undefined;
  }
}

/** A prune step that could not be completed, said in one line. */
export class PruneError extends Error {
  override name = 'PruneError';
}

/** Throws when anything could not be deleted: the record then stays for the next run. */
function mustHaveDeleted(report: DeleteReport, what: string): void {
  if (report.failed.length === 0) return;
  const first = report.failed[0]!;
  throw new PruneError(`${report.failed.length} ${what} could not be deleted (such as ${first.key}: ${first.message})`);
}

const runOf = (root: string, prefix: string): string => prefix.slice(root.length + 1).split('/')[0] as string;

/** The stable links (`latest/…`, `pr/…` pages, and the candidates that servers without
 * conditional writes keep beside them, which carry the same metadata) that lead to one of
 * `targets`; each is looked at again right before it goes, so a link a newer publication has
 * rewritten since survives. */
async function deleteStableLinks(o: PruneOptions, targets: ReadonlySet<string>): Promise<number> {
  const limit = pLimit(PARALLEL);
  const pages = (await Promise.all([LATEST_DIR, PR_DIR].map((d) => o.store.list(`${o.root}/${d}/`))))
    .flat()
    .map((x) => x.key)
    .filter((k) => k.endsWith(`/${INDEX_NAME}`) || k.includes(`/${STABLE_LINK_CANDIDATES_DIR}/`));
  const leadsToTarget = async (key: string): Promise<boolean> => {
    const head = await o.store.head(key);
    const target = head?.metadata[STABLE_LINK_TARGET];
    if (head?.metadata['generated'] !== STABLE_LINK_GENERATED || target === undefined) return false;
    try {
      return targets.has(decodeURIComponent(target));
    } catch {
      return false;
    }
  };
  const doomed = (await Promise.all(pages.map((k) => limit(async () => ((await leadsToTarget(k)) ? k : undefined))))).filter((k) => k !== undefined);
  let deleted = 0;
  await Promise.all(
    doomed.map((k) =>
      limit(async () => {
        if (!(await leadsToTarget(k))) return;
        await o.store.delete(k);
        deleted++;
      }),
    ),
  );
  return deleted;
}

async function hasChildren(o: PruneOptions, level: string): Promise<boolean> {
  return (await o.store.list(`${level}/${CHILDREN_DIR}/`, { onePage: true })).length > 0;
}

async function pageExists(o: PruneOptions, level: string): Promise<boolean> {
  return (await o.store.head(`${level}/${INDEX_NAME}`)) !== undefined;
}

const levelOptions = (o: PruneOptions) => ({ store: o.store, acl: o.acl, warning: o.warning, ...(o.sleep ? { sleep: o.sleep } : {}) });

/** Re-renders the runs' pages (those that exist) and the root's; returns the runs left empty,
 * whose markers are gone so that the root no longer links them. */
async function rerenderLevels(o: PruneOptions, runs: string[]): Promise<string[]> {
  const limit = pLimit(4);
  const emptied: string[] = [];
  await Promise.all(
    runs.map((run) =>
      limit(async () => {
        const level = `${o.root}/${run}`;
        // An emptied run's page is rendered empty too: until it is deleted, it links nothing gone.
        if (await pageExists(o, level)) await refreshLevel(levelOptions(o), level.split('/'));
        if (await hasChildren(o, level)) return;
        mustHaveDeleted(await o.store.deleteMany([`${o.root}/${CHILDREN_DIR}/${run}`, `${runListPrefix(o.root)}${run}`]), 'run markers');
        emptied.push(run);
      }),
    ),
  );
  if (o.pages || (await pageExists(o, o.root))) await refreshLevel(levelOptions(o), o.root.split('/'));
  return emptied;
}

/** An emptied run's own objects, once nothing links its page: the page (if this action's) and
 * the level cache. A run that got a publication meanwhile keeps them. */
async function removeEmptiedRun(o: PruneOptions, run: string): Promise<void> {
  const level = `${o.root}/${run}`;
  if ((await hasChildren(o, level)) || (await o.store.head(`${o.root}/${CHILDREN_DIR}/${run}`)) !== undefined) return;
  const page = await o.store.head(`${level}/${INDEX_NAME}`);
  const keys = [`${level}/${HISTORY_CACHE_NAME}`, ...(page?.metadata['generated'] === LEVEL_PAGE_GENERATED ? [`${level}/${INDEX_NAME}`] : [])];
  mustHaveDeleted(await o.store.deleteMany(keys), 'objects of an emptied run');
}

/** Publications whose objects are listed and deleted together: about one full DeleteObjects
 * request of files (RGW spends its time per key, and more on many small requests). */
const GROUP = 40;

/** A group of publications' objects, pages first, so that not even a page no one can reach any
 * more links to a file already gone. Returns how many there were. */
async function deleteGroup(o: PruneOptions, prefixes: string[]): Promise<number> {
  const limit = pLimit(PARALLEL);
  const keys = (await Promise.all(prefixes.map((p) => limit(() => o.store.list(`${p}/`))))).flat().map((x) => x.key);
  mustHaveDeleted(await o.store.deleteMany(keys.filter((k) => k.endsWith('.html'))), 'pages');
  mustHaveDeleted(await o.store.deleteMany(keys.filter((k) => !k.endsWith('.html'))), 'objects');
  return keys.length;
}

export async function carryOut(o: PruneOptions, recordKey: string, record: PruneRecord): Promise<PruneResult> {
  const targets = new Set(record.prefixes);
  mustHaveDeleted(await o.store.deleteMany(record.prefixes.flatMap(entryKeys)), 'entries');
  const stableLinks = await deleteStableLinks(o, targets);
  const emptied = await rerenderLevels(o, [...new Set(record.prefixes.map((p) => runOf(o.root, p)))]);
  // Group by group, a few at once: the next groups are listed while one is being deleted.
  const groups: string[][] = [];
  for (let i = 0; i < record.prefixes.length; i += GROUP) groups.push(record.prefixes.slice(i, i + GROUP));
  const limit = pLimit(3);
  const counts = await Promise.all(groups.map((g) => limit(() => deleteGroup(o, g))));
  for (const run of emptied) await removeEmptiedRun(o, run);
  await o.store.delete(recordKey);
  return { publications: record.prefixes.length, objects: counts.reduce((a, b) => a + b, 0), stableLinks, emptiedRuns: emptied.length };
}

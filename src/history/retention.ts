// Retention: after a complete publication, the publications of the same history root older
// than `retention-days` are deleted, bounded per run. Records of prunes that an earlier job
// left unfinished are carried out first; then the expired publications are found (runs first,
// from the root's listing: a run touched since the cutoff is young; then the claims of the old
// runs, read for their times), written down as a record, and the record carried out (prune.ts).
// Two jobs that prune at once write two records of the same publications: every step of either
// is idempotent. Nothing here fails the publication: the caller turns errors into warnings.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { CHILDREN_DIR, historyPlace } from '../layout.js';
import type { HistoryEntry as ClaimRecord } from './entry.js';
import type { Logger } from '../util/logger.js';
import type { CannedAcl, ObjectStore } from '../store/store.js';
import { candidateRuns, selectExpired, type ExpiryLimits, type PublicationEntry, type RunListing } from './expired.js';
import { carryOut, parseRecord, recordPrefix, runListPrefix, type PruneOptions, type PruneRecord, type PruneResult } from './prune.js';

/** Per run of the action: enough for a busy repository's day, small enough to stay quick. */
export const RETENTION_LIMITS: ExpiryLimits = { publications: 1000, objects: 50_000 };
const PARALLEL = 16;

export interface RetentionOptions {
  store: ObjectStore;
  /** The publication just made. */
  prefix: string;
  retentionSeconds: number;
  now: () => Date;
  acl: CannedAcl | undefined;
  /** Whether this publication writes the level pages (parent-indexes, public links). */
  pages: boolean;
  log: Pick<Logger, 'info' | 'warning' | 'debug'>;
  limits?: ExpiryLimits;
  sleep?: (ms: number) => Promise<void>;
}

export interface RetentionReport extends PruneResult {
  /** Records of earlier, interrupted prunes carried out first. */
  resumed: number;
  /** Expired publications left for later runs (limits reached). */
  remaining: number;
  /** Old runs not read this time (limits reached): their publications are counted next time. */
  runsLeft: number;
}

/** The runs at the root and their newest object there: markers, entry copies where the
 * history keeps them (`_children/<run>/<test>`), and retention's own list of runs. */
async function listRuns(store: ObjectStore, root: string): Promise<RunListing[]> {
  const listed = await Promise.all(
    [`${root}/${CHILDREN_DIR}/`, runListPrefix(root)].map(async (base) =>
      (await store.list(base)).map((x) => ({ run: x.key.slice(base.length).split('/')[0] as string, lastModified: x.lastModified })),
    ),
  );
  return listed.flat().filter((r) => r.run !== '');
}

function asClaim(body: Buffer | undefined): Partial<ClaimRecord> | undefined {
  try {
    const r = JSON.parse(body?.toString('utf8') ?? '') as Partial<ClaimRecord>;
    return r.kind === 'publication' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** A run's publications: its children whose claim says they are this prefix's publication (a
 * marker of a deeper level, or what cannot be read, is never taken for one). */
async function publicationsOf(store: ObjectStore, root: string, run: string): Promise<PublicationEntry[]> {
  const base = `${root}/${run}/${CHILDREN_DIR}/`;
  const limit = pLimit(PARALLEL);
  const found = await Promise.all(
    (await store.list(base))
      .filter((x) => x.key.length > base.length && !x.key.slice(base.length).includes('/'))
      .map((x) =>
        limit(async (): Promise<PublicationEntry | undefined> => {
          const test = x.key.slice(base.length);
          const prefix = `${root}/${run}/${test}`;
          const claim = asClaim(await store.get(x.key));
          if (claim?.prefix !== prefix) return undefined;
          return { run, test, prefix, state: claim.state, startedAt: claim.startedAt, finishedAt: claim.finishedAt, lastModified: x.lastModified, files: claim.files };
        }),
      ),
  );
  return found.filter((e) => e !== undefined);
}

/** Reads old runs, oldest first, until enough publications are known to fill the limits. */
async function expiredEntries(o: RetentionOptions, root: string, run: string): Promise<{ entries: PublicationEntry[]; runsLeft: number }> {
  const limits = o.limits ?? RETENTION_LIMITS;
  const runs = candidateRuns(await listRuns(o.store, root), { now: o.now(), retentionSeconds: o.retentionSeconds, keepRun: run });
  const entries: PublicationEntry[] = [];
  let read = 0;
  while (read < runs.length && entries.length < limits.publications) {
    const chunk = runs.slice(read, read + PARALLEL);
    read += chunk.length;
    const limit = pLimit(4);
    entries.push(...(await Promise.all(chunk.map((r) => limit(() => publicationsOf(o.store, root, r))))).flat());
  }
  return { entries, runsLeft: runs.length - read };
}

async function pendingRecords(store: ObjectStore, root: string): Promise<{ key: string; record: PruneRecord }[]> {
  const base = recordPrefix(root);
  const keys = (await store.list(base)).map((x) => x.key).filter((k) => k.endsWith('.json') && !k.slice(base.length).includes('/'));
  const records = await Promise.all(keys.map(async (key) => ({ key, record: parseRecord(await store.get(key), root) })));
  return records.filter((r): r is { key: string; record: PruneRecord } => r.record !== undefined);
}

const sum = (a: PruneResult, b: PruneResult): PruneResult => ({
  publications: a.publications + b.publications,
  objects: a.objects + b.objects,
  stableLinks: a.stableLinks + b.stableLinks,
  emptiedRuns: a.emptiedRuns + b.emptiedRuns,
});

export { PruneError } from './prune.js';

export async function applyRetention(o: RetentionOptions): Promise<RetentionReport> {
  const place = historyPlace(o.prefix);
  if (place === undefined) throw new Error(`${o.prefix}/ has no history root (fewer than 3 segments)`);
  const prune: PruneOptions = { store: o.store, root: place.root, acl: o.acl, pages: o.pages, warning: (m) => o.log.warning(m), ...(o.sleep ? { sleep: o.sleep } : {}) };
  let done: PruneResult = { publications: 0, objects: 0, stableLinks: 0, emptiedRuns: 0 };
  await o.store.put({ key: `${runListPrefix(place.root)}${place.run}`, body: Buffer.alloc(0), contentType: 'application/octet-stream', metadata: { generated: 'retention-run' }, options: { acl: o.acl } });

  const pending = await pendingRecords(o.store, place.root);
  for (const p of pending) {
    o.log.info(`finishing an interrupted prune (${p.key}, ${p.record.prefixes.length} publications)`);
    // The publication just made is never deleted, whatever a record says.
    done = sum(done, await carryOut(prune, p.key, { ...p.record, prefixes: p.record.prefixes.filter((x) => x !== o.prefix) }));
  }

  const { entries, runsLeft } = await expiredEntries(o, place.root, place.run);
  const selection = selectExpired(entries, { now: o.now(), retentionSeconds: o.retentionSeconds, keep: o.prefix, limits: o.limits ?? RETENTION_LIMITS });
  if (selection.expired.length > 0) {
    const now = o.now();
    const record: PruneRecord = { kind: 'retention', version: 1, createdAt: now.toISOString(), root: place.root, prefixes: selection.expired.map((e) => e.prefix) };
    const key = `${recordPrefix(place.root)}${now.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}.json`;
    await o.store.put({ key, body: Buffer.from(JSON.stringify(record, null, 2) + '\n'), contentType: 'application/json', cacheControl: 'no-cache', metadata: { generated: 'retention-record' }, options: { acl: o.acl } });
    o.log.debug(`prune record ${key}: ${record.prefixes.join(', ')}`);
    done = sum(done, await carryOut(prune, key, record));
  }
  return { ...done, resumed: pending.length, remaining: selection.remaining, runsLeft };
}

/** `2592000` → `30d`, `5400` → `90m`: the retention as it would be written. */
export function retentionText(seconds: number): string {
  for (const [unit, n] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (seconds % n === 0) return `${seconds / n}${unit}`;
  return `${seconds}s`;
}

const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The log lines of a prune: what was deleted, and what the limits left for later runs. */
export function retentionLines(r: RetentionReport, seconds: number, limits: ExpiryLimits = RETENTION_LIMITS): string[] {
  const lines: string[] = [];
  if (r.publications === 0) lines.push(`no publication older than ${retentionText(seconds)} to delete`);
  else {
    const extra = [r.stableLinks > 0 ? count(r.stableLinks, 'stable link') : '', r.emptiedRuns > 0 ? count(r.emptiedRuns, 'emptied run') : ''].filter((x) => x !== '');
    lines.push(`deleted ${count(r.publications, 'publication')} older than ${retentionText(seconds)} (${count(r.objects, 'object')}${extra.length > 0 ? `, ${extra.join(', ')}` : ''})${r.resumed > 0 ? `, finishing ${count(r.resumed, 'interrupted prune')}` : ''}`);
  }
  if (r.remaining > 0 || r.runsLeft > 0) {
    const left = [r.remaining > 0 ? count(r.remaining, 'expired publication') : '', r.runsLeft > 0 ? `${count(r.runsLeft, 'older run')} not read yet` : ''].filter((x) => x !== '');
    lines.push(`${left.join(' and ')} left for later runs (at most ${count(limits.publications, 'publication')} and about ${count(limits.objects, 'object')} are deleted per run)`);
  }
  return lines;
}

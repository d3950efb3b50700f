// Which publications retention deletes, given what the store listed and the time: pure, so the
// rules are tested without a server. Runs are kept whole while any of their publications is
// younger than the cutoff (a run's pages stay complete, and a re-run's late job keeps its
// siblings); the publication just made is never selected; a claim still `writing` is a job at
// work unless it is older than any job can run. The selection is bounded per run of the action,
// oldest first, and says how many expired publications it left for later runs.
import { STALE_WRITING_MS, type EntryState as ClaimState } from './entry.js';

/** One publication as the store shows it: its claim's record, where one could be read. */
export interface PublicationEntry {
  run: string;
  test: string;
  prefix: string;
  state: ClaimState | undefined;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  /** The claim's listing time: the age of a publication whose record says none. */
  lastModified: Date;
  /** Files the publication uploaded, as its claim records them. */
  files?: number | undefined;
}

/** A run as the history root's listing shows it: the newest time of its objects there (its
 * marker is rewritten by every publication into the run). */
export interface RunListing {
  run: string;
  lastModified: Date;
}

export interface ExpiryLimits {
  /** Publications selected at most. */
  publications: number;
  /** Objects (estimated from the claims' file counts) selected at most. */
  objects: number;
}

export interface ExpiryOptions {
  now: Date;
  retentionSeconds: number;
  /** The prefix of the publication just made: never selected, nor is its run. */
  keep: string;
  limits: ExpiryLimits;
}

export interface ExpiredSelection {
  /** Oldest first. */
  expired: PublicationEntry[];
  /** Expired publications left for later runs (the limits were reached). */
  remaining: number;
}

const cutoffOf = (o: Pick<ExpiryOptions, 'now' | 'retentionSeconds'>): number => o.now.getTime() - o.retentionSeconds * 1000;

function parsed(time: string | undefined): number | undefined {
  const t = time === undefined ? NaN : Date.parse(time);
  return Number.isFinite(t) ? t : undefined;
}

/** When a publication was made: its end, else its start, else when its claim was written. */
export function publicationTime(e: PublicationEntry): number {
  return parsed(e.finishedAt) ?? parsed(e.startedAt) ?? e.lastModified.getTime();
}

function isExpired(e: PublicationEntry, o: ExpiryOptions): boolean {
  const time = publicationTime(e);
  if (time >= cutoffOf(o)) return false;
  // A claim still being written may belong to a job at work, whatever the retention says.
  return e.state !== 'writing' || o.now.getTime() - time > STALE_WRITING_MS;
}

/** The runs worth reading (their newest object at the root is older than the cutoff), oldest
 * first: a cheap first filter, since a run touched since the cutoff holds a young publication. */
export function candidateRuns(runs: readonly RunListing[], o: Pick<ExpiryOptions, 'now' | 'retentionSeconds'> & { keepRun: string }): string[] {
  const newest = new Map<string, number>();
  for (const r of runs) newest.set(r.run, Math.max(newest.get(r.run) ?? -Infinity, r.lastModified.getTime()));
  return [...newest]
    .filter(([run, t]) => run !== o.keepRun && t < cutoffOf(o))
    .sort(([a, ta], [b, tb]) => ta - tb || (a < b ? -1 : 1))
    .map(([run]) => run);
}

/** Objects a publication leaves in the store: its files, a page per folder or so, and its
 * manifest. An estimate: the claim records files, not pages. */
export function estimatedObjects(e: PublicationEntry): number {
  return Math.ceil((e.files ?? 0) * 1.25) + 2;
}

export function selectExpired(entries: readonly PublicationEntry[], o: ExpiryOptions): ExpiredSelection {
  const byRun = new Map<string, PublicationEntry[]>();
  for (const e of entries) byRun.set(e.run, [...(byRun.get(e.run) ?? []), e]);
  const expired: PublicationEntry[] = [];
  for (const run of byRun.values()) {
    if (run.some((e) => e.prefix === o.keep) || !run.every((e) => isExpired(e, o))) continue;
    expired.push(...run);
  }
  expired.sort((a, b) => publicationTime(a) - publicationTime(b) || (a.prefix < b.prefix ? -1 : 1));
  const taken: PublicationEntry[] = [];
  let objects = 0;
  for (const e of expired) {
    const cost = estimatedObjects(e);
    if (taken.length >= o.limits.publications || (taken.length > 0 && objects + cost > o.limits.objects)) break;
    taken.push(e);
    objects += cost;
  }
  return { expired: taken, remaining: expired.length - taken.length };
}

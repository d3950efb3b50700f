// A publication's history entry: what a level page needs to show it (who, what, where, how it
// went), recorded as the publication's claim (layout.ts childKey, written before the upload) and
// copied to the history root (layout.ts rootEntryKey) when it finishes. Readers also take the
// records of earlier versions (version 1 claims, and the empty markers of versions before
// claims): they show with what they have.
import type { ResultCounts } from '../results/types.js';
import type { RunContext } from '../config.js';

export type EntryState = 'writing' | 'complete' | 'failed';

/** `generated` metadata of a publication's claim (its entry), and of a level's marker. */
export const CLAIM_GENERATED = 'publication-claim';
export const MARKER_GENERATED = 'child-marker';
// GitHub stops a job after 6 hours: an entry still "writing" after that belongs to a dead job.
export const STALE_WRITING_MS = 6 * 3600_000;

/** Who made the publication: the run context, as the claim records it at the start. */
export interface EntryOwner {
  testName: string;
  repository: string;
  commit: string;
  runId: string;
  runAttempt: string;
  workflow: string;
  job: string;
  event?: string;
  branch?: string;
  commitUrl?: string;
  runNumber?: string;
  runUrl?: string;
  runLabel?: string;
  pr?: { number: number; title?: string; url?: string };
}

/** What the publication holds, once it has finished. */
export interface EntryResult {
  /** Key of the publication's manifest, once complete. */
  manifest?: string;
  files?: number;
  bytes?: number;
  /** Files that failed to upload. */
  failures?: number;
  /** Images published (not counting kept originals). */
  images?: number;
  /** The publication's root page, relative to the publication's own level (the run):
   * `<test>/index.html`, or the listing when html: text shows a report's index as text. */
  link?: string;
  /** The run's test results (JUnit reports among the outputs), when any were read. */
  results?: ResultCounts;
}

export interface HistoryEntry extends EntryOwner, EntryResult {
  kind: 'publication';
  /** 1: a claim of the first version (owner and state only); 2: this one. */
  version: 1 | 2;
  token: string;
  prefix: string;
  state: EntryState;
  startedAt: string;
  finishedAt?: string;
}

export const ENTRY_VERSION = 2 as const;

/** The owner fields of a run context (empty ones left out, so entries stay small). */
export function entryOwner(testName: string, c: RunContext): EntryOwner {
  const pr = c.pullRequest && {
    number: c.pullRequest.number,
    ...(c.pullRequest.title !== undefined ? { title: c.pullRequest.title } : {}),
    ...(c.pullRequest.url !== undefined ? { url: c.pullRequest.url } : {}),
  };
  const optional = { event: c.event, branch: c.branch, commitUrl: c.commitUrl, runNumber: c.runNumber, runUrl: c.runUrl, runLabel: c.runLabel };
  return {
    testName,
    repository: c.repository,
    commit: c.sha,
    runId: c.runId,
    runAttempt: c.runAttempt,
    workflow: c.workflow,
    job: c.job,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined && v !== '')),
    ...(pr ? { pr } : {}),
  };
}

/** A stored entry, or undefined when `data` is not one (a marker of a level, an older
 * version's empty marker, or something unreadable). */
export function parseEntry(data: Buffer | string | undefined): HistoryEntry | undefined {
  try {
    const text = typeof data === 'string' ? data : (data?.toString('utf8') ?? '');
    const parsed = JSON.parse(text) as Partial<HistoryEntry>;
    return parsed.kind === 'publication' && typeof parsed.token === 'string' ? (parsed as HistoryEntry) : undefined;
  } catch {
    return undefined;
  }
}

export function serializeEntry(entry: HistoryEntry): Buffer {
  return Buffer.from(JSON.stringify(entry) + '\n', 'utf8');
}

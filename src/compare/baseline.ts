// Which publication this one is compared with (issue 15, "Baseline"), found in the bucket alone:
// the history's entries (history/entry.ts) say who published what, for which commit and branch.
//
// - `compare: off`: none, without a request.
// - An explicit target (baseline-target.ts): that publication, read by its claim, or by its
//   manifest when it has none (a publication of a version before claims).
// - `auto`, on a pull request whose base branch the CI names: the publication of the same test on
//   the base branch at the merge base (by commit); when the merge base has none (or is unknown),
//   the newest one on the base branch started before this one, and the note says so.
// - `auto`, on a push: the previous publication of the same test on the same branch, by the
//   order the stable links use (history/stable-order.ts), never a newer one.
// Only complete publications of the same test name and repository count; never this one.
// Nothing found is an answer with a reason, never an error: the page says there is no baseline.
import type { RunContext } from '../config.js';
import type { HistoryEntry } from '../history/entry.js';
import { childKey, historyPlace, MANIFEST_NAME } from '../layout.js';
import { parseEntry } from '../history/entry.js';
import type { Manifest } from '../report/manifest.js';
import type { ObjectStore } from '../store/store.js';
import { targetPrefix } from './baseline-target.js';
import { fullEntry, orderOf, readTestPublications, type EarlierPublication } from './earlier-publications.js';
import type { Baseline, BaselineHow, BaselineResult, CompareSetting } from './types.js';

export interface FindBaselineOptions {
  store: ObjectStore;
  /** This publication's prefix. */
  prefix: string;
  testName: string;
  context: RunContext;
  setting: CompareSetting;
  /** When this publication started: a fallback baseline on the base branch started before it. */
  startedAt: Date;
  debug?: (message: string) => void;
}

// A chosen entry that turns out not to count (changed since the index read it) gives way to the
// next; this bounds the GETs that can cost.
const MAX_TRIES = 5;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const short = (sha: string): string => sha.slice(0, 7);
const quoted = (name: string): string => JSON.stringify(name);

/** The manifest at `key`, or undefined when it is missing or is not a manifest. */
export async function readManifest(store: ObjectStore, key: string): Promise<Manifest | undefined> {
  const data = await store.get(key);
  if (data === undefined) return undefined;
  try {
    const parsed = JSON.parse(data.toString('utf8')) as Partial<Manifest> | null;
    return parsed !== null && typeof parsed === 'object' && parsed.version === 1 && Array.isArray(parsed.files) ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** `main @ abc1234 (run #120)`: the words a page labels a publication with. */
function describe(b: Pick<Baseline, 'branch' | 'commit' | 'runNumber' | 'runId'>): string {
  const run = b.runNumber !== undefined ? `run #${b.runNumber}` : b.runId !== undefined ? `run ${b.runId}` : undefined;
  const where = [b.branch, b.commit && short(b.commit)].filter((s) => s !== undefined && s !== '').join(' @ ');
  return [where, run && `(${run})`].filter((s) => s !== undefined && s !== '').join(' ');
}

/** The label fields of a baseline, from its entry or its manifest (the same names, mostly). */
function facts(from: Partial<Record<'branch' | 'commit' | 'runId' | 'runAttempt' | 'runNumber' | 'runUrl' | 'commitUrl' | 'startedAt', unknown>>): Omit<Baseline, 'prefix' | 'manifestKey' | 'how' | 'note'> {
  const fields = {
    branch: str(from.branch),
    commit: str(from.commit),
    runId: str(from.runId),
    runAttempt: str(from.runAttempt),
    runNumber: str(from.runNumber),
    runUrl: str(from.runUrl),
    commitUrl: str(from.commitUrl),
    startedAt: str(from.startedAt),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function found(prefix: string, manifestKey: string, how: BaselineHow, note: (label: string) => string, from: Parameters<typeof facts>[0]): BaselineResult {
  const f = facts(from);
  return { found: true, baseline: { prefix, manifestKey, how, note: note(describe(f)), ...f } };
}

const manifestOf = (entry: HistoryEntry, prefix: string): string => (typeof entry.manifest === 'string' && entry.manifest !== '' ? entry.manifest : `${prefix}/${MANIFEST_NAME}`);

async function explicit(o: FindBaselineOptions, target: string): Promise<BaselineResult> {
  const prefix = targetPrefix(o.store, target);
  if (prefix === o.prefix) return { found: false, reason: `compare: ${target} is this publication itself` };
  const entry = parseEntry(await o.store.get(childKey(prefix)));
  const note = (label: string): string => `the publication at ${prefix}/${label ? ` (${label})` : ''}, as the \`compare\` input asks`;
  if (entry !== undefined && entry.state === 'writing') return { found: false, reason: `compare: the publication at ${prefix}/ is still being written` };
  if (entry !== undefined && typeof entry.manifest === 'string' && entry.manifest !== '') {
    return found(prefix, entry.manifest, 'explicit', note, entry);
  }
  // No claim, or one without its manifest's key: a publication of an earlier version, or none.
  const manifestKey = `${prefix}/${MANIFEST_NAME}`;
  const manifest = await readManifest(o.store, manifestKey);
  if (manifest === undefined) return { found: false, reason: `compare: there is no publication at ${prefix}/ (no ${MANIFEST_NAME} there)` };
  return found(prefix, manifestKey, 'explicit', note, { ...manifest, startedAt: manifest.uploadedAt, ...(entry ?? {}) });
}

/** The first of `candidates` (newest first) whose whole entry still counts, as a baseline. */
async function first(o: FindBaselineOptions, candidates: EarlierPublication[], how: BaselineHow, note: (label: string) => string): Promise<BaselineResult | undefined> {
  for (const c of candidates.slice(0, MAX_TRIES)) {
    const entry = await fullEntry(o.store, c);
    if (entry === undefined || entry.state !== 'complete' || entry.testName !== o.testName || entry.repository !== o.context.repository) {
      o.debug?.(`compare: ${c.key} does not count (another repository's, or changed since the index read it), trying the next`);
      continue;
    }
    return found(c.prefix, manifestOf(entry, c.prefix), how, note, entry);
  }
  return undefined;
}

async function auto(o: FindBaselineOptions): Promise<BaselineResult> {
  const place = historyPlace(o.prefix);
  if (place === undefined) {
    return { found: false, reason: `compare: ${o.prefix}/ has no history (a prefix of fewer than three segments, <root>/<run>/<test>), so there is no earlier publication to compare with` };
  }
  const read = await readTestPublications(o.store, place);
  o.debug?.(`compare: ${read.publications.length} publications of test segment ${place.test} under ${place.root}/ (${read.fetched} entries read, the rest from the index)`);
  const counts = read.publications.filter(
    (p) => p.prefix !== o.prefix && p.entry.state === 'complete' && p.entry.testName === o.testName && (p.entry.repository === undefined || p.entry.repository === o.context.repository),
  );
  const mine = orderOf({ runId: o.context.runId, runAttempt: o.context.runAttempt, startedAt: o.startedAt.toISOString(), ...(o.context.runNumber !== undefined ? { runNumber: o.context.runNumber } : {}) }, o.prefix);
  const test = quoted(o.testName);
  const pr = o.context.pullRequest;

  if (pr?.baseBranch !== undefined) {
    const base = pr.baseBranch;
    // A publication of the base branch itself (a push), not of a pull request from a branch of that name.
    const onBase = counts.filter((p) => p.entry.branch === base && p.entry.pr === undefined);
    const mergeBase = pr.mergeBase?.toLowerCase();
    if (mergeBase !== undefined) {
      const atMergeBase = onBase.filter((p) => typeof p.entry.commit === 'string' && p.entry.commit.toLowerCase() === mergeBase);
      const hit = await first(o, atMergeBase, 'merge-base', (label) => `the publication of ${test} at the merge base of pull request #${pr.number}, ${label}`);
      if (hit) return hit;
    }
    const why = mergeBase !== undefined ? `the merge base ${short(mergeBase)} has no publication of ${test} on ${base}` : `the merge base of pull request #${pr.number} is unknown`;
    const started = o.startedAt.getTime();
    const older = onBase.filter((p) => Date.parse(p.entry.startedAt) < started);
    const newest = await first(o, older, 'newest-on-base', (label) => `${why}: the newest publication on ${base} before this one is used instead, ${label}`);
    return newest ?? { found: false, reason: `compare: no earlier publication of ${test} on ${base} (the base branch of pull request #${pr.number}) to compare with` };
  }

  const branch = o.context.branch;
  if (branch === undefined) return { found: false, reason: `compare: the run names no branch, so there is no previous publication of ${test} to compare with` };
  // A push (or a pull request whose base the CI does not name: CircleCI) compares with the
  // branch's previous publication; one of another pull request from a branch of the same name (a
  // fork's `main`) is not the branch's.
  const same = counts.filter((p) => p.entry.branch === branch && (p.entry.pr === undefined || p.entry.pr.number === pr?.number) && p.order < mine);
  const why = pr === undefined ? '' : ` (the CI names no base branch of pull request #${pr.number})`;
  const previous = await first(o, same, 'previous-on-branch', (label) => `the previous publication of ${test} on ${branch}${why}, ${label}`);
  return previous ?? { found: false, reason: `compare: no earlier publication of ${test} on ${branch} to compare with${why}` };
}

/** The publication this one is compared with, or why there is none. Throws an InputError for an
 * explicit target that cannot be one (another bucket, a URL elsewhere); storage errors propagate. */
export async function findBaseline(o: FindBaselineOptions): Promise<BaselineResult> {
  switch (o.setting.mode) {
    case 'off':
      return { found: false, reason: 'compare: off' };
    case 'explicit':
      return explicit(o, o.setting.target);
    case 'auto':
      return auto(o);
  }
}

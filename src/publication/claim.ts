// One writer per prefix. Before a publication uploads anything it claims its prefix: a small
// JSON object at the prefix's child key in the level above (layout.ts childKey), created with a
// conditional PutObject (If-None-Match: *). Of two jobs that publish into one prefix at once,
// exactly one wins; the other fails before it has written a byte. The claim records who owns
// the prefix and how far it got (writing, complete, failed), and the level page lists it like
// any other child.
//
// Servers that ignore conditional writes are found out by a second conditional PUT of the same
// claim, which a conditional server must refuse. On those the claim is read back after a pause
// (and again before the pages are written): the job whose claim was overwritten gives up.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { ancestorsOf, CHILDREN_DIR, childKey, historyPlace, MANIFEST_NAME, rootEntryKey } from '../layout.js';
import type { IfExists } from '../config.js';
import { CLAIM_GENERATED, ENTRY_VERSION, parseEntry, STALE_WRITING_MS, serializeEntry, type EntryOwner, type EntryResult, type EntryState, type HistoryEntry } from '../history/entry.js';
import type { ObjectInfo, ObjectStore, PutRequest, WriteOptions } from '../store/store.js';
import { FatalStorageError } from '../util/errors.js';

export { CLAIM_GENERATED, MARKER_GENERATED, STALE_WRITING_MS } from '../history/entry.js';
// On servers without conditional writes: how long a claim must survive before it counts.
const SETTLE_MS = 1000;

// The claim is the publication's history entry (history/entry.ts): these names stay for the
// code that knew them as the claim's.
export type ClaimState = EntryState;
export type ClaimOwner = EntryOwner;
export type ClaimRecord = HistoryEntry;

export interface ClaimOptions {
  store: ObjectStore;
  prefix: string;
  ifExists: IfExists;
  owner: ClaimOwner;
  /** The publication's ACL and tags: its entries carry them too, so that a lifecycle rule on
   * the tags expires them with it. */
  objects: WriteOptions;
  now: () => Date;
}

export interface Claim {
  /** The publication this one replaces (if-exists: replace); its stale objects are deleted by
   * `removeStale` once the new one is written. */
  replacing: boolean;
  /** False when the server ignores conditional writes (the claim was verified by reading). */
  conditional: boolean;
  /** On a server that ignores conditional writes: throws the clash error when another
   * publication has taken the prefix since. */
  verify(): Promise<void>;
  /** Deletes every object under the prefix that `keep` does not hold (after a replace). */
  removeStale(keep: ReadonlySet<string>): Promise<number>;
  /** Records how the publication ended, in the claim and in its copy at the history root. */
  finish(state: Exclude<ClaimState, 'writing'>, extra?: EntryResult): Promise<void>;
}

type Found = ObjectInfo;

/** What already stands at the prefix: nothing, a claim (its object), or a publication of a
 * version before claims (its marker, if any). */
type Existing = { kind: 'none' } | { kind: 'claim'; found: Found } | { kind: 'legacy'; found: Found | undefined };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// A policy may allow PutObject and not GetObject or ListBucket: what cannot be read is taken as
// absent, and the conditional create still lets only one writer in.
const unreadable = (o: ClaimOptions, error: unknown): boolean => o.store.statusOf(error) === 403;

async function head(o: ClaimOptions, key: string): Promise<Found | undefined> {
  try {
    return await o.store.head(key);
  } catch (error) {
    // A HEAD answer has no body to say why (an expired token is a bare 400): the claim's PUT,
    // which comes next, fails with the reason spelled out.
    if (unreadable(o, error) || o.store.statusOf(error) === 400) return undefined;
    throw error;
  }
}

const generatedOf = (found: Found | undefined): string | undefined => found?.metadata['generated'];

const parseRecord = parseEntry;

async function readRecord(o: ClaimOptions, key: string): Promise<ClaimRecord | undefined> {
  try {
    return parseRecord(await o.store.get(key));
  } catch (error) {
    if (unreadable(o, error)) return undefined;
    throw error;
  }
}

/** Whether the claim cannot be read back at all (a policy without s3:GetObject). */
async function unreadableClaim(o: ClaimOptions, key: string): Promise<boolean> {
  try {
    await o.store.head(key);
    return false;
  } catch (error) {
    return unreadable(o, error);
  }
}

/** Some keys under `prefix/` (one page; none when there are none). */
async function someKeys(o: ClaimOptions, prefix: string): Promise<string[]> {
  try {
    return (await o.store.list(`${prefix}/`, { onePage: true })).map((c) => c.key);
  } catch (error) {
    if (unreadable(o, error)) return [];
    throw error;
  }
}

function describeOwner(r: ClaimRecord): string {
  const job = r.job ? `, job ${r.job}` : '';
  return `${r.repository} run ${r.runId} attempt ${r.runAttempt}${job}, test ${JSON.stringify(r.testName)}`;
}

/** The one line a clash ends with: what is in the way, and what to do. */
function clashMessage(o: ClaimOptions, other: ClaimRecord | undefined): string {
  const where = `prefix ${o.prefix}/`;
  if (other === undefined) {
    return `${where} was claimed by another publication at the same moment: give each matrix job its own test-name (or each publication its own prefix)`;
  }
  const sameRun = other.repository === o.owner.repository && other.runId === o.owner.runId && other.runAttempt === o.owner.runAttempt;
  if (other.state === 'writing') {
    const fix = sameRun ? 'give each matrix job its own test-name' : 'give each publication its own prefix, or run them one after the other';
    return `${where} is being written by another publication (${describeOwner(other)}, since ${other.startedAt}): ${fix}`;
  }
  const fix = o.ifExists === 'replace' ? 'give each publication its own prefix' : 'set if-exists: replace to replace it, or give each publication its own prefix';
  return `${where} already holds a publication (${describeOwner(other)}, ${other.state} at ${other.finishedAt ?? other.startedAt}): ${fix}`;
}

const clash = (message: string): FatalStorageError => new FatalStorageError(message, true, 0);

/** Refuses a prefix inside another publication, and one that is a level other publications
 * are listed in, or that holds objects this action did not publish. */
async function checkPlace(o: ClaimOptions, key: string): Promise<Existing> {
  const [ancestors, own, keys] = await Promise.all([
    Promise.all(ancestorsOf(o.prefix).map(async (a) => ({ a, found: await head(o, childKey(a)) }))),
    head(o, key),
    someKeys(o, o.prefix),
  ]);
  const outer = ancestors.find((x) => generatedOf(x.found) === CLAIM_GENERATED);
  if (outer) {
    throw clash(`prefix ${o.prefix}/ is inside the publication at ${outer.a}/: choose a prefix outside it (publications cannot nest)`);
  }
  if (generatedOf(own) === CLAIM_GENERATED) return { kind: 'claim', found: own! };
  if (own === undefined && keys.length === 0) return { kind: 'none' };
  // Versions before claims left a publication with an empty marker, or none, and a manifest.
  if (generatedOf(await head(o, `${o.prefix}/${MANIFEST_NAME}`)) === 'manifest') return { kind: 'legacy', found: own };
  // A level has a marker in the level above, or at least children of its own (a top level).
  if (own !== undefined || keys.some((k) => k.startsWith(`${o.prefix}/${CHILDREN_DIR}/`))) {
    throw clash(`prefix ${o.prefix}/ is a level that lists other publications (${o.prefix}/index.html): choose a prefix of its own, such as ${o.prefix}/<name>`);
  }
  throw clash(`prefix ${o.prefix}/ already holds objects that are not a publication of this action (such as ${keys[0]}): choose an empty prefix; they are never replaced`);
}

function claimObject(key: string, record: ClaimRecord, objects: WriteOptions): PutRequest {
  return {
    key,
    body: serializeEntry(record),
    contentType: 'application/json',
    cacheControl: 'no-cache',
    metadata: { generated: CLAIM_GENERATED },
    options: { acl: objects.acl, tagging: objects.tagging },
  };
}

export async function claimPrefix(o: ClaimOptions): Promise<Claim> {
  const key = childKey(o.prefix);
  const existing = await checkPlace(o, key);
  const record: ClaimRecord = { kind: 'publication', version: ENTRY_VERSION, token: randomUUID(), prefix: o.prefix, state: 'writing', startedAt: o.now().toISOString(), ...o.owner };
  const claim = claimObject(key, record, o.objects);

  let written: boolean;
  if (existing.kind === 'none') {
    written = await o.store.putIf(claim, { ifNoneMatch: '*' });
  } else {
    const other = existing.kind === 'claim' ? await readRecord(o, key) : undefined;
    if (existing.kind === 'claim' && other === undefined) throw clash(clashMessage(o, undefined));
    const stale = other !== undefined && other.state === 'writing' && o.now().getTime() - Date.parse(other.startedAt) > STALE_WRITING_MS;
    if (o.ifExists !== 'replace' || (other?.state === 'writing' && !stale)) {
      throw clash(other ? clashMessage(o, other) : `prefix ${o.prefix}/ already holds a publication (written by an earlier version of this action): set if-exists: replace to replace it, or give each publication its own prefix`);
    }
    written = await o.store.putIf(claim, existing.found ? { ifMatch: existing.found.etag } : { ifNoneMatch: '*' });
  }
  if (!written) throw clash(clashMessage(o, await readRecord(o, key)));
  const replacing = existing.kind !== 'none';

  // A conditional server refuses to create what now exists; one that ignores conditions takes
  // the same bytes again, harmlessly, and tells us to read back instead.
  const conditional = !(await o.store.putIf(claim, { ifNoneMatch: '*' }));

  // A conditional create already proved the claim ours; otherwise read it (unless unreadable).
  const verify = async (): Promise<void> => {
    if (conditional) return;
    let now: ClaimRecord | undefined;
    try {
      now = parseRecord(await o.store.get(key));
    } catch (error) {
      if (unreadable(o, error)) return;
      throw error;
    }
    if (now?.token !== record.token) throw clash(clashMessage(o, now));
  };
  if (!conditional) {
    await sleep(SETTLE_MS);
    await verify();
  }

  return {
    replacing,
    conditional,
    verify,
    async removeStale(keep) {
      const limit = pLimit(16);
      const stale = (await o.store.list(`${o.prefix}/`)).map((c) => c.key).filter((k) => !keep.has(k));
      await Promise.all(stale.map((k) => limit(() => o.store.delete(k))));
      return stale.length;
    },
    async finish(state, extra = {}) {
      // Never over another publication's claim (one that won a clash this job lost late).
      if ((await readRecord(o, key))?.token !== record.token && !(await unreadableClaim(o, key))) return;
      const done: ClaimRecord = { ...record, state, finishedAt: o.now().toISOString(), ...extra };
      await o.store.put(claimObject(key, done, o.objects));
      // The copy the repository page is rendered from (one listing of the history root).
      const place = historyPlace(o.prefix);
      if (place !== undefined) await o.store.put(claimObject(rootEntryKey(place), done, o.objects));
    },
  };
}

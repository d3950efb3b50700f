// Writes a publication's stable links (stable-link-page.ts) so that each always leads to the
// newest publication (stable-order.ts), however the jobs that write them interleave.
//
// Servers that honour conditional writes: HEAD the link, stop when it already leads to a
// publication as new or newer, else PutObject with If-Match on the ETag read (If-None-Match: *
// when there is none), and on 412/409 start over. A late, older writer therefore always
// re-reads and stops; a newer one is never undone.
//
// Servers that ignore conditions (claim.ts finds them out): every writer first leaves a
// candidate, `<link dir>/_candidates/<order key>`, holding the page it would write. Then, until
// the link shows the newest candidate it can list, it writes that newest candidate's page (its
// own or another's) and checks again. The last write to land is followed by its writer's check,
// which lists every candidate written before it, so the link converges to the newest. Limits
// (docs/stable-links.md): a writer killed between its write landing and its check can leave an
// older page until the next publication; the server must list and read its own writes.
import type { ObjectOptions, RunContext } from '../config.js';
import { STABLE_LINK_CANDIDATES_DIR, STABLE_LINK_GENERATED, STABLE_LINK_TARGET } from '../layout.js';
import type { ObjectStore, PutRequest } from '../store/store.js';
import { renderStableLinkPage, stableLinkPlaces, type StableLinkKind, type StableLinkPlace } from './stable-link-page.js';
import { compareStableOrder, isStableOrderKey, stableOrderKey } from './stable-order.js';

/** The link page's metadata field with the order key of the publication it leads to. */
export const STABLE_LINK_ORDER = 'order';
const CACHE_CONTROL = 'no-cache';
const CONTENT_TYPE = 'text/html; charset=utf-8';
const MAX_ROUNDS = 10;

export interface StableLinkOptions {
  store: ObjectStore;
  prefix: string;
  /** The publication's root page (index.html, or its listing with html: text). */
  rootKey: string;
  testName: string;
  context: RunContext;
  startedAt: Date;
  objects: ObjectOptions;
  /** Whether the server honours conditional writes (claim.ts found out). */
  conditional: boolean;
  log: { info(message: string): void; debug(message: string): void; warning(message: string): void };
}

export type StableLinkOutcome = 'written' | 'newer-stands' | 'foreign';

export interface StableLinkResult {
  kind: StableLinkKind;
  key: string;
  outcome: StableLinkOutcome;
}

/** What a writer puts at a link: the page and its metadata, or a candidate of it. */
interface Version {
  order: string;
  targetPrefix: string;
  html: string;
}

function pageRequest(key: string, v: Version, objects: ObjectOptions): PutRequest {
  return {
    key,
    body: Buffer.from(v.html, 'utf8'),
    contentType: CONTENT_TYPE,
    cacheControl: CACHE_CONTROL,
    metadata: { generated: STABLE_LINK_GENERATED, [STABLE_LINK_TARGET]: encodeURIComponent(v.targetPrefix), [STABLE_LINK_ORDER]: v.order },
    options: { acl: objects.acl, tagging: objects.tagging },
  };
}

const candidatesDir = (place: StableLinkPlace): string => `${place.key.slice(0, place.key.lastIndexOf('/'))}/${STABLE_LINK_CANDIDATES_DIR}/`;

/** A candidate carries the stable-link metadata too, so that retention, which removes the link
 * objects of a deleted publication, removes the candidates with them. */
function candidateRequest(place: StableLinkPlace, v: Version, objects: ObjectOptions): PutRequest {
  return {
    ...pageRequest(`${candidatesDir(place)}${v.order}`, v, objects),
    body: Buffer.from(JSON.stringify(v), 'utf8'),
    contentType: 'application/json',
  };
}

function parseVersion(data: Buffer | undefined): Version | undefined {
  try {
    const v = JSON.parse(data?.toString('utf8') ?? '') as Partial<Version>;
    return isStableOrderKey(v.order) && typeof v.targetPrefix === 'string' && typeof v.html === 'string' ? (v as Version) : undefined;
  } catch {
    return undefined;
  }
}

/** The newest candidate at the link that can be read, or `mine` when none is newer. */
async function newestCandidate(o: StableLinkOptions, place: StableLinkPlace, mine: Version): Promise<{ newest: Version; older: string[] }> {
  const dir = candidatesDir(place);
  const orders = (await o.store.list(dir)).map((c) => c.key.slice(dir.length)).filter(isStableOrderKey).sort(compareStableOrder).reverse();
  for (const order of orders) {
    if (compareStableOrder(order, mine.order) <= 0) break;
    // One deleted since the listing (a newer writer tidied up) is passed over.
    const v = parseVersion(await o.store.get(`${dir}${order}`));
    if (v !== undefined) return { newest: v, older: orders.filter((x) => compareStableOrder(x, order) < 0) };
  }
  return { newest: mine, older: orders.filter((x) => compareStableOrder(x, mine.order) < 0) };
}

async function updateLink(o: StableLinkOptions, place: StableLinkPlace, mine: Version): Promise<StableLinkOutcome> {
  if (!o.conditional) await o.store.put(candidateRequest(place, mine, o.objects));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { newest, older } = o.conditional ? { newest: mine, older: [] } : await newestCandidate(o, place, mine);
    const current = await o.store.head(place.key);
    if (current !== undefined && current.metadata['generated'] !== STABLE_LINK_GENERATED) {
      if (!o.conditional) await o.store.delete(`${candidatesDir(place)}${mine.order}`).catch(() => undefined);
      return 'foreign';
    }
    if (current !== undefined && compareStableOrder(current.metadata[STABLE_LINK_ORDER], newest.order) >= 0) {
      // Settled: only the candidate the link shows (or a newer one, still being written) is needed.
      const shown = current.metadata[STABLE_LINK_ORDER];
      await Promise.all(older.filter((x) => compareStableOrder(x, shown) < 0).map((x) => o.store.delete(`${candidatesDir(place)}${x}`).catch(() => undefined)));
      return shown === mine.order ? 'written' : 'newer-stands';
    }
    const written = await o.store.putIf(pageRequest(place.key, newest, o.objects), current === undefined ? { ifNoneMatch: '*' } : { ifMatch: current.etag });
    if (written && o.conditional) return 'written';
    if (!written) o.log.debug(`${place.key}: changed while it was written (412/409), reading it again`);
  }
  throw new Error(`${place.key} kept changing while it was written (${MAX_ROUNDS} rounds)`);
}

/** Writes the stable links of a complete publication; each link is left leading to the newest
 * publication, this one or a newer one. A link page that this action did not write is left. */
export async function writeStableLinks(o: StableLinkOptions): Promise<StableLinkResult[]> {
  const order = stableOrderKey(o.context, o.startedAt, o.prefix);
  const runLabel = o.context.runLabel ?? `#${o.context.runId} attempt ${o.context.runAttempt}`;
  // The links are independent objects: written side by side, one round trip chain each.
  return Promise.all(
    stableLinkPlaces(o.prefix, o.context).map(async (place): Promise<StableLinkResult> => {
      const html = renderStableLinkPage({ key: place.key, targetKey: o.rootKey, testName: o.testName, follows: place.follows, runLabel });
      const outcome = await updateLink(o, place, { order, targetPrefix: o.prefix, html });
      if (outcome === 'foreign') o.log.warning(`${place.key} is not a stable link page of this action: left as it is, and the link for ${place.follows} not written`);
      else o.log.info(outcome === 'written' ? `stable link for ${place.follows}: ${place.key} leads to this publication` : `stable link for ${place.follows}: a newer publication stands at ${place.key}, left to it`);
      return { kind: place.kind, key: place.key, outcome };
    }),
  );
}

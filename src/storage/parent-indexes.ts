// Index pages for the levels above a publication (`owner/`, `owner/repo/` listing runs,
// `owner/repo/run/` listing tests), which concurrent jobs and later runs all update.
//
// No update may be lost. Every child of a level has an object of its own there,
// `<level>/_children/<child>` (layout.ts childKey): a publication's claim (storage/claim.ts),
// or a marker for a level below. Distinct keys, so concurrent writers never overwrite each
// other's entry. A level's page is rendered from ListObjectsV2 of its markers and written with
// a conditional PutObject (If-Match on the ETag read, If-None-Match: * when creating), retried
// on 412/409. Servers that ignore conditions (some S3-compatible ones) are covered too: after
// every write the markers are listed again, and the page is rewritten until it shows them all.
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type ObjectCannedACL, type S3Client } from '@aws-sdk/client-s3';
import { CHILDREN_DIR, childKey } from '../layout.js';
import { buildParentView, type ChildEntry } from '../report/parent-model.js';
import { renderParent } from '../report/render.js';
import { claimedName, MARKER_GENERATED } from './claim.js';
const GENERATED = 'parent-index';
const MAX_ROUNDS = 10;

export interface ParentOptions {
  client: S3Client;
  bucket: string;
  /** The publication's prefix; every proper prefix of it gets a page. */
  prefix: string;
  /** The canned ACL asked for, if any: shared pages must be as readable as the publication. */
  acl: ObjectCannedACL | undefined;
  warning: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

interface Current {
  etag: string | undefined;
  /** An index.html that this action did not write: never overwritten. */
  foreign: boolean;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

async function current(o: ParentOptions, key: string): Promise<Current> {
  try {
    const head = await o.client.send(new HeadObjectCommand({ Bucket: o.bucket, Key: key }));
    return { etag: head.ETag, foreign: head.Metadata?.['generated'] !== GENERATED };
  } catch (error) {
    if (statusOf(error) === 404) return { etag: undefined, foreign: false };
    throw error;
  }
}

/** Names read from claims, by key: a changed segment (`unit-tests--<hash>`) is shown as the
 * test name it stands for. Kept segments are the names themselves and need no read. */
type Titles = Map<string, Promise<string | undefined>>;

async function listChildren(o: ParentOptions, level: string, titles: Titles = new Map()): Promise<ChildEntry[]> {
  const base = `${level}/${CHILDREN_DIR}/`;
  const children: ChildEntry[] = [];
  let token: string | undefined;
  do {
    const page = await o.client.send(new ListObjectsV2Command({ Bucket: o.bucket, Prefix: base, ...(token ? { ContinuationToken: token } : {}) }));
    for (const item of page.Contents ?? []) {
      const name = item.Key?.slice(base.length);
      if (!name || name.includes('/')) continue;
      const key = `${base}${name}`;
      if (name.includes('--') && !titles.has(key)) titles.set(key, claimedName(o.client, o.bucket, key));
      children.push({ name, updatedAt: item.LastModified ?? new Date(0) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return Promise.all(
    children.map(async (c) => {
      const title = await titles.get(`${base}${c.name}`);
      return title !== undefined && title !== c.name ? { ...c, title } : c;
    }),
  );
}

/** How the ETag is sent in If-Match. RFC 9110 and AWS take it quoted, as HeadObject returns it;
 * Ceph RGW (16.2) only matches it unquoted and answers 412 otherwise. */
interface EtagStyle {
  quoted: boolean;
}

/** Writes the page of one level until it lists every child marker. */
async function updateLevel(o: ParentOptions, segments: string[], style: EtagStyle): Promise<void> {
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
    try {
      await o.client.send(
        new PutObjectCommand({
          Bucket: o.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: 'text/html; charset=utf-8',
          CacheControl: 'no-cache',
          Metadata: { generated: GENERATED },
          ...(o.acl ? { ACL: o.acl } : {}),
          ...(now.etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: style.quoted ? now.etag : now.etag.replace(/"/g, '') }),
        }),
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 && now.etag !== undefined && style.quoted && (await current(o, key)).etag === now.etag) {
        // Refused although nothing changed: this server wants the ETag unquoted.
        style.quoted = false;
        continue;
      }
      if (status === 412 || status === 409) {
        // Someone else wrote the page since it was read: read again and redo.
        await sleep(20 + Math.random() * 80 * (round + 1));
        continue;
      }
      throw error;
    }
    const shown = new Set(children.map((c) => c.name));
    const after = await listChildren(o, level);
    if (after.every((c) => shown.has(c.name))) return;
  }
  throw new Error(`${key} kept changing under concurrent updates (${MAX_ROUNDS} rounds)`);
}

export async function updateParentIndexes(o: ParentOptions): Promise<void> {
  const segments = o.prefix.split('/');
  // Markers first, deepest level first, so that every level's page can already list them. The
  // publication itself is listed by its claim, written before its upload.
  for (let depth = segments.length - 2; depth >= 1; depth--) {
    await o.client.send(
      new PutObjectCommand({ Bucket: o.bucket, Key: childKey(segments.slice(0, depth + 1).join('/')), Body: '', ContentLength: 0, ContentType: 'application/octet-stream', Metadata: { generated: MARKER_GENERATED } }),
    );
  }
  const style: EtagStyle = { quoted: true };
  for (let depth = segments.length - 1; depth >= 1; depth--) {
    await updateLevel(o, segments.slice(0, depth), style);
  }
}

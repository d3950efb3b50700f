// The publication an explicit `compare` input names, as its key prefix in this publication's
// bucket. Three forms are taken: a key prefix (`owner/repo/7001-1/unit`), `s3://<bucket>/<prefix>`,
// or the address a browser shows for the publication (its root page, its listing, or its folder),
// whichever way the bucket is addressed (path style `host/bucket/key` or virtual-hosted
// `bucket.host/key`): the address is read back against the store's own public URL, so a
// publication in another bucket, or a page elsewhere, is refused by name instead of compared.
import { INDEX_NAME, LISTING_NAME } from '../layout.js';
import type { ObjectStore } from '../store/store.js';
import { InputError } from '../util/errors.js';

const INPUT = 'input `compare`';
const WHAT = 'give a publication of this bucket: its key prefix (owner/repo/<run>/<test>), s3://<bucket>/<prefix>, or the URL of its page';

/** `a/b/` or `/a/b` → `a/b`; an empty prefix is refused. */
function cleanPrefix(raw: string, target: string): string {
  const prefix = raw.replace(/^\/+|\/+$/g, '');
  if (prefix === '' || prefix.split('/').some((s) => s === '')) throw new InputError(`${INPUT} is '${target}', which names no publication: ${WHAT}`);
  return prefix;
}

/** The store's public base URL, and the same bucket addressed the other way (path style ⇄
 * virtual-hosted), as a URL pasted from either form of the same bucket is the same place. */
function bucketBases(store: Pick<ObjectStore, 'bucket' | 'publicUrl'>): URL[] {
  const base = new URL(store.publicUrl(''));
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const bases = [base];
  const bucket = store.bucket.toLowerCase();
  const host = base.hostname.toLowerCase();
  const segments = base.pathname.split('/').filter((s) => s !== '');
  if (host.startsWith(`${bucket}.`)) {
    const path = new URL(base);
    path.hostname = host.slice(bucket.length + 1);
    path.pathname = `/${encodeURIComponent(store.bucket)}${base.pathname}`;
    bases.push(path);
  } else if (segments.length === 1 && decodeURIComponent(segments[0] as string) === store.bucket) {
    const virtual = new URL(base);
    virtual.hostname = `${store.bucket}.${base.hostname}`;
    virtual.pathname = '/';
    bases.push(virtual);
  }
  return bases;
}

function decodeSegment(segment: string, target: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InputError(`${INPUT} is the URL ${target}, whose path is not valid percent-encoding: ${WHAT}`);
  }
}

/** The publication's prefix from the URL of its page or folder, or undefined when the URL is not
 * in this bucket. */
function prefixOfUrl(store: Pick<ObjectStore, 'bucket' | 'publicUrl'>, url: URL, target: string): string | undefined {
  for (const base of bucketBases(store)) {
    // http or https: the same bucket either way.
    if (url.host.toLowerCase() !== base.host.toLowerCase() || !url.pathname.startsWith(base.pathname)) continue;
    const segments = url.pathname.slice(base.pathname.length).split('/').map((s) => decodeSegment(s, target));
    if (segments.at(-1) === '' || segments.at(-1) === INDEX_NAME || segments.at(-1) === LISTING_NAME) segments.pop();
    return cleanPrefix(segments.join('/'), target);
  }
  return undefined;
}

/**
 * The key prefix of the publication `target` names, in `store`'s bucket. Throws an InputError
 * naming the `compare` input for another bucket, a URL outside this bucket, or an empty name.
 */
export function targetPrefix(store: Pick<ObjectStore, 'bucket' | 'publicUrl'>, target: string): string {
  const raw = target.trim();
  const s3 = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(raw);
  if (s3) {
    const bucket = s3[1] ?? '';
    if (bucket !== store.bucket) {
      throw new InputError(`${INPUT} is '${target}', in bucket '${bucket}', but this publication is in bucket '${store.bucket}': a baseline must be in the same bucket (give s3://${store.bucket}/<prefix>, or the prefix alone)`);
    }
    return cleanPrefix(s3[2] ?? '', target);
  }
  if (/^https?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new InputError(`${INPUT} is '${target}', which is not a valid URL: ${WHAT}`);
    }
    const prefix = prefixOfUrl(store, url, target);
    if (prefix === undefined) {
      throw new InputError(`${INPUT} is the URL ${target}, which is not in bucket '${store.bucket}' (whose objects are at ${bucketBases(store)[0]?.toString()}): ${WHAT}`);
    }
    return prefix;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) throw new InputError(`${INPUT} is '${target}', an address this action cannot read: ${WHAT}`);
  return cleanPrefix(raw, target);
}

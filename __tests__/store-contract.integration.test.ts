// One contract, two stores: the in-memory fake the core's fast tests use, and the S3 store
// against a real server (the embedded s3rver, or Ceph RGW with PTO_S3_ENDPOINT). Where the fake
// behaves as S3, the core's tests on it mean something. s3rver ignores conditional writes, so
// the conditional checks run against the fake and RGW only.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANNED_ACLS, STORAGE_CLASSES, type ObjectStore } from '../src/store/store.js';
import { createFakeStore } from '../src/store/fake.js';
import { createS3Store } from '../src/store/s3/s3-store.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';
import { ObjectCannedACL, StorageClass } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';

let target: S3Target;
let s3: ObjectStore;
beforeAll(async () => {
  target = await s3Target();
  const bucket = await target.createBucket();
  s3 = createS3Store({
    bucket,
    region: 'us-east-1',
    endpoint: target.endpoint,
    forcePathStyle: true,
    concurrency: 8,
    requestTimeout: 60,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
  await s3.checkBucket(() => undefined);
});
afterAll(async () => {
  s3.destroy();
  await target.close();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const fake = createFakeStore();
const stores: [string, () => ObjectStore, () => boolean][] = [
  ['fake store', () => fake, () => true],
  ['S3 store', () => s3, () => target.kind === 'external'],
];

describe.each(stores)('%s', (_name, store, conditional) => {
  const put = (key: string, text: string) => store().put({ key, body: Buffer.from(text), contentType: 'text/plain; charset=utf-8', metadata: { generated: 'test' } });

  it('gives back the bytes and metadata it was given; undefined for what is not there', async () => {
    const body = randomBytes(70_000);
    await store().put({ key: 'c/a b/ü+1.bin', body, contentType: 'application/octet-stream', metadata: { generated: 'x' } });
    expect(sha((await store().get('c/a b/ü+1.bin'))!)).toBe(sha(body));
    const head = await store().head('c/a b/ü+1.bin');
    expect(head?.metadata['generated']).toBe('x');
    expect(head?.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await store().get('c/missing')).toBeUndefined();
    expect(await store().head('c/missing')).toBeUndefined();
  });

  it('streams a large body (multipart on S3) byte-exact', async () => {
    const body = randomBytes(20 * 1024 * 1024 + 3);
    await store().putStream({ key: 'c/large.bin', body: Readable.from([body.subarray(0, 1000), body.subarray(1000)]), contentType: 'application/octet-stream' });
    expect(sha((await store().get('c/large.bin'))!)).toBe(sha(body));
  });

  it('lists by prefix in key order, and deletes', async () => {
    for (const k of ['l/b', 'l/a', 'l/c/d', 'lx']) await put(k, k);
    expect((await store().list('l/')).map((o) => o.key)).toEqual(['l/a', 'l/b', 'l/c/d']);
    await store().delete('l/b');
    expect((await store().list('l/')).map((o) => o.key)).toEqual(['l/a', 'l/c/d']);
    expect((await store().list('l/', { onePage: true })).map((o) => o.key)).toEqual(['l/a', 'l/c/d']);
  });

  it('lists a range of a prefix (after one key, through another), each key with the ETag that HEAD gives', async () => {
    for (const k of ['r/1', 'r/2', 'r/3', 'r/4', 'r/5']) await put(k, `range ${k}`);
    expect((await store().list('r/', { startAfter: 'r/2', through: 'r/4' })).map((o) => o.key)).toEqual(['r/3', 'r/4']);
    expect((await store().list('r/', { startAfter: 'r/4' })).map((o) => o.key)).toEqual(['r/5']);
    expect((await store().list('r/', { through: 'r/1' })).map((o) => o.key)).toEqual(['r/1']);
    for (const o of await store().list('r/')) expect(o.etag, o.key).toBe((await store().head(o.key))!.etag);
  });

  it('creates only what is absent, and replaces only the version it read, where the server enforces conditions', async () => {
    const page = (text: string) => ({ key: 'p/index.html', body: Buffer.from(text), contentType: 'text/html; charset=utf-8' });
    expect(await store().putIf(page('one'), { ifNoneMatch: '*' })).toBe(true);
    const first = (await store().head('p/index.html'))!.etag;
    if (conditional()) {
      expect(await store().putIf(page('two'), { ifNoneMatch: '*' })).toBe(false);
      expect((await store().get('p/index.html'))!.toString()).toBe('one');
    }
    expect(await store().putIf(page('three'), { ifMatch: first })).toBe(true);
    if (conditional()) {
      expect(await store().putIf(page('four'), { ifMatch: first })).toBe(false);
      expect((await store().get('p/index.html'))!.toString()).toBe('three');
    }
  });

  it('deletes many keys in batches of 1,000, absent and repeated keys included, and nothing beside them', async () => {
    const keys = Array.from({ length: 2100 }, (_, i) => `m/k ü+${String(i).padStart(4, '0')}`);
    const limit = pLimit(32);
    await Promise.all([...keys, 'm/kept', 'mx'].map((k) => limit(() => put(k, k))));
    const report = await store().deleteMany([...keys, keys[0]!, 'm/absent']);
    expect(report.failed).toEqual([]);
    expect(report.deleted).toBe(keys.length + 1);
    expect((await store().list('m')).map((o) => o.key)).toEqual(['m/kept', 'mx']);
    expect(await store().deleteMany([])).toEqual({ deleted: 0, failed: [] });
  }, 120_000);
});

describe('S3 store deleteMany', () => {
  it('reports every key of a request the server refused, with the reason, instead of throwing', async () => {
    const missing = createS3Store({
      bucket: `pto-missing-${randomBytes(4).toString('hex')}`,
      region: 'us-east-1',
      endpoint: target.endpoint,
      forcePathStyle: true,
      concurrency: 4,
      requestTimeout: 60,
      credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    });
    try {
      const report = await missing.deleteMany(['a', 'b']);
      expect(report.deleted).toBe(0);
      expect(report.failed.map((f) => f.key)).toEqual(['a', 'b']);
      expect(report.failed[0]!.message).toMatch(/NoSuchBucket|does not exist/i);
    } finally {
      missing.destroy();
    }
  });
});

describe('store types', () => {
  it("list S3's canned ACLs and storage classes exactly as the SDK does", () => {
    expect([...CANNED_ACLS].sort()).toEqual(Object.values(ObjectCannedACL).sort());
    expect([...STORAGE_CLASSES].sort()).toEqual(Object.values(StorageClass).sort());
  });
});

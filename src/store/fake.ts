// An ObjectStore in memory, for fast in-process tests of the core: it behaves as S3 does where
// the core depends on it (ETags, conditional writes, key-ordered listing, 404 as undefined), and
// `__tests__/store-contract.integration.test.ts` runs the same checks on it and on the S3 store against a
// real server. It can also play a server that ignores conditional writes, as some do.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Condition, ListedObject, ObjectInfo, ObjectStore, PutRequest, StreamPutRequest } from './store.js';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  cacheControl: string | undefined;
  etag: string;
  lastModified: Date;
}

export interface FakeStore extends ObjectStore {
  /** Every object, by key: what a test inspects. */
  readonly objects: Map<string, StoredObject>;
}

/** An error shaped as the S3 store's callers see one: an HTTP status and a code. */
export class FakeStoreError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${code} (HTTP ${status})`);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function createFakeStore(options: { bucket?: string; ignoreConditions?: boolean; now?: () => Date } = {}): FakeStore {
  const objects = new Map<string, StoredObject>();
  const now = options.now ?? (() => new Date());
  const store = (key: string, body: Buffer, r: Omit<PutRequest, 'key' | 'body'>): void => {
    objects.set(key, {
      body,
      contentType: r.contentType,
      metadata: { ...(r.metadata ?? {}) },
      cacheControl: r.cacheControl,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModified: now(),
    });
  };
  return {
    objects,
    bucket: options.bucket ?? 'fake-bucket',
    where: 'the fake store',
    async checkBucket() {},
    async put(r) {
      store(r.key, r.body, r);
    },
    async putStream(r: StreamPutRequest) {
      store(r.key, await readAll(r.body), r);
    },
    async putIf(r: PutRequest, c: Condition) {
      const current = objects.get(r.key);
      const holds = 'ifNoneMatch' in c ? current === undefined : current?.etag === c.ifMatch;
      if (!holds && !options.ignoreConditions) return false;
      store(r.key, r.body, r);
      return true;
    },
    async head(key): Promise<ObjectInfo | undefined> {
      const o = objects.get(key);
      return o && { etag: o.etag, metadata: { ...o.metadata } };
    },
    async get(key) {
      const o = objects.get(key);
      return o && Buffer.from(o.body);
    },
    async list(prefix, o = {}): Promise<ListedObject[]> {
      const { startAfter, through } = o;
      return [...objects.entries()]
        .filter(([key]) => key.startsWith(prefix) && (startAfter === undefined || key > startAfter) && (through === undefined || key <= through))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, o.onePage ? 1000 : undefined)
        .map(([key, stored]) => ({ key, lastModified: stored.lastModified, size: stored.body.length, etag: stored.etag }));
    },
    async delete(key) {
      objects.delete(key);
    },
    async deleteMany(keys) {
      const unique = new Set(keys);
      for (const key of unique) objects.delete(key);
      return { deleted: unique.size, failed: [] };
    },
    publicUrl: (key) => `https://fake.invalid/${key.split('/').map(encodeURIComponent).join('/')}`,
    presign: async (key, seconds) => `https://fake.invalid/${key.split('/').map(encodeURIComponent).join('/')}?expires=${seconds}`,
    linkExpiry: async (seconds, at) => ({ expiresAt: new Date(at.getTime() + seconds * 1000) }),
    statusOf: (error) => (error instanceof FakeStoreError ? error.status : undefined),
    describe: (error) => ({ message: error instanceof Error ? error.message : String(error), fatal: error instanceof FakeStoreError && error.status === 403, config: error instanceof FakeStoreError && error.status === 403 }),
    destroy() {},
  };
}

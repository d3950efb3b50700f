// The storage seam: what the action asks of an object store, and nothing of how. The S3
// implementation (store/s3/) is the only code that knows the AWS SDK; store/fake.ts keeps
// objects in memory for fast tests of the core. Any S3-compatible service is reached through
// the S3 implementation and an `endpoint`.
import type { Readable } from 'node:stream';

/** S3's canned ACLs (a test keeps this list equal to the SDK's). */
export const CANNED_ACLS = ['authenticated-read', 'aws-exec-read', 'bucket-owner-full-control', 'bucket-owner-read', 'private', 'public-read', 'public-read-write'] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

/** S3's storage classes (a test keeps this list equal to the SDK's). */
export const STORAGE_CLASSES = [
  'AWS_BACKUP_LOW_COST_WARM', 'AWS_BACKUP_WARM', 'DEEP_ARCHIVE', 'EXPRESS_ONEZONE', 'FSX_ONTAP', 'FSX_OPENZFS', 'GLACIER', 'GLACIER_IR',
  'INTELLIGENT_TIERING', 'ONEZONE_IA', 'OUTPOSTS', 'REDUCED_REDUNDANCY', 'SNOW', 'STANDARD', 'STANDARD_IA',
] as const;
export type StorageClassName = (typeof STORAGE_CLASSES)[number];

/** Settings an object is written with; only those set are sent. */
export interface WriteOptions {
  acl?: CannedAcl | undefined;
  storageClass?: StorageClassName | undefined;
  /** URL-encoded `k=v&k2=v2`, the form of the x-amz-tagging header. */
  tagging?: string | undefined;
}

export interface PutRequest {
  key: string;
  body: Buffer;
  /** Hex SHA-256 of body, when the caller has it already. */
  sha256?: string;
  contentType: string;
  metadata?: Record<string, string>;
  cacheControl?: string;
  options?: WriteOptions;
}

/** File bytes a `putStream` holds in memory at most (its parts in flight). */
export const STREAM_PART_BYTES = 8 * 1024 * 1024;
export const STREAM_PARTS_IN_FLIGHT = 4;

/** A body too large to hold: streamed (in multipart parts), never whole in memory. */
export interface StreamPutRequest extends Omit<PutRequest, 'body' | 'sha256'> {
  body: Readable;
}

/** Create only when absent, or replace only the version with this ETag (as `head` gave it). */
export type Condition = { ifNoneMatch: '*' } | { ifMatch: string };

export interface ObjectInfo {
  etag: string;
  metadata: Record<string, string>;
}

export interface ListedObject {
  key: string;
  lastModified: Date;
  size: number;
  /** As ListObjectsV2 gives it (quoted on S3), and as `head` gives it for the same version. */
  etag: string;
}

export interface ListOptions {
  /** Only the first page (up to 1,000), enough to tell whether there are any. */
  onePage?: boolean;
  /** Only keys after this one (ListObjectsV2 StartAfter). */
  startAfter?: string;
  /** Only keys up to and including this one: the listing stops at the first key after it, so
   * that ranges of one prefix can be listed in parallel. */
  through?: string;
}

/** What `deleteMany` did: keys the server confirmed gone (absent ones count: deleting is
 * idempotent), and those it refused, each with the server's reason. */
export interface DeleteReport {
  deleted: number;
  failed: { key: string; message: string }[];
}

/** Keys one DeleteObjects request takes at most (S3's limit). */
export const DELETE_BATCH = 1000;

export interface LinkExpiry {
  /** When presigned links stop working. */
  expiresAt: Date;
  /** Set when temporary credentials end the links before the requested expiry. */
  cutShortBy?: 'credentials';
}

export interface DescribedError {
  message: string;
  /** The same failure would hit every other request: stop instead of trying them all. */
  fatal: boolean;
  /** The configuration is at fault (credentials, bucket, region, permissions): running again
   * unchanged cannot help. */
  config?: boolean;
}

export interface ObjectStore {
  readonly bucket: string;
  /** Where the bucket lives, for messages: the endpoint, or "AWS S3 (<region>)". */
  readonly where: string;
  /** Asks for the bucket before anything is written, and throws what the server answered (a
   * missing bucket, an unreachable server) for the caller to judge with `describe`, or a
   * FatalStorageError when the configuration is surely wrong (a region that does not exist). A
   * 403 is not conclusive (a policy may allow PutObject but not ListBucket): it only goes to
   * `debug`. */
  checkBucket(debug: (message: string) => void): Promise<void>;
  put(request: PutRequest): Promise<void>;
  putStream(request: StreamPutRequest): Promise<void>;
  /** False when the condition did not hold (412), or a concurrent write won (409). */
  putIf(request: PutRequest, condition: Condition): Promise<boolean>;
  /** Undefined when there is no such object (404). */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Undefined when there is no such object (404). */
  get(key: string): Promise<Buffer | undefined>;
  /** Objects whose key starts with `prefix`, in key order (within the range `options` asks). */
  list(prefix: string, options?: ListOptions): Promise<ListedObject[]>;
  delete(key: string): Promise<void>;
  /** Deletes many keys in batches (DeleteObjects, DELETE_BATCH keys a request, a few requests at
   * once). Never throws for a key: what could not be deleted is reported, whole batches
   * included when their request failed. */
  deleteMany(keys: readonly string[]): Promise<DeleteReport>;
  /** The URL a browser opens the object at, when the bucket (or public-base-url) is readable. */
  publicUrl(key: string): string;
  /** A GET URL that works without credentials for `seconds`. */
  presign(key: string, seconds: number): Promise<string>;
  linkExpiry(seconds: number, now: Date): Promise<LinkExpiry>;
  /** The HTTP status an error of this store carries, if any. */
  statusOf(error: unknown): number | undefined;
  /** An error of this store as one line a user can act on. */
  describe(error: unknown): DescribedError;
  /** Releases connections; the store is not used afterwards. */
  destroy(): void;
}

// Sends planned files to S3: one shared client, bounded concurrency, small files from memory
// (so the SDK can retry them), large ones streamed in multipart parts (never whole in memory).
import { PutObjectCommand, type ObjectCannedACL, type S3Client, type StorageClass } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import pLimit from 'p-limit';
import { MAX_KEY_BYTES } from '../files/keys.js';
import { BINARY_FALLBACK_TYPE, sniffContentType, type UploadItem } from '../files/plan.js';
import type { ObjectOptions } from '../inputs.js';
import { FatalStorageError } from '../util/errors.js';
import { byteBudget } from './byte-budget.js';
import type { DirectPut } from './direct-put.js';
import { describeStorageError, type DescribedError, type StorageTarget } from './s3-errors.js';

/** Files up to this size are read whole and sent in one PutObject. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;
/** Bytes of file data held by the uploads in flight at most (see byte-budget.ts). */
export const MEMORY_BUDGET = 256 * 1024 * 1024;

export interface Uploaded {
  item: UploadItem;
  size: number;
  sha256: string;
  contentType: string;
}

export interface Failed {
  item: UploadItem;
  reason: string;
}

export interface UploadReport {
  uploaded: Uploaded[];
  failed: Failed[];
  bytes: number;
}

/** ACL, storage class and tags as PutObject parameters; only those that are set. */
export function objectParams(o: Partial<ObjectOptions> | undefined): { ACL?: ObjectCannedACL; StorageClass?: StorageClass; Tagging?: string } {
  return {
    ...(o?.acl ? { ACL: o.acl } : {}),
    ...(o?.storageClass ? { StorageClass: o.storageClass } : {}),
    ...(o?.tagging ? { Tagging: o.tagging } : {}),
  };
}

export interface UploadOptions {
  client: S3Client;
  bucket: string;
  objects?: ObjectOptions;
  target: StorageTarget;
  concurrency: number;
  /** Sends small PUTs without the SDK's pipeline when set (see direct-put.ts). */
  direct?: DirectPut | undefined;
  multipartThreshold?: number;
  onProgress?: (done: number, total: number, bytes: number) => void;
}

export interface PutOptions {
  client: S3Client;
  /** Sends small PUTs without the SDK's pipeline when set (see direct-put.ts). */
  direct?: DirectPut | undefined;
  bucket: string;
  key: string;
  body: Buffer;
  /** Hex SHA-256 of body, when the caller has it already. */
  sha256?: string;
  contentType: string;
  metadata: Record<string, string>;
  cacheControl?: string;
  objects?: Partial<ObjectOptions>;
}

/** The headers PutObject sends for these settings, for a request built without the SDK. */
export function putHeaders(o: Pick<PutOptions, 'contentType' | 'metadata' | 'cacheControl' | 'objects'>): Record<string, string> {
  const p = objectParams(o.objects);
  return {
    'content-type': o.contentType,
    ...(o.cacheControl === undefined ? {} : { 'cache-control': o.cacheControl }),
    ...Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [`x-amz-meta-${k.toLowerCase()}`, v])),
    ...(p.ACL ? { 'x-amz-acl': p.ACL } : {}),
    ...(p.StorageClass ? { 'x-amz-storage-class': p.StorageClass } : {}),
    ...(p.Tagging ? { 'x-amz-tagging': p.Tagging } : {}),
  };
}

export async function putObject(o: PutOptions): Promise<void> {
  if (o.direct) {
    const sha256 = o.sha256 ?? createHash('sha256').update(o.body).digest('hex');
    await o.direct({ key: o.key, body: o.body, sha256, headers: putHeaders(o) });
    return;
  }
  await o.client.send(
    new PutObjectCommand({
      Bucket: o.bucket,
      Key: o.key,
      Body: o.body,
      ContentLength: o.body.length,
      ContentType: o.contentType,
      Metadata: o.metadata,
      ...(o.cacheControl === undefined ? {} : { CacheControl: o.cacheControl }),
      ...objectParams(o.objects),
    }),
  );
}

/** Files up to this size are read synchronously: a read this small takes microseconds, less
 * than the four thread-pool round trips (open, stat, read, close) of the promise API. */
const SYNC_READ_MAX = 256 * 1024;

async function uploadSmall(o: UploadOptions, item: UploadItem): Promise<Uploaded> {
  const body = item.file.size <= SYNC_READ_MAX ? readFileSync(item.file.absolutePath) : await readFile(item.file.absolutePath);
  const contentType = item.contentType ?? sniffContentType(body.subarray(0, 8192));
  const sha256 = createHash('sha256').update(body).digest('hex');
  // The size sent is what was read now, even if the file changed since it was found.
  await putObject({ client: o.client, direct: o.direct, bucket: o.bucket, key: item.key, body, sha256, contentType, metadata: item.metadata, ...(o.objects ? { objects: o.objects } : {}) });
  return { item, size: body.length, sha256, contentType };
}

async function uploadLarge(o: UploadOptions, item: UploadItem): Promise<Uploaded> {
  const hash = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const contentType = item.contentType ?? BINARY_FALLBACK_TYPE;
  const source = createReadStream(item.file.absolutePath);
  source.on('error', (e) => hashing.destroy(e));
  const upload = new Upload({
    client: o.client,
    params: { Bucket: o.bucket, Key: item.key, Body: source.pipe(hashing), ContentType: contentType, Metadata: item.metadata, ...objectParams(o.objects) },
    partSize: PART_SIZE,
    queueSize: PARTS_IN_FLIGHT,
    // A failed multipart upload is aborted so no orphan parts keep costing storage.
    leavePartsOnError: false,
  });
  await upload.done();
  return { item, size, sha256: hash.digest('hex'), contentType };
}

/** Why a local file could not be read, or undefined when the error is not about the file. */
export function describeFileError(error: unknown): string | undefined {
  const e = error as { code?: string; syscall?: string };
  if (typeof e?.syscall !== 'string' || typeof e.code !== 'string') return undefined;
  if (e.code === 'ENOENT') return 'the file vanished after it was found (ENOENT): make sure nothing deletes it while this step runs';
  if (e.code === 'EACCES' || e.code === 'EPERM') return `the file cannot be read (${e.code}): give the user running this step read permission`;
  if (e.code === 'EISDIR') return 'it turned into a directory after it was found (EISDIR)';
  return `the file cannot be read (${e.code} on ${e.syscall})`;
}

/** A reason the item cannot be uploaded at all, before any request is sent. */
function refuseBeforeUpload(item: UploadItem): string | undefined {
  const bytes = Buffer.byteLength(item.key);
  if (bytes > MAX_KEY_BYTES) return `its key is ${bytes} bytes, over S3's limit of ${MAX_KEY_BYTES}: shorten the file's path or the \`prefix\``;
  return undefined;
}

export async function uploadFiles(items: UploadItem[], o: UploadOptions): Promise<UploadReport> {
  const limit = pLimit(o.concurrency);
  const budget = byteBudget(MEMORY_BUDGET);
  const threshold = o.multipartThreshold ?? MULTIPART_THRESHOLD;
  const uploaded: Uploaded[] = [];
  const failed: Failed[] = [];
  let bytes = 0;
  let fatal: DescribedError | undefined;

  await Promise.all(
    items.map((item) =>
      limit(async () => {
        if (fatal !== undefined) {
          failed.push({ item, reason: 'not attempted after the error above' });
          return;
        }
        const refused = refuseBeforeUpload(item);
        if (refused !== undefined) {
          failed.push({ item, reason: refused });
          return;
        }
        const small = item.file.size <= threshold;
        const release = await budget.take(small ? item.file.size : PART_SIZE * PARTS_IN_FLIGHT);
        try {
          const result = small ? await uploadSmall(o, item) : await uploadLarge(o, item);
          uploaded.push(result);
          bytes += result.size;
        } catch (error) {
          const fileProblem = describeFileError(error);
          if (fileProblem !== undefined) {
            failed.push({ item, reason: fileProblem });
          } else {
            const described = describeStorageError(error, o.target);
            if (described.fatal) fatal ??= described;
            failed.push({ item, reason: described.message });
          }
        } finally {
          release();
        }
        o.onProgress?.(uploaded.length + failed.length, items.length, bytes);
      }),
    ),
  );
  if (fatal !== undefined) {
    const before = uploaded.length === 0 ? '' : ` (after ${uploaded.length} of ${items.length} files were uploaded; no index page lists them)`;
    throw new FatalStorageError(`${fatal.message}${before}`, fatal.config === true, uploaded.length);
  }
  return { uploaded, failed, bytes };
}

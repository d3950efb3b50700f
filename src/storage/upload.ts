// Sends planned files to the store: bounded concurrency, small files from memory (so they can
// be retried), large ones streamed (never whole in memory), and a byte budget over both.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import pLimit from 'p-limit';
import { MAX_KEY_BYTES } from '../files/keys.js';
import { BINARY_FALLBACK_TYPE, sniffContentType, type UploadItem } from '../files/plan.js';
import type { ObjectOptions } from '../config.js';
import { STREAM_PART_BYTES, STREAM_PARTS_IN_FLIGHT, type DescribedError, type ObjectStore } from '../store/store.js';
import { FatalStorageError } from '../util/errors.js';
import { byteBudget } from './byte-budget.js';

/** Files up to this size are read whole and sent in one PutObject. */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
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

export interface UploadOptions {
  store: ObjectStore;
  objects?: ObjectOptions;
  concurrency: number;
  multipartThreshold?: number;
  onProgress?: (done: number, total: number, bytes: number) => void;
}

/** Files up to this size are read synchronously: a read this small takes microseconds, less
 * than the four thread-pool round trips (open, stat, read, close) of the promise API. */
const SYNC_READ_MAX = 256 * 1024;

async function uploadSmall(o: UploadOptions, item: UploadItem): Promise<Uploaded> {
  const body = item.file.size <= SYNC_READ_MAX ? readFileSync(item.file.absolutePath) : await readFile(item.file.absolutePath);
  const contentType = item.contentType ?? sniffContentType(body.subarray(0, 8192));
  const sha256 = createHash('sha256').update(body).digest('hex');
  // The size sent is what was read now, even if the file changed since it was found.
  await o.store.put({ key: item.key, body, sha256, contentType, metadata: item.metadata, ...(o.objects ? { options: o.objects } : {}) });
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
  await o.store.putStream({ key: item.key, body: source.pipe(hashing), contentType, metadata: item.metadata, ...(o.objects ? { options: o.objects } : {}) });
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
        const release = await budget.take(small ? item.file.size : STREAM_PART_BYTES * STREAM_PARTS_IN_FLIGHT);
        try {
          const result = small ? await uploadSmall(o, item) : await uploadLarge(o, item);
          uploaded.push(result);
          bytes += result.size;
        } catch (error) {
          const fileProblem = describeFileError(error);
          if (fileProblem !== undefined) {
            failed.push({ item, reason: fileProblem });
          } else {
            const described = o.store.describe(error);
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

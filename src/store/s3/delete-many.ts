// Batched deletes for retention: DeleteObjects with up to 1,000 keys a request, a few requests
// in flight. The SDK retries a failed request as it does every call; keys the server refuses
// one by one (the request succeeded, an entry of its `Errors` did not) are sent again while
// their error is a passing one, with the same backoff as the direct PUTs, then reported.
//
// DeleteObjects is one of the few S3 calls that require an integrity header: the SDK adds its
// checksum even with requestChecksumCalculation WHEN_REQUIRED, which s3rver and Ceph RGW both
// accept (store-contract.integration.test.ts runs on both).
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { DELETE_BATCH, type DeleteReport } from '../store.js';
import { backoffMs, isRetryable, MAX_ATTEMPTS } from './retry.js';

/** Requests in flight at once: deletes are cheap for the client, not for the server. */
const BATCHES_IN_FLIGHT = 4;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface DeleteManyOptions {
  client: S3Client;
  bucket: string;
  /** One line for a failed request (the store's `describe`). */
  describe: (error: unknown) => string;
}

interface KeyError {
  Key?: string | undefined;
  Code?: string | undefined;
  Message?: string | undefined;
}

/** One batch: sent, then its refused keys again while their errors are passing ones. */
async function deleteBatch(o: DeleteManyOptions, keys: string[]): Promise<DeleteReport> {
  const failed: DeleteReport['failed'] = [];
  let pending = keys;
  let deleted = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    let errors: KeyError[];
    try {
      const out = await o.client.send(new DeleteObjectsCommand({ Bucket: o.bucket, Delete: { Objects: pending.map((Key) => ({ Key })), Quiet: true } }));
      errors = out.Errors ?? [];
    } catch (error) {
      // The SDK has retried the request already.
      const message = o.describe(error);
      return { deleted, failed: [...failed, ...pending.map((key) => ({ key, message }))] };
    }
    deleted += pending.length - errors.length;
    // A per-key error carries a code but no status: judged as a server error with that code.
    const passing = (e: KeyError): boolean => attempt < MAX_ATTEMPTS && e.Key !== undefined && isRetryable({ Code: e.Code, $metadata: { httpStatusCode: 200 } });
    for (const e of errors.filter((x) => !passing(x))) failed.push({ key: e.Key ?? '(no key)', message: `${e.Code ?? 'Error'}${e.Message ? `: ${e.Message}` : ''}` });
    const retry = errors.filter(passing);
    pending = retry.map((e) => e.Key as string);
    if (retry.length > 0) await sleep(backoffMs(attempt, { Code: retry[0]?.Code }, Math.random()));
  }
  return { deleted, failed };
}

export async function deleteMany(o: DeleteManyOptions, keys: readonly string[]): Promise<DeleteReport> {
  const unique = [...new Set(keys)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += DELETE_BATCH) batches.push(unique.slice(i, i + DELETE_BATCH));
  const limit = pLimit(BATCHES_IN_FLIGHT);
  const reports = await Promise.all(batches.map((b) => limit(() => deleteBatch(o, b))));
  return { deleted: reports.reduce((n, r) => n + r.deleted, 0), failed: reports.flatMap((r) => r.failed) };
}

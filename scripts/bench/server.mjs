// @ts-check
// The S3 server the benchmark uploads to: Ceph RGW (scripts/rgw-up.sh) when it can start, else
// the embedded s3rver (scripts/local-s3.mjs), and buckets on it that live for one measured run.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  AbortMultipartUploadCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalS3 } from '../local-s3.mjs';

/**
 * A server before and after it has a client: kind 'rgw' or 'embedded', a label for the report.
 * @typedef {{ kind: 'rgw' | 'embedded', label: string, endpoint: string, accessKeyId: string, secretAccessKey: string, rgwDir?: string, close: () => Promise<void> }} ServerInfo
 * @typedef {ServerInfo & { client: S3Client }} BenchS3
 */

const SCRIPTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** rgw-up.sh prints `export NAME='value'` lines; we parse them instead of eval-ing them so
 * nothing lands in our own environment (every measured tool gets its keys explicitly).
 * @param {string} text
 * @returns {Record<string, string | undefined>}
 */
export function parseExports(text) {
  /** @type {Record<string, string | undefined>} */
  const vars = {};
  for (const [, name = '', value = ''] of text.matchAll(/^export ([A-Z0-9_]+)='([^']*)'$/gm)) vars[name] = value;
  return vars;
}

/** @param {(line: string) => void} log */
function startRgw(log) {
  log('bench: starting Ceph RGW with scripts/rgw-up.sh (reuses a running one)');
  const r = spawnSync('bash', [path.join(SCRIPTS, 'rgw-up.sh')], { encoding: 'utf8', timeout: 15 * 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const vars = parseExports(r.stdout ?? '');
  const { RGW_ENDPOINT, RGW_ACCESS_KEY = '', RGW_SECRET_KEY = '', RGW_DIR = '' } = vars;
  if (r.status !== 0 || !RGW_ENDPOINT) {
    throw new Error(`rgw-up.sh failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  }
  return { RGW_ENDPOINT, RGW_ACCESS_KEY, RGW_SECRET_KEY, RGW_DIR };
}

/** @param {{ endpoint: string, accessKeyId: string, secretAccessKey: string }} server */
export function s3Client(server) {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * @param {'auto'|'rgw'|'embedded'} kind auto: RGW, falling back to the embedded server.
 * @param {(line: string) => void} [log]
 * @returns {Promise<BenchS3>}
 */
export async function startServer(kind, log = console.error) {
  /** @type {ServerInfo | undefined} */
  let server;
  if (kind !== 'embedded') {
    try {
      const vars = startRgw(log);
      server = {
        kind: 'rgw',
        label: `Ceph RGW (${vars.RGW_ENDPOINT}, memstore)`,
        endpoint: vars.RGW_ENDPOINT,
        accessKeyId: vars.RGW_ACCESS_KEY,
        secretAccessKey: vars.RGW_SECRET_KEY,
        rgwDir: vars.RGW_DIR,
        close: async () => {}, // left running for reuse, like test-rgw.sh does
      };
    } catch (error) {
      if (kind === 'rgw') throw error;
      log(`bench: RGW could not start (${error instanceof Error ? error.message : String(error)}); FALLING BACK to the embedded s3rver`);
    }
  }
  if (!server) {
    const local = await startLocalS3();
    server = {
      kind: 'embedded',
      label: `embedded s3rver (${local.endpoint}, in the harness process; NOT a real S3 server)`,
      endpoint: local.endpoint,
      accessKeyId: local.accessKeyId,
      secretAccessKey: local.secretAccessKey,
      close: local.close,
    };
  }
  const client = s3Client(server);
  const started = server;
  return { ...server, client, close: async () => (client.destroy(), started.close()) };
}

/** @param {BenchS3} server */
export async function createBucket(server) {
  const name = `pto-bench-${randomBytes(5).toString('hex')}`;
  await server.client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/**
 * Every object under `prefix` as key → size (key relative to prefix).
 * @param {BenchS3} server
 * @param {string} bucket
 * @returns {Promise<Map<string, number | undefined>>}
 */
export async function listObjects(server, bucket, prefix = '') {
  /** @type {Map<string, number | undefined>} */
  const objects = new Map();
  /** @type {string | undefined} */
  let token;
  do {
    const page = await server.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token !== undefined ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) objects.set((o.Key ?? '').slice(prefix.length), o.Size);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** Deletes every object (and unfinished multipart upload) and the bucket; on RGW also runs the
 * garbage collector so the memstore's RAM is free before the next run (a full store hangs).
 * @param {BenchS3} server
 * @param {string} bucket
 * @param {{ reclaim?: boolean }} [options]
 */
export async function deleteBucket(server, bucket, { reclaim = false } = {}) {
  for (;;) {
    const listed = await server.client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key }));
    if (keys.length === 0) break;
    await server.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  /** @type {{ Uploads?: import('@aws-sdk/client-s3').MultipartUpload[] | undefined }} */
  const uploads = await server.client.send(new ListMultipartUploadsCommand({ Bucket: bucket })).catch(() => ({}));
  for (const u of uploads.Uploads ?? []) {
    await server.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId })).catch(() => {});
  }
  await server.client.send(new DeleteBucketCommand({ Bucket: bucket }));
  if (reclaim && server.kind === 'rgw' && server.rgwDir !== undefined) {
    spawnSync('radosgw-admin', ['-c', path.join(server.rgwDir, 'ceph.conf'), 'gc', 'process', '--include-all'], { stdio: 'ignore', timeout: 180_000 });
  }
}

/** Compares what a tool uploaded under `prefix` with the dataset. `extra` names objects the tool
 * may add (our index pages and manifest); anything else missing, extra or of the wrong size fails.
 * @param {BenchS3} server
 * @param {string} bucket
 * @param {string} prefix
 * @param {{ files: { rel: string, size: number }[] }} dataset
 * @param {(key: string) => boolean} [extra]
 */
export async function verifyUpload(server, bucket, prefix, dataset, extra = () => false) {
  const listed = await listObjects(server, bucket, prefix);
  let count = 0;
  let bytes = 0;
  /** @type {string[]} */
  const problems = [];
  for (const f of dataset.files) {
    const size = listed.get(f.rel);
    if (size === undefined) problems.push(`missing ${f.rel}`);
    else if (size !== f.size) problems.push(`${f.rel}: ${size} bytes, expected ${f.size}`);
    else {
      count++;
      bytes += size;
    }
    listed.delete(f.rel);
  }
  const unexpected = [...listed.keys()].filter((k) => !extra(k));
  for (const k of unexpected) problems.push(`unexpected ${k}`);
  return { ok: problems.length === 0, count, bytes, extraObjects: listed.size, problems: problems.slice(0, 5) };
}

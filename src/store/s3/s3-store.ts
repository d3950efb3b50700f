// The ObjectStore on S3 and S3-compatible servers: owns the one S3 client of a run, the fast
// direct PUT for bodies in memory, multipart uploads, conditional writes and presigning, and
// turns the SDK's errors into lines a user can act on. Nothing else in the tree imports the SDK.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import {
  STREAM_PART_BYTES,
  STREAM_PARTS_IN_FLIGHT,
  type Condition,
  type LinkExpiry,
  type ListedObject,
  type ObjectInfo,
  type ObjectStore,
  type PutRequest,
  type StreamPutRequest,
  type WriteOptions,
} from '../store.js';
import { createS3Client, type S3Settings } from './client.js';
import { deleteMany } from './delete-many.js';
import { captureEndpoint, createDirectPut, type DirectPut } from './direct-put.js';
import { FatalStorageError } from '../../util/errors.js';
import { resolverError, unknownRegionMessage } from './aws-region.js';
import { describeStorageError } from './errors.js';
import { objectUrl, withoutCredentials } from './urls.js';

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** ACL, storage class and tags as PutObject parameters; only those that are set. */
function writeParams(o: WriteOptions | undefined): Pick<PutObjectCommandInput, 'ACL' | 'StorageClass' | 'Tagging'> {
  return {
    ...(o?.acl ? { ACL: o.acl } : {}),
    ...(o?.storageClass ? { StorageClass: o.storageClass } : {}),
    ...(o?.tagging ? { Tagging: o.tagging } : {}),
  };
}

/** The headers PutObject sends for a request, for one built without the SDK. */
export function putHeaders(r: Pick<PutRequest, 'contentType' | 'metadata' | 'cacheControl' | 'options'>): Record<string, string> {
  const p = writeParams(r.options);
  return {
    'content-type': r.contentType,
    ...(r.cacheControl === undefined ? {} : { 'cache-control': r.cacheControl }),
    ...Object.fromEntries(Object.entries(r.metadata ?? {}).map(([k, v]) => [`x-amz-meta-${k.toLowerCase()}`, v])),
    ...(p.ACL ? { 'x-amz-acl': p.ACL } : {}),
    ...(p.StorageClass ? { 'x-amz-storage-class': p.StorageClass } : {}),
    ...(p.Tagging ? { 'x-amz-tagging': p.Tagging } : {}),
  };
}

function putInput(bucket: string, r: PutRequest): PutObjectCommandInput {
  return {
    Bucket: bucket,
    Key: r.key,
    Body: r.body,
    ContentLength: r.body.length,
    ContentType: r.contentType,
    ...(r.metadata ? { Metadata: r.metadata } : {}),
    ...(r.cacheControl === undefined ? {} : { CacheControl: r.cacheControl }),
    ...writeParams(r.options),
  };
}

export function createS3Store(settings: S3Settings): ObjectStore {
  const client: S3Client = createS3Client(settings);
  const { bucket } = settings;
  // For messages: the endpoint (never its credentials), or AWS and the region.
  const where = settings.endpoint === undefined ? `AWS S3 (${settings.region})` : withoutCredentials(settings.endpoint);
  const target = { bucket, where };
  // Set by checkBucket: small PUTs then skip the SDK's middleware pipeline, at the address the
  // SDK chose for the bucket (its first request, HeadBucket, shows it).
  let direct: DirectPut | undefined;
  // RFC 9110 and AWS take If-Match's ETag quoted, as HEAD returns it; Ceph RGW (16.2) only
  // matches it unquoted and answers 412 otherwise. Learnt once per run.
  let quoteEtags = true;

  const head = async (key: string): Promise<ObjectInfo | undefined> => {
    try {
      const h = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { etag: h.ETag ?? '', metadata: h.Metadata ?? {} };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  };

  const putIf = async (r: PutRequest, c: Condition): Promise<boolean> => {
    const send = async (condition: Pick<PutObjectCommandInput, 'IfMatch' | 'IfNoneMatch'>): Promise<number | undefined> => {
      try {
        await client.send(new PutObjectCommand({ ...putInput(bucket, r), ...condition }));
        return undefined;
      } catch (error) {
        const status = statusOf(error);
        if (status === 412 || status === 409) return status;
        throw error;
      }
    };
    if ('ifNoneMatch' in c) return (await send({ IfNoneMatch: '*' })) === undefined;
    const refused = await send({ IfMatch: quoteEtags ? c.ifMatch : c.ifMatch.replace(/"/g, '') });
    if (refused === undefined) return true;
    if (refused === 412 && quoteEtags && (await head(r.key))?.etag === c.ifMatch) {
      // Refused although nothing changed: this server wants the ETag unquoted.
      quoteEtags = false;
      return (await send({ IfMatch: c.ifMatch.replace(/"/g, '') })) === undefined;
    }
    return false;
  };

  return {
    bucket,
    where,
    async checkBucket(debug) {
      const endpoint = captureEndpoint(client);
      let failure: unknown;
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        const status = statusOf(error);
        if (status === 403 || status === 400) debug(`HeadBucket answered ${status}; trying the uploads anyway`);
        else failure = error;
      }
      const seen = endpoint();
      if (seen !== undefined) direct = await createDirectPut({ client, endpoint: seen, maxSockets: settings.concurrency, socketTimeoutMs: settings.requestTimeout * 1000 });
      if (failure === undefined) return;
      // With no endpoint, a host that does not resolve is most often a region that does not exist.
      const dns = settings.endpoint === undefined ? resolverError(failure) : undefined;
      const wrongRegion = dns === undefined ? undefined : await unknownRegionMessage(settings.region, dns);
      if (wrongRegion !== undefined) throw new FatalStorageError(wrongRegion, true);
      // The caller tells a fatal answer from a passing fault (describe).
      throw failure;
    },
    async put(r) {
      if (direct) {
        const sha256 = r.sha256 ?? createHash('sha256').update(r.body).digest('hex');
        await direct({ key: r.key, body: r.body, sha256, headers: putHeaders(r) });
        return;
      }
      await client.send(new PutObjectCommand(putInput(bucket, r)));
    },
    async putStream(r: StreamPutRequest) {
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: r.key, Body: r.body, ContentType: r.contentType, ...(r.metadata ? { Metadata: r.metadata } : {}), ...writeParams(r.options) },
        partSize: STREAM_PART_BYTES,
        queueSize: STREAM_PARTS_IN_FLIGHT,
        // A failed multipart upload is aborted so no orphan parts keep costing storage.
        leavePartsOnError: false,
      });
      await upload.done();
    },
    putIf,
    head,
    async get(key) {
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async list(prefix, options = {}) {
      const out: ListedObject[] = [];
      let token: string | undefined;
      const { through } = options;
      do {
        // MaxKeys is never sent: s3rver answers 500 when it is below the number of keys.
        const start = !token && options.startAfter !== undefined ? { StartAfter: options.startAfter } : {};
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...start, ...(token ? { ContinuationToken: token } : {}) }));
        // Past the range once a key reaches its end: no request for the page after it.
        let past = false;
        for (const c of page.Contents ?? []) {
          if (c.Key === undefined) continue;
          if (through !== undefined && c.Key > through) {
            past = true;
            break;
          }
          out.push({ key: c.Key, lastModified: c.LastModified ?? new Date(0), size: c.Size ?? 0, etag: c.ETag ?? '' });
          if (c.Key === through) past = true;
        }
        token = page.IsTruncated && !options.onePage && !past ? page.NextContinuationToken : undefined;
      } while (token);
      return out;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    deleteMany: (keys) => deleteMany({ client, bucket, describe: (error) => describeStorageError(error, target).message }, keys),
    publicUrl: (key) => objectUrl({ ...settings, publicBaseUrl: settings.publicBaseUrl }, key),
    presign: (key, seconds) => getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds }),
    async linkExpiry(seconds, now): Promise<LinkExpiry> {
      // A presigned URL dies with the credentials that signed it: temporary ones (OIDC, STS)
      // may end the links before the requested expiry.
      const requested = new Date(now.getTime() + seconds * 1000);
      const expiration = (await client.config.credentials()).expiration;
      if (expiration && expiration.getTime() < requested.getTime()) return { expiresAt: expiration, cutShortBy: 'credentials' };
      return { expiresAt: requested };
    },
    statusOf,
    describe: (error) => describeStorageError(error, target),
    destroy: () => client.destroy(),
  };
}

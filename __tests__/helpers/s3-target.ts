// The S3 server an integration test talks to: the embedded s3rver by default, or an external
// one (Ceph RGW in CI) when PTO_S3_ENDPOINT, PTO_S3_ACCESS_KEY and PTO_S3_SECRET_KEY are set.
// Each test gets its own bucket; close() deletes every bucket still there (RGW hangs once its
// store is full), so test files need not keep a list of their own.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { startLocalS3 } from '../../scripts/local-s3.mjs';

export interface S3Target {
  kind: 'embedded' | 'external';
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  client: S3Client;
  /** Creates a bucket whose objects anyone can GET (as a public outputs bucket is), or, with
   * `private: true`, one that only signed requests can read (s3rver cannot enforce that). */
  createBucket(options?: { private?: boolean }): Promise<string>;
  /** Empties and deletes a bucket now (close() does it for those left). */
  deleteBucket(name: string): Promise<void>;
  /** AWS_* variables that point the action at this server. */
  env(): Record<string, string>;
  /** Deletes the buckets created and not yet deleted, then stops the server. */
  close(): Promise<void>;
}

function clientFor(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function s3Target(): Promise<S3Target> {
  const external = process.env['PTO_S3_ENDPOINT'];
  let endpoint: string;
  let accessKeyId: string;
  let secretAccessKey: string;
  let stop: () => Promise<void>;
  if (external) {
    endpoint = external;
    accessKeyId = process.env['PTO_S3_ACCESS_KEY'] ?? '';
    secretAccessKey = process.env['PTO_S3_SECRET_KEY'] ?? '';
    if (!accessKeyId || !secretAccessKey) throw new Error('PTO_S3_ENDPOINT is set: set PTO_S3_ACCESS_KEY and PTO_S3_SECRET_KEY too');
    stop = async () => {};
  } else {
    const server = await startLocalS3();
    ({ endpoint, accessKeyId, secretAccessKey } = server);
    stop = server.close;
  }
  const client = clientFor(endpoint, accessKeyId, secretAccessKey);
  const created = new Set<string>();
  const target: S3Target = {
    kind: external ? 'external' : 'embedded',
    endpoint,
    accessKeyId,
    secretAccessKey,
    client,
    async createBucket(options = {}) {
      const name = `pto-test-${randomBytes(5).toString('hex')}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      created.add(name);
      if (external && !options.private) {
        const policy = {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${name}/*`] }],
        };
        await client.send(new PutBucketPolicyCommand({ Bucket: name, Policy: JSON.stringify(policy) }));
      }
      return name;
    },
    async deleteBucket(name) {
      for (;;) {
        // v1, which needs no continuation token: s3rver makes v2's with DES, which OpenSSL 3
        // lacks, and fails any truncated v2 list (a bucket of over 1,000 objects).
        const listed = await client.send(new ListObjectsCommand({ Bucket: name, MaxKeys: 1000 }));
        const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key as string }));
        if (keys.length === 0) break;
        await client.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: keys, Quiet: true } }));
      }
      await client.send(new DeleteBucketCommand({ Bucket: name }));
      created.delete(name);
    },
    env() {
      return { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: endpoint };
    },
    async close() {
      for (const name of [...created]) await target.deleteBucket(name);
      client.destroy();
      await stop();
    },
  };
  return target;
}

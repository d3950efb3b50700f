// @ts-check
// An embedded S3 server (s3rver) on loopback, for the demo and the default test suite.
// It stores objects in a directory and serves them back with their Content-Type and metadata.
import S3rver from 's3rver';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

// s3rver checks SigV4 signatures against this fixed key pair.
export const LOCAL_S3_ACCESS_KEY = 'S3RVER';
export const LOCAL_S3_SECRET_KEY = 'S3RVER';

/**
 * A running server: where it listens, the keys it accepts, where it stores, how to stop it.
 * @typedef {{ endpoint: string, accessKeyId: string, secretAccessKey: string, directory: string, close(): Promise<void> }} LocalS3
 */

/**
 * @param {{ port?: number, buckets?: string[], directory?: string }} [options]
 * @returns {Promise<LocalS3>}
 */
export async function startLocalS3(options = {}) {
  const directory = options.directory ?? (await mkdtemp(path.join(tmpdir(), 'pto-s3-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    // Path-style only: a bucket name in the Host header would need DNS the demo cannot rely on.
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId: LOCAL_S3_ACCESS_KEY,
    secretAccessKey: LOCAL_S3_SECRET_KEY,
    directory,
    close: async () => {
      await server.close();
      if (options.directory === undefined) await rm(directory, { recursive: true, force: true });
    },
  };
}

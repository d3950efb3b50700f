// The one S3 client of a run. Credentials come from the SDK's default chain (environment keys,
// OIDC web identity from configure-aws-credentials, profiles, instance roles).
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { addressingStyle } from './urls.js';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  /** The input; the style used is `addressingStyle`'s, the same as every link's. */
  forcePathStyle: boolean;
  /** Requests in flight at once; the connection pool is sized to match. */
  concurrency: number;
  /** Seconds a socket may stay silent before the request is abandoned (and retried). */
  requestTimeout: number;
  /** Where browsers read the bucket, when not at the endpoint itself (a CDN, a website). */
  publicBaseUrl?: string | undefined;
  /** Fixed credentials instead of the SDK's default chain (tests, tools). */
  credentials?: S3ClientConfig['credentials'];
}

export function createS3Client(settings: S3Settings): S3Client {
  const agent = { keepAlive: true, maxSockets: settings.concurrency };
  return new S3Client({
    region: settings.region,
    // Decided once for the links and the client alike: left to itself, the SDK switches dotted
    // buckets to path style over HTTPS and keeps them virtual-hosted on an IP endpoint.
    forcePathStyle: addressingStyle(settings) === 'path',
    maxAttempts: 5,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.endpoint === undefined
      ? {}
      : {
          endpoint: settings.endpoint,
          // Servers other than AWS often do not decode aws-chunked bodies carrying trailing
          // checksums and would store the framing as data: only checksum where S3 demands it.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }),
    requestHandler: {
      httpAgent: agent,
      httpsAgent: agent,
      connectionTimeout: 10_000,
      // A stalled socket would hold its upload slot for ever: after this long without a byte
      // either way, give up on it and let the SDK's retry send the request again on a fresh
      // connection. (The handler's `requestTimeout` only logs a warning unless told to throw,
      // and it bounds the whole request, which a large part on a slow link may rightly exceed.)
      socketTimeout: settings.requestTimeout * 1000,
    },
  });
}

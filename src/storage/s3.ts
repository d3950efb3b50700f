// The one S3 client of a run. Credentials come from the SDK's default chain (environment keys,
// OIDC web identity from configure-aws-credentials, profiles, instance roles).
import { S3Client } from '@aws-sdk/client-s3';

export interface S3Settings {
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /** Requests in flight at once; the connection pool is sized to match. */
  concurrency: number;
}

export function createS3Client(settings: S3Settings): S3Client {
  const agent = { keepAlive: true, maxSockets: settings.concurrency };
  return new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: 5,
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
      requestTimeout: 120_000,
    },
  });
}

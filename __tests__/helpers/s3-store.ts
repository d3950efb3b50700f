// The action's S3 store pointed at a test's S3 server (s3-target.ts), as the integration tests
// that drive publish() in process need it, and a logger that keeps the warnings they check.
import { createS3Store } from '../../src/store/s3/s3-store.js';
import type { Logger } from '../../src/publish.js';
import type { S3Target } from './s3-target.js';

export function storeOn(target: S3Target, bucket: string, requestTimeout = 60): ReturnType<typeof createS3Store> {
  return createS3Store({
    bucket,
    region: 'us-east-1',
    endpoint: target.endpoint,
    forcePathStyle: true,
    concurrency: 8,
    requestTimeout,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
}

export function warningsLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  return { warnings, debug: noop, info: noop, warning: (m: string) => void warnings.push(m), group: <T>(_: string, fn: () => Promise<T>): Promise<T> => fn() };
}

import { describe, expect, it } from 'vitest';
import { describeStorageError, type DescribedError, type StorageTarget } from '../src/store/s3/errors.js';

const AWS: StorageTarget = { bucket: 'my-bucket', where: 'AWS S3 (eu-west-1)' };
const MINIO: StorageTarget = { bucket: 'outputs', where: 'http://127.0.0.1:9000' };

/** An object shaped like an AWS SDK v3 service exception. */
function sdkError(name: string, status: number | undefined, message = '', extra: Record<string, unknown> = {}): Error {
  const error = Object.assign(new Error(message), extra);
  error.name = name;
  if (status !== undefined) Object.assign(error, { $metadata: { httpStatusCode: status } });
  return error;
}

function expectOneLine(described: DescribedError): void {
  expect(described.message).not.toMatch(/[\r\n]/);
  expect(described.message.trim()).not.toBe('');
}

describe('describeStorageError: fatal errors', () => {
  it('NoSuchBucket (404) is fatal and names the bucket and the endpoint', () => {
    const d = describeStorageError(sdkError('NoSuchBucket', 404, 'The specified bucket does not exist'), MINIO);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('`outputs`');
    expect(d.message).toContain('http://127.0.0.1:9000');
    expectOneLine(d);
  });

  it('NotFound with 404 and an empty message (as from HeadBucket / Ceph RGW) is a missing bucket', () => {
    const d = describeStorageError(sdkError('NotFound', 404), AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('`my-bucket`');
    expect(d.message).toContain('does not exist');
    expect(d.message).toContain('AWS S3 (eu-west-1)');
  });

  it('InvalidAccessKeyId is fatal and names where the credentials were rejected', () => {
    const d = describeStorageError(sdkError('InvalidAccessKeyId', 403, 'The AWS Access Key Id you provided does not exist in our records.'), AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('InvalidAccessKeyId');
    expect(d.message).toContain('AWS S3 (eu-west-1)');
    expect(d.message).toMatch(/credentials/);
    expectOneLine(d);
  });

  it('SignatureDoesNotMatch is fatal and reported as rejected credentials', () => {
    const d = describeStorageError(sdkError('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match'), MINIO);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('SignatureDoesNotMatch');
    expect(d.message).toContain('http://127.0.0.1:9000');
    expectOneLine(d);
  });

  it('reads the error name from Code when the SDK puts it there', () => {
    const d = describeStorageError({ Code: 'ExpiredToken', message: 'expired', $metadata: { httpStatusCode: 400 } }, AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('ExpiredToken');
  });

  it('AccessDenied (403) is fatal and names the bucket, the endpoint and the needed permission', () => {
    const d = describeStorageError(sdkError('AccessDenied', 403, 'Access Denied'), AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('`my-bucket`');
    expect(d.message).toContain('AWS S3 (eu-west-1)');
    expect(d.message).toContain('AccessDenied');
    expect(d.message).toContain('s3:PutObject');
    expectOneLine(d);
  });

  it('any 403 without a known name is treated as access denied', () => {
    const d = describeStorageError(sdkError('Forbidden', 403), MINIO);
    expect(d.fatal).toBe(true);
    expect(d.message).toMatch(/access denied/);
  });

  it('PermanentRedirect is fatal and tells the region from the x-amz-bucket-region header', () => {
    const error = sdkError('PermanentRedirect', 301, 'The bucket you are attempting to access must be addressed using the specified endpoint.', {
      $response: { statusCode: 301, headers: { 'x-amz-bucket-region': 'ap-southeast-2' } },
    });
    const d = describeStorageError(error, AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('`my-bucket`');
    expect(d.message).toContain('`region` to ap-southeast-2');
    expectOneLine(d);
  });

  it('a redirect without the region header still says to set `region`', () => {
    const d = describeStorageError(sdkError('Unknown', 301), AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('`region`');
    expect(d.message).not.toContain('undefined');
  });

  it('CredentialsProviderError is fatal and says how to provide credentials', () => {
    const d = describeStorageError(sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'), AWS);
    expect(d.fatal).toBe(true);
    expect(d.message).toMatch(/no AWS credentials/);
    expect(d.message).toContain('configure-aws-credentials');
    expectOneLine(d);
  });

  it('a network error with ECONNREFUSED nested in cause is fatal and names the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    const error = new Error('fetch failed', { cause: new Error('socket error', { cause: refused }) });
    const d = describeStorageError(error, MINIO);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('http://127.0.0.1:9000');
    expect(d.message).toContain('ECONNREFUSED');
    expectOneLine(d);
  });

  it('ENOTFOUND on the error itself is fatal', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    const d = describeStorageError(error, MINIO);
    expect(d.fatal).toBe(true);
    expect(d.message).toContain('ENOTFOUND');
  });
});

describe('describeStorageError: errors worth retrying or reporting per file', () => {
  it('a 500 InternalError is not fatal and keeps name, status and message', () => {
    const d = describeStorageError(sdkError('InternalError', 500, 'We encountered an internal error. Please try again.'), AWS);
    expect(d.fatal).toBe(false);
    expect(d.message).toBe('InternalError (HTTP 500): We encountered an internal error. Please try again.');
    expectOneLine(d);
  });

  it('a 503 SlowDown is not fatal', () => {
    expect(describeStorageError(sdkError('SlowDown', 503, 'Please reduce your request rate.'), AWS).fatal).toBe(false);
  });

  it('a connection reset mid-request is not fatal', () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const d = describeStorageError(error, MINIO);
    expect(d.fatal).toBe(false);
    expect(d.message).toContain('ECONNRESET');
    expect(d.message).toContain('socket hang up');
  });

  it('does not repeat an empty, duplicate or UnknownError message (Ceph RGW sends empty ones)', () => {
    expect(describeStorageError(sdkError('InternalError', 500, ''), AWS).message).toBe('InternalError (HTTP 500)');
    expect(describeStorageError(sdkError('InternalError', 500, 'InternalError'), AWS).message).toBe('InternalError (HTTP 500)');
    expect(describeStorageError(sdkError('InternalError', 500, 'UnknownError'), AWS).message).toBe('InternalError (HTTP 500)');
  });

  it('keeps a multi-line server message on one line', () => {
    const d = describeStorageError({ name: 'InternalError', $metadata: { httpStatusCode: 500 }, message: 'line1\nline2' }, { bucket: 'b', where: 'x' });
    expect(d.message).toBe('InternalError (HTTP 500): line1 line2');
  });

  it('copes with non-error values', () => {
    for (const value of [undefined, null, 'boom', 42, {}]) {
      const d = describeStorageError(value, AWS);
      expect(d.fatal).toBe(false);
      expectOneLine(d);
    }
  });
});

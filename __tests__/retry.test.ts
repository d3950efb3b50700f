import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryable, MAX_ATTEMPTS } from '../src/store/s3/retry.js';
import { parseS3Error } from '../src/store/s3/error-xml.js';

const answer = (status: number, code?: string) =>
  parseS3Error(status, {}, code ? `<?xml version="1.0"?><Error><Code>${code}</Code><Message>m &amp; n</Message></Error>` : '');

describe('parseS3Error', () => {
  it('reads Code and Message (XML-unescaped) and keeps status and headers', () => {
    const e = parseS3Error(301, { 'x-amz-bucket-region': 'eu-west-1' }, '<Error><Code>PermanentRedirect</Code><Message>a &lt;b&gt;</Message></Error>');
    expect(e.name).toBe('PermanentRedirect');
    expect(e.Code).toBe('PermanentRedirect');
    expect(e.message).toBe('a <b>');
    expect(e.$metadata.httpStatusCode).toBe(301);
    expect(e.$response.headers['x-amz-bucket-region']).toBe('eu-west-1');
  });

  it('names a body-less answer by its status, as the SDK does', () => {
    expect(answer(404).name).toBe('NotFound');
    expect(answer(403).name).toBe('Forbidden');
    expect(answer(503).name).toBe('ServiceUnavailable');
  });
});

describe('isRetryable', () => {
  it.each([
    [answer(500, 'InternalError'), true],
    [answer(503, 'SlowDown'), true],
    [answer(429, 'TooManyRequests'), true],
    [answer(400, 'RequestTimeout'), true],
    [answer(502), true],
    [answer(403, 'AccessDenied'), false],
    [answer(404, 'NoSuchBucket'), false],
    [answer(400, 'ExpiredToken'), false],
    [answer(301, 'PermanentRedirect'), false],
    [Object.assign(new Error('reset'), { code: 'ECONNRESET' }), true],
    [Object.assign(new Error('pipe'), { code: 'EPIPE' }), true],
    [Object.assign(new Error('silent'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), true],
    [Object.assign(new Error('gone'), { code: 'ENOENT' }), false],
    [new Error('plain'), false],
  ])('%o → %s', (failure, expected) => {
    expect(isRetryable(failure)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it('grows exponentially with full jitter, from a longer base for throttling, capped at 20 s', () => {
    const err = answer(500, 'InternalError');
    const slow = answer(503, 'SlowDown');
    expect(backoffMs(1, err, 0.999)).toBe(99);
    expect(backoffMs(3, err, 0.5)).toBe(200);
    expect(backoffMs(1, slow, 0.999)).toBe(499);
    expect(backoffMs(20, err, 0.999)).toBe(19_980);
    expect(backoffMs(4, err, 0)).toBe(0);
    expect(MAX_ATTEMPTS).toBe(5);
  });
});

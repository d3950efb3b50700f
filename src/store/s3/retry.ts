// When a failed request is worth sending again, and how long to wait first: the AWS SDK's
// standard retry policy (5 attempts, exponential backoff with full jitter, a longer base for
// throttling), for the requests sent without the SDK (direct-put.ts).
export const MAX_ATTEMPTS = 5;
const BASE_MS = 100;
const THROTTLING_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;

const THROTTLING = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'TooManyRequestsException', 'RequestThrottled', 'RequestLimitExceeded', 'BandwidthLimitExceeded', 'PriorRequestNotComplete']);
const TRANSIENT = new Set(['InternalError', 'RequestTimeout', 'RequestTimeoutException', 'ServiceUnavailable', 'TimeoutError']);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE']);

interface Failure {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const codeOf = (f: Failure): string => f.Code ?? f.name ?? '';

export function isThrottling(failure: unknown): boolean {
  const f = (failure ?? {}) as Failure;
  return THROTTLING.has(codeOf(f)) || f.$metadata?.httpStatusCode === 429;
}

export function isRetryable(failure: unknown): boolean {
  const f = (failure ?? {}) as Failure;
  const status = f.$metadata?.httpStatusCode;
  if (status !== undefined) return TRANSIENT_STATUS.has(status) || THROTTLING.has(codeOf(f)) || TRANSIENT.has(codeOf(f));
  // No answer at all: the connection failed, dropped or stayed silent.
  return NETWORK.has(f.code ?? '') || TRANSIENT.has(f.name ?? '');
}

/** Milliseconds to wait before attempt `attempt + 1`; `random` in [0, 1). */
export function backoffMs(attempt: number, failure: unknown, random: number): number {
  const base = isThrottling(failure) ? THROTTLING_BASE_MS : BASE_MS;
  return Math.floor(random * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1)));
}

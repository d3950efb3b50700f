// Turns SDK and network errors into one line a user can act on, and says which of them make
// every further request pointless. Ceph RGW sends empty messages: rely on name and status.
export interface StorageTarget {
  bucket: string;
  /** Shown to the user: the custom endpoint, or "AWS S3 (<region>)". */
  where: string;
}

import type { DescribedError } from '../store.js';

export type { DescribedError };

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string> };
  cause?: unknown;
}

// The server cannot be reached at all (as opposed to a connection dropped mid-request).
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID']);
const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'InvalidClientTokenId']);
const EXPIRED_CODES = new Set(['ExpiredToken', 'TokenRefreshRequired', 'RequestExpired']);

function unreachableCode(err: ErrorShape): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as ErrorShape).cause, depth++) {
    const code = (e as ErrorShape).code;
    if (code && UNREACHABLE_CODES.has(code)) return code;
  }
  return undefined;
}

export function describeStorageError(error: unknown, target: StorageTarget): DescribedError {
  const err = (error ?? {}) as ErrorShape;
  const name = err.Code ?? err.name ?? 'Error';
  const status = err.$metadata?.httpStatusCode;
  const oneLine = (err.message ?? '').replace(/\s+/g, ' ').trim();
  const detail = oneLine && oneLine !== name && oneLine !== 'UnknownError' ? `: ${oneLine}` : '';
  const bucket = `bucket \`${target.bucket}\``;

  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(err.message ?? '')) {
    return { fatal: true, config: true, message: `no AWS credentials found: run aws-actions/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY` };
  }
  if (EXPIRED_CODES.has(name)) {
    return {
      fatal: true,
      config: true,
      message: `the session credentials expired before the upload (${name} from ${target.where}): run aws-actions/configure-aws-credentials closer to this step or raise its role-duration-seconds`,
    };
  }
  if (CREDENTIAL_CODES.has(name)) {
    return { fatal: true, config: true, message: `credentials rejected by ${target.where} (${name}): check the access key, secret and session token given to this step` };
  }
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) {
    return { fatal: true, config: true, message: `${bucket} does not exist at ${target.where}: create it, or fix input \`bucket\` / \`endpoint\`` };
  }
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || status === 301) {
    const actual = err.$response?.headers?.['x-amz-bucket-region'];
    const hint = actual ? `set input \`region\` to ${actual}` : 'set input `region` to the bucket\'s region';
    return { fatal: true, config: true, message: `${bucket} is in another region than the one configured: ${hint}` };
  }
  if (name === 'AccessDenied' || status === 403) {
    return { fatal: true, config: true, message: `access denied by ${target.where} for ${bucket} (${name}${detail}): the credentials need s3:PutObject on the bucket and prefix` };
  }
  const net = unreachableCode(err);
  if (net) {
    return { fatal: true, message: `cannot reach ${target.where} (${net}): check input \`endpoint\` / \`region\` and the network` };
  }
  const code = err.code && err.code !== name ? ` ${err.code}` : '';
  return { fatal: false, message: `${name}${code}${status ? ` (HTTP ${status})` : ''}${detail}` };
}

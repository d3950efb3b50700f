// S3 keys and the URLs that point at them.
import { InputError } from '../util/errors.js';

/** S3 refuses longer keys (UTF-8 bytes). */
export const MAX_KEY_BYTES = 1024;
// Keep half of a key for the file paths under the prefix.
const MAX_PREFIX_BYTES = MAX_KEY_BYTES / 2;

/** One path segment reduced to characters that are safe in keys, URLs and shells. */
export function keySafeSegment(value: string): string {
  const safe = value
    .normalize('NFC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return safe === '' || safe === '.' || safe === '..' ? '_' : safe;
}

/** A user-supplied `prefix`, checked so that it names one place in the bucket unambiguously. */
export function validatePrefix(raw: string): string {
  const prefix = raw.replace(/\/+$/, '');
  const fix = 'use a relative folder path such as `results/my-test`';
  if (prefix.startsWith('/')) throw new InputError(`input \`prefix\` must not start with '/': ${fix}`);
  if (prefix === '') throw new InputError(`input \`prefix\` is only '/': ${fix}, or leave it unset for the default`);
  if (/[\u0000-\u001f\u007f\\]/.test(prefix)) {
    throw new InputError(`input \`prefix\` contains a control character or '\\': ${fix}`);
  }
  const segments = prefix.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new InputError(`input \`prefix\` has an empty, '.' or '..' segment: ${fix}`);
  }
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) {
    throw new InputError(`input \`prefix\` is longer than ${MAX_PREFIX_BYTES} bytes: S3 keys are capped at 1,024 bytes; shorten it`);
  }
  return prefix;
}

/** `a b/c+d` → `a%20b/c%2Bd`: each segment encoded, slashes kept. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** As encodeKey, also encoding !'()* as SigV4's canonical URI wants (RFC 3986 unreserved only). */
export function encodeKeyStrict(key: string): string {
  return encodeKey(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

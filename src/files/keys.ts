// S3 keys and the URLs that point at them, and the mapping of names (test name, repository,
// run) to key segments.
import { createHash } from 'node:crypto';
import { isHistoryDir, isLevelName } from '../layout.js';
import { InputError } from '../util/errors.js';

/** S3 refuses longer keys (UTF-8 bytes). */
export const MAX_KEY_BYTES = 1024;
// Keep half of a key for the file paths under the prefix.
const MAX_PREFIX_BYTES = MAX_KEY_BYTES / 2;
// A kept name of up to this many bytes stays as it is; a longer one is shortened and hashed.
const MAX_SEGMENT_BYTES = 100;
const READABLE_BYTES = 60;
const HASH_CHARS = 12;

// Letters (any script), digits and combining marks, with '.', '_' and single '-' between them.
const KEPT_CHARS = /^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u;
const UNSAFE_RUN = /[^\p{L}\p{M}\p{N}._]+/gu;

function truncateBytes(value: string, bytes: number): string {
  let out = '';
  for (const ch of value) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}

/**
 * One name as one key segment, injectively: names that differ always get different segments.
 * A name that is already safe (letters of any script, digits, marks, `.`, `_`, single `-`,
 * starting with a letter or digit, NFC, at most 100 bytes, not a level's own name, nor the
 * history root's folders `latest` or `pr` in any case, so that no repository, run or test
 * segment lands among the stable links) is kept as it is. Any other name becomes a readable form plus `--` and 12 hex digits of the SHA-256 of
 * the exact original: `unit tests` → `unit-tests--<hash>`, `C++` → `C--<hash>`. A kept name
 * never contains `--`, so the two forms cannot meet, and two changed names meet only if their
 * hashes do.
 */
export function keySegment(name: string): string {
  const kept = KEPT_CHARS.test(name)
    && !name.includes('--')
    && !name.endsWith('-')
    && name === name.normalize('NFC')
    && Buffer.byteLength(name) <= MAX_SEGMENT_BYTES
    && !isLevelName(name)
    && !isHistoryDir(name);
  if (kept) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, HASH_CHARS);
  const readable = truncateBytes(
    name.normalize('NFC').replace(UNSAFE_RUN, '-').replace(/^[^\p{L}\p{N}]+/u, ''),
    READABLE_BYTES,
  ).replace(/-+$/, '');
  return `${readable === '' ? 'name' : readable}--${hash}`;
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
  const reserved = segments.find((s) => isLevelName(s));
  if (reserved !== undefined) {
    throw new InputError(`input \`prefix\` has the segment '${reserved}', which the index pages of the levels above publications use: rename that segment`);
  }
  // `<root>/latest/` and `<root>/pr/` hold the stable links of the publications at
  // `<root>/<run>/<test>`, for any root: a later segment so named would be inside them.
  const history = segments.findIndex((s, i) => i > 0 && isHistoryDir(s));
  if (history > 0) {
    throw new InputError(`input \`prefix\` has the segment '${segments[history]}' after its first, where the stable links of the publications above live (<root>/latest/, <root>/pr/): rename that segment, e.g. '${segments[history]}-runs'`);
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

/** The URL of `to` relative to the page at `from` (both keys), each segment encoded. */
export function relativeHref(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  return `${'../'.repeat(a.length - common)}${encodeKey(b.slice(common).join('/'))}`;
}

export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

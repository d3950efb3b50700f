// Decides, without touching the network, what each found file becomes in S3: its key, its
// Content-Type and its metadata.
import mime from 'mime-types';
import path from 'node:path';
import type { HtmlMode, RunContext } from '../config.js';
import type { FoundFile } from './find-files.js';
import { joinKey } from './keys.js';

export interface UploadItem {
  file: FoundFile;
  key: string;
  /** undefined: not known from the name; decided from the bytes at upload time. */
  contentType: string | undefined;
  metadata: Record<string, string>;
  /** Set for an image that was compressed: what the pages say about it. */
  compressed?: { originalSize: number; originalPath?: string; /** Why the original was kept (images/keep-original.ts). */ keptBecause?: 'keep-originals' | 'low-similarity' | 'animation-lost'; /** SHA-256 of the original bytes (the comparison goes by it). */ originalSha256?: string };
  /** Set for an image over the cap that is published uncompressed: why. */
  uncompressed?: string;
  /** Set for the kept original of a compressed image: the path of the image it is the original of. */
  originalOf?: string;
}

export const TEXT_FALLBACK_TYPE = 'text/plain; charset=utf-8';
export const BINARY_FALLBACK_TYPE = 'application/octet-stream';

// Text types browsers show in the tab; others (text/csv, text/markdown, text/yaml…) would be
// downloaded, so those are served as text/plain, which a reviewer can read at once.
const TEXT_SHOWN_INLINE = new Set(['text/plain', 'text/html', 'text/css', 'text/javascript', 'text/xml']);

/** `render`: HTML, SVG and XML are served as what they are, so reports open (and run their
 * scripts) in the browser. `text`: they are served as plain text, shown as source and never run. */

// Types a browser runs script in, or turns into a page that can, when a link opens them on the
// bucket's origin: HTML, XHTML, SVG, any XML (an xml-stylesheet or XHTML-namespaced elements
// make a page of it), and MHTML archives.
const ACTIVE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/xml', 'message/rfc822', 'multipart/related']);

/** Whether a browser would run script from a file of this Content-Type opened on its own. */
export function isActiveContent(contentType: string): boolean {
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return ACTIVE_TYPES.has(essence) || essence.endsWith('+xml');
}

/** Content-Type from the file name; text types carry `charset=utf-8`. Compressed data files
 * such as `x.json.gz` are `application/gzip`, never a Content-Encoding: browsers must get the
 * bytes as stored. With `html: text`, active content is plain text. */
export function contentTypeFor(name: string, html: HtmlMode = 'render'): string | undefined {
  // A bare name such as `out/json` has no extension; mime would read it as one.
  const extension = path.posix.extname(name);
  if (extension === '') return undefined;
  const type = mime.contentType(extension);
  if (!type) return undefined;
  if (html === 'text' && isActiveContent(type)) return TEXT_FALLBACK_TYPE;
  const essence = type.split(';')[0] ?? type;
  if (essence.startsWith('text/') && !TEXT_SHOWN_INLINE.has(essence)) return TEXT_FALLBACK_TYPE;
  return type.replace(/charset=UTF-8/i, 'charset=utf-8');
}

/** Logs and other outputs often have no known extension: text if it reads as UTF-8 text. */
export function sniffContentType(head: Uint8Array): string {
  if (head.includes(0)) return BINARY_FALLBACK_TYPE;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, trimIncompleteUtf8(head)));
    return TEXT_FALLBACK_TYPE;
  } catch {
    return BINARY_FALLBACK_TYPE;
  }
}

// A sample may end inside a multi-byte character; do not count that as invalid.
function trimIncompleteUtf8(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b >= 0xf8) return end; // never valid: leave it for the decoder to reject
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > i ? end - i : end;
  }
  return end;
}

/** S3 metadata travels in HTTP headers, which must be printable ASCII: everything else (and
 * `%` itself) is percent-encoded, so `decodeURIComponent` restores the original value. */
export function encodeMetadataValue(value: string): string {
  return value.replace(/[^\x20-\x24\x26-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** S3 refuses more than 2 KB of user metadata: the UTF-8 bytes of every key and value, summed. */
export const METADATA_LIMIT = 2048;
// What each file adds to the shared fields (original-size, image dimensions and compression,
// original-of) has this much room left.
const PER_FILE_RESERVE = 512;
/** The longest `original-of` (the original's path) stored on a kept original, in bytes. */
export const ORIGINAL_OF_LIMIT = 256;
const TRUNCATED = encodeMetadataValue('…');
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// AWS counts keys without their header prefix; counting it too leaves room for a server that
// counts the header names.
const keyBytes = (key: string): number => Buffer.byteLength(`x-amz-meta-${key}`);

/** The size S3's limit applies to, counted with the header prefix of each key. */
export function metadataBytes(metadata: Record<string, string>): number {
  return Object.entries(metadata).reduce((sum, [k, v]) => sum + keyBytes(k) + Buffer.byteLength(v), 0);
}

/** `encodeMetadataValue`, cut to at most `max` bytes when longer: between characters (never
 * inside a percent-escape, a UTF-8 sequence or a grapheme), ending in an encoded '…'. */
export function encodeMetadataValueWithin(value: string, max: number): string {
  const whole = encodeMetadataValue(value);
  if (whole.length <= max) return whole;
  const room = max - TRUNCATED.length;
  if (room < 0) return '';
  let cut = '';
  for (const { segment } of graphemes.segment(value)) {
    const encoded = encodeMetadataValue(segment);
    if (cut.length + encoded.length > room) break;
    cut += encoded;
  }
  return cut + TRUNCATED;
}

/** Encodes every value so that keys and values together take at most `budget` bytes. Short
 * values stay whole; the longest share what is left equally, each cut by
 * `encodeMetadataValueWithin`. */
export function fitMetadata(raw: Record<string, string>, budget: number): Record<string, string> {
  const encoded = Object.entries(raw).map(([key, value]) => ({ key, value, whole: encodeMetadataValue(value) }));
  let left = budget - encoded.reduce((sum, e) => sum + keyBytes(e.key), 0);
  const fitted = new Map<string, string>();
  const byLength = [...encoded].sort((a, b) => a.whole.length - b.whole.length);
  byLength.forEach((e, i) => {
    const share = Math.max(0, Math.floor(left / (byLength.length - i)));
    const value = e.whole.length <= share ? e.whole : encodeMetadataValueWithin(e.value, share);
    left -= value.length;
    fitted.set(e.key, value);
  });
  return Object.fromEntries(encoded.map((e) => [e.key, fitted.get(e.key) as string]));
}

export interface PublicationInfo {
  testName: string;
  prefix: string;
  context: RunContext;
  uploadedAt: Date;
  /** How HTML, SVG and XML are served; `render` when unset. */
  html?: HtmlMode;
}

/** The run's fields shared by every file, within S3's limit whatever the names (non-ASCII
 * text triples when encoded); manifest.json keeps the full values. */
export function baseMetadata(info: PublicationInfo): Record<string, string> {
  const { context } = info;
  const raw: Record<string, string> = {
    'test-name': info.testName,
    repository: context.repository,
    commit: context.sha,
    ref: context.ref,
    'run-id': context.runId,
    'run-attempt': context.runAttempt,
    workflow: context.workflow,
    job: context.job,
    'uploaded-at': info.uploadedAt.toISOString(),
  };
  return fitMetadata(raw, METADATA_LIMIT - PER_FILE_RESERVE);
}

export function planUploads(files: FoundFile[], info: PublicationInfo): UploadItem[] {
  const shared = baseMetadata(info);
  return files.map((file) => ({
    file,
    key: joinKey(info.prefix, file.relativePath),
    contentType: contentTypeFor(file.relativePath, info.html),
    metadata: { ...shared, 'original-size': String(file.size) },
  }));
}

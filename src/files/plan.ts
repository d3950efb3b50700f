// Decides, without touching the network, what each found file becomes in S3: its key, its
// Content-Type and its metadata.
import mime from 'mime-types';
import path from 'node:path';
import type { RunContext } from '../inputs.js';
import type { FoundFile } from './find-files.js';
import { joinKey } from './keys.js';

export interface UploadItem {
  file: FoundFile;
  key: string;
  /** undefined: not known from the name; decided from the bytes at upload time. */
  contentType: string | undefined;
  metadata: Record<string, string>;
  /** Set for an image that was compressed: what the pages say about it. */
  compressed?: { originalSize: number; originalPath?: string };
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

/** Content-Type from the file name; text types carry `charset=utf-8`. Compressed data files
 * such as `x.json.gz` are `application/gzip`, never a Content-Encoding: browsers must get the
 * bytes as stored. */
export function contentTypeFor(name: string): string | undefined {
  // A bare name such as `out/json` has no extension; mime would read it as one.
  const extension = path.posix.extname(name);
  if (extension === '') return undefined;
  const type = mime.contentType(extension);
  if (!type) return undefined;
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
  let end = bytes.length;
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

export interface PublicationInfo {
  testName: string;
  prefix: string;
  context: RunContext;
  uploadedAt: Date;
}

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
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, encodeMetadataValue(v)]));
}

export function planUploads(files: FoundFile[], info: PublicationInfo): UploadItem[] {
  const shared = baseMetadata(info);
  return files.map((file) => ({
    file,
    key: joinKey(info.prefix, file.relativePath),
    contentType: contentTypeFor(file.relativePath),
    metadata: { ...shared, 'original-size': String(file.size) },
  }));
}

// Between planning and upload: images over the cap are compressed into copies in a temp
// directory (the workspace is never written), and their upload items point at the copies.
// Images under the cap are checked (decoded once) and published unchanged. One image per core;
// sharp is loaded only when there are images.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { joinKey } from '../files/keys.js';
import { encodeMetadataValueWithin, ORIGINAL_OF_LIMIT, type UploadItem } from '../files/plan.js';
import type { ImageInputs } from '../config.js';
import { inReport, reportFolders } from '../layout.js';
import { humanBytes } from '../util/format.js';
import { compressImage, formatOf } from './compress.js';
import { keepReason, keepReasonText } from './keep-original.js';
import type { Sharp, SharpLoad } from './load-sharp.js';
import { ImageSlots } from './schedule.js';

export interface ImageLog {
  info(message: string): void;
  warning(message: string): void;
}

export interface PrepareOptions {
  images: ImageInputs;
  prefix: string;
  /** Where keep-originals puts the originals (layout.ts publicationNames). */
  originalsDir: string;
  tempDir: string;
  loadSharp: () => Promise<SharpLoad>;
  log: ImageLog;
  /** After each image is done (compressed, kept or given up), and once at 0 before the first:
   * how many of the images to compress are done, and the bytes of those read so far. */
  onProgress?: (done: number, total: number, bytes: number) => void;
}

export interface PrepareReport {
  items: UploadItem[];
  compressed: number;
  savedBytes: number;
}

function isImage(item: UploadItem, extensions: Set<string>): boolean {
  const name = item.file.relativePath;
  const dot = name.lastIndexOf('.');
  return dot >= 0 && extensions.has(name.slice(dot + 1).toLowerCase());
}

/** Pixels of every frame, from the header (an unreadable image counts as none: it fails fast). */
async function pixelsOf(sharp: Sharp, input: Buffer): Promise<number> {
  try {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    return (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    return 0;
  }
}

export async function prepareImages(items: UploadItem[], o: PrepareOptions): Promise<PrepareReport> {
  const extensions = new Set(o.images.extensions);
  // HTML reports are published exactly as they are.
  const reports = reportFolders(items.map((i) => i.file.relativePath));
  const images = o.images.compress ? items.filter((i) => isImage(i, extensions)) : [];
  const candidates = images.filter((i) => !inReport(i.file.relativePath, reports));
  if (candidates.length < images.length) {
    const n = images.length - candidates.length;
    o.log.info(`${n === 1 ? '1 image' : `${n} images`} inside HTML reports published as they are: a report is never altered`);
  }
  if (candidates.length === 0) return { items, compressed: 0, savedBytes: 0 };

  const loaded = await o.loadSharp();
  if (!loaded.sharp) {
    o.log.warning(`images are published uncompressed: the image library (sharp) could not be loaded on this runner (${loaded.error ?? 'unknown error'})`);
    return { items, compressed: 0, savedBytes: 0 };
  }
  const sharp = loaded.sharp;
  if (loaded.runtime === 'wasm') o.log.info('compressing images with the WebAssembly build of sharp (slower, same results)');
  await mkdir(o.tempDir, { recursive: true });

  const slots = ImageSlots.forCores(availableParallelism());
  let compressed = 0;
  const kept = new Map<string, { n: number; bytes: number }>();
  let savedBytes = 0;
  let done = 0;
  let readBytes = 0;
  o.onProgress?.(0, candidates.length, 0);
  const one = async (item: UploadItem, index: number): Promise<UploadItem[] | undefined> => {
    const name = item.file.relativePath;
    const uncompressed = (why: string, mark: string): UploadItem[] => {
      o.log.warning(`image ${name} is published uncompressed: ${why}`);
      const overCap = item.file.size > o.images.maxBytes;
      return [{ ...item, metadata: { ...item.metadata, compression: `none (${mark})` }, ...(overCap ? { uncompressed: mark } : {}) }];
    };
    const format = formatOf(name);
    if (format === undefined) return uncompressed(`${path.extname(name)} is not a format the compressor knows`, 'unknown format');
    const input = await readFile(item.file.absolutePath);
    const result = await slots.run(await pixelsOf(sharp, input), () => compressImage(sharp, input, format, o.images.maxBytes));
    if (result.kind === 'kept') {
      if (result.note) o.log.warning(`image ${name}: ${result.note}; published as it is`);
      if (result.reason === 'under-cap') return undefined;
      return uncompressed(`${result.detail} (${humanBytes(input.length)}, cap ${humanBytes(o.images.maxBytes)})`, result.reason);
    }
    if (result.animation === 'first-frame') o.log.warning(`image ${name}: the animation does not fit in the cap; only its first frame is published`);
    // Numbered names keep copies of same-named files in different folders apart.
    const copy = path.join(o.tempDir, `${index}-${path.basename(name)}`);
    await writeFile(copy, result.data);
    const why = keepReason(o.images.keepOriginals, result);
    const originalPath = why ? `${o.originalsDir}/${name}` : undefined;
    const main: UploadItem = {
      ...item,
      file: { ...item.file, absolutePath: copy, size: result.data.length },
      metadata: {
        ...item.metadata,
        'original-dimensions': `${result.originalWidth}x${result.originalHeight}`,
        dimensions: `${result.width}x${result.height}`,
        compression: result.method,
        ...(why ? { 'original-kept': keepReasonText(why, result.similarity) } : {}),
      },
      compressed: { originalSize: input.length, originalSha256: createHash('sha256').update(input).digest('hex'), ...(originalPath && why ? { originalPath, keptBecause: why } : {}) },
    };
    compressed++;
    savedBytes += input.length - result.data.length;
    if (!originalPath) return [main];
    kept.set(why ?? 'keep-originals', (kept.get(why ?? 'keep-originals') ?? { n: 0, bytes: 0 }));
    const k = kept.get(why ?? 'keep-originals')!;
    k.n++;
    k.bytes += input.length;
    const original: UploadItem = {
      ...item,
      key: joinKey(o.prefix, originalPath),
      file: { ...item.file, relativePath: originalPath },
      originalOf: name,
      metadata: { ...item.metadata, 'original-of': encodeMetadataValueWithin(name, ORIGINAL_OF_LIMIT) },
    };
    return [main, original];
  };

  const replaced = new Map<UploadItem, UploadItem[]>();
  const limit = pLimit(slots.slots);
  await Promise.all(
    candidates.map((item, index) =>
      limit(async () => {
        try {
          const result = await one(item, index);
          if (result) replaced.set(item, result);
        } catch (error) {
          // An image never fails the step: it is published as it is.
          o.log.warning(`image ${item.file.relativePath} is published uncompressed: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          readBytes += item.file.size;
          o.onProgress?.(++done, candidates.length, readBytes);
        }
      }),
    ),
  );
  for (const [why, k] of kept) o.log.info(`kept ${k.n === 1 ? '1 original' : `${k.n} originals`} (${humanBytes(k.bytes)}): ${why}`);
  return { items: items.flatMap((item) => replaced.get(item) ?? [item]), compressed, savedBytes };
}

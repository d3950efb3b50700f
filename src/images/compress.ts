// Compresses one image to at most `maxBytes` in its own format, searching for the best quality
// that fits rather than the first: lossless and palette encodings at full size before quality
// loss, quality before scale, and the largest scale that fits (binary search). The image is
// decoded once (EXIF orientation applied, converted to 8-bit sRGB); every attempt encodes from
// those pixels. Bad or unsupported images come back as `kept` with the reason.
import type { Sharp } from './load-sharp.js';
import { animatedGif, compressGif, firstFrameAtMinimum } from './gif.js';
import { compressLossy, lossyEncoder } from './lossy.js';
import { withoutOpaqueAlpha } from './opaque.js';
import { compressPng } from './png.js';
import { MAX_INPUT_PIXELS, MIN_LONGEST_SIDE, Search, type Attempt, type Pixels } from './search.js';

export { MAX_INPUT_PIXELS, MIN_LONGEST_SIDE } from './search.js';
export { flatness } from './png.js';
export { ImageSlots } from './schedule.js';


/** keep-originals: auto publishes the original too when the copy's similarity (SSIM, measured as
 * the bench does) is below this. */
export const KEEP_ORIGINAL_BELOW = 0.85;

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'avif';

export interface Compressed {
  kind: 'compressed';
  data: Buffer;
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  /** What was done, e.g. `palette-png q90 scale 0.71`. */
  method: string;
  /** Encodings tried. */
  attempts: number;
  /** Milliseconds of the search spent encoding and measuring similarity (the bench's profile). */
  spent: { encodeMs: number; similarityMs: number };
  /** Milliseconds of the one encoding that made `data` (unset for a kept animation): with
   * decoding and one similarity measure, the floor of any search (the bench's speed target). */
  publishedEncodeMs?: number;
  /** For GIFs: whether the animation was kept. */
  animation?: 'kept' | 'first-frame';
  /** How alike the copy looks to the original (SSIM, 1 = the same), measured as the bench
   * measures it (luma, flattened on white, at the original's full size), over bands of rows
   * covering 0.5 MP, and over 1.5 MP where that estimate is within 0.03 of KEEP_ORIGINAL_BELOW
   * (search.ts score); what keep-originals: auto decides by. Unset where not measured (an
   * animation kept whole). */
  similarity?: number;
}

export interface Kept {
  kind: 'kept';
  /** `under-cap`: nothing to do. Otherwise why the original is published as it is. */
  reason: 'under-cap' | 'cap-not-met' | 'unsupported' | 'unreadable';
  detail: string;
  /** Something a reviewer should know although nothing failed (a 1×1 image, an animation). */
  note?: string;
  originalWidth?: number;
  originalHeight?: number;
}

export type CompressResult = Compressed | Kept;

const FORMAT_BY_EXTENSION: Record<string, ImageFormat | 'bmp'> = {
  png: 'png', jpg: 'jpeg', jpeg: 'jpeg', jpe: 'jpeg', webp: 'webp', gif: 'gif', tif: 'tiff', tiff: 'tiff', avif: 'avif', bmp: 'bmp',
};

export function formatOf(fileName: string): ImageFormat | 'bmp' | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : FORMAT_BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
}

/** The original's pixels, as every attempt starts from them (exported for the bench's floor). */
export async function decode(sharp: Sharp, input: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate() // apply EXIF orientation
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return withoutOpaqueAlpha(sharp, { data, width: info.width, height: info.height, channels: info.channels as Pixels['channels'] });
}

/** An image under the cap is published as it is, but still decoded once, so that a broken
 * image is reported rather than discovered by a reviewer. */
async function checkUnderCap(sharp: Sharp, input: Buffer): Promise<Kept> {
  if (input.length === 0) return { kind: 'kept', reason: 'unreadable', detail: 'empty file' };
  try {
    const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: true }).raw().toBuffer();
    const dims = { originalWidth: meta.width, originalHeight: meta.pageHeight ?? meta.height };
    if ((meta.pages ?? 1) > 1) return { kind: 'kept', reason: 'under-cap', detail: 'already under the cap', note: `animated (${meta.pages} frames), kept with its animation`, ...dims };
    if (meta.width * meta.height <= 1) return { kind: 'kept', reason: 'under-cap', detail: 'already under the cap', note: 'a 1×1 image (often a placeholder left by a failed render)', ...dims };
    return { kind: 'kept', reason: 'under-cap', detail: 'already under the cap', ...dims };
  } catch (error) {
    return { kind: 'kept', reason: 'unreadable', detail: `not a readable image (${firstLine(error)})` };
  }
}

export async function compressImage(sharp: Sharp, input: Buffer, format: ImageFormat | 'bmp', maxBytes: number): Promise<CompressResult> {
  if (input.length <= maxBytes) return checkUnderCap(sharp, input);
  let meta;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (error) {
    return { kind: 'kept', reason: 'unreadable', detail: `not a readable image (${firstLine(error)})` };
  }
  const originalWidth = meta.autoOrient?.width ?? meta.width ?? 0;
  const originalHeight = meta.autoOrient?.height ?? meta.height ?? 0;
  const dims = { originalWidth, originalHeight };
  if (meta.width * (meta.pageHeight ?? meta.height) > MAX_INPUT_PIXELS) {
    return { kind: 'kept', reason: 'unreadable', detail: `too many pixels (${meta.width}×${meta.height}): over the decompression limit of ${MAX_INPUT_PIXELS} pixels`, ...dims };
  }
  if (format === 'bmp') return { kind: 'kept', reason: 'unsupported', detail: 'BMP cannot be re-encoded (sharp does not write BMP)', ...dims };

  let pixels: Pixels;
  try {
    pixels = await decode(sharp, input);
  } catch (error) {
    return { kind: 'kept', reason: 'unreadable', detail: `cannot decode (${firstLine(error)})`, ...dims };
  }
  const search = new Search(sharp, pixels, maxBytes);
  let animation: Compressed['animation'];
  let knownGif: Attempt | undefined;
  if (format === 'gif' && (meta.pages ?? 1) > 1) {
    // The pixels are the first frame: the animation is tried unless that frame alone proves
    // it cannot fit; else the first frame is compressed as a still image.
    knownGif = await firstFrameAtMinimum(search).catch(() => undefined);
    const whole = knownGif && search.fits(knownGif) ? await animatedGif(sharp, input, search, meta.width, meta.pages ?? 1, knownGif.data.length).catch(() => undefined) : undefined;
    if (whole) {
      const out = await sharp(whole.data).metadata();
      const method = whole.scale < 1 ? `gif animated scale ${whole.scale.toFixed(2)}` : 'gif animated';
      return { kind: 'compressed', data: whole.data, width: out.width, height: out.pageHeight ?? out.height, ...dims, method, attempts: search.attempts, spent: search.spent, animation: 'kept' };
    }
    animation = 'first-frame';
  }
  let best: Attempt | undefined;
  try {
    switch (format) {
      case 'png':
        best = await compressPng(search, input.length);
        break;
      case 'gif':
        best = await compressGif(sharp, search, knownGif);
        break;
      default:
        best = await compressLossy(search, lossyEncoder(search, format), format);
    }
  } catch (error) {
    return { kind: 'kept', reason: 'unreadable', detail: `encoding failed (${firstLine(error)})`, ...dims };
  }
  if (!best) {
    const what = animation ? 'neither the animation nor its first frame fits' : 'does not fit';
    const palette = format === 'png' || format === 'gif' ? ' in 2 colours' : '';
    return { kind: 'kept', reason: 'cap-not-met', detail: `${what} in ${maxBytes} bytes even at the minimum size (longest side ${MIN_LONGEST_SIDE} px)${palette}`, ...dims };
  }
  return {
    kind: 'compressed',
    data: best.data,
    width: best.width,
    height: best.height,
    ...dims,
    method: best.method,
    attempts: search.attempts,
    spent: search.spent,
    ...(best.encodeMs !== undefined ? { publishedEncodeMs: best.encodeMs } : {}),
    // A lossless copy of the decoded pixels measures 1 (as the bench decodes the original to
    // the same 8-bit pixels): 40–100 ms of measuring saved.
    similarity: best.lossless ? 1 : await search.score(best, KEEP_ORIGINAL_BELOW),
    ...(animation ? { animation } : {}),
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

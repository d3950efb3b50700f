// Compares two versions of an image pixel by pixel (pixelmatch) and draws the difference: the
// numbers an image's comparison page shows, and its overlay PNG. sharp is passed in (only
// images/load-sharp.ts loads it); both images are decoded to their first frame, EXIF
// orientation applied, as 8-bit sRGB with alpha, at one size: the head's, or less when the head
// is very large, so that memory and time stay bounded whatever a test wrote.
import pixelmatch from 'pixelmatch';
import { MAX_INPUT_PIXELS } from '../images/compress.js';
import type { Sharp } from '../images/load-sharp.js';
import type { ImageDiff } from './types.js';

/** Above this many pixels both images are compared at a reduced size (16 MP: 64 MB per RGBA
 * buffer, three of them, and about two seconds of pixelmatch). */
export const DEFAULT_MAX_PIXELS = 16_000_000;

/** pixelmatch's colour threshold (0..1; its default, 0.1, is for renderings of the same bytes).
 * Re-encoding an unchanged plot moves pixels around its 1-px lines and its text: in a 1000×700
 * plot, 0.1 counts 0.95% of the pixels of a JPEG (quality 80) copy as changed, 0.2 counts 0.08%
 * (0.02% for lossy WebP, none for a 256-colour palette PNG), 0.25 would count almost none but
 * miss a line recoloured from blue to purple. At 0.2 a line that moved by 3 px, a removed series
 * and a recoloured line each count more than 0.1%. __tests__/image-diff.test.ts holds both sides. */
export const DEFAULT_THRESHOLD = 0.2;

/** Overlay colours: pixelmatch calls a changed pixel "darker in the first image" or "darker in
 * the second"; on the light backgrounds of plots that reads as "drawn in this version" and
 * "drawn in the base". Blue and red stay apart for red-green colour blindness. */
export const OVERLAY_COLOURS = { thisDarker: [0, 90, 230], baseDarker: [220, 20, 60], antialiasing: [255, 200, 0] } as const;

export interface CompareOptions {
  maxPixels?: number;
  threshold?: number;
}

interface Size {
  width: number;
  height: number;
}

/** The size an image shows at (after its EXIF orientation); a clear error when it cannot be read. */
async function sizeOf(sharp: Sharp, data: Buffer, which: string): Promise<Size> {
  try {
    const meta = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.pageHeight ?? meta.height;
    if (!width || !height) throw new Error('no width or height');
    return { width, height };
  } catch (error) {
    throw new Error(`the ${which} image cannot be decoded: ${firstLine(error)}`, { cause: error });
  }
}

/** First frame, oriented, at `to` (stretched when the aspect differs: the comparison is of the
 * same picture at two sizes), as RGBA bytes. */
async function decodeAt(sharp: Sharp, data: Buffer, from: Size, to: Size, which: string): Promise<Buffer> {
  try {
    let image = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true });
    if (from.width !== to.width || from.height !== to.height) image = image.resize(to.width, to.height, { fit: 'fill' });
    const { data: pixels, info } = await image.toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.width !== to.width || info.height !== to.height || info.channels !== 4) {
      throw new Error(`decoded to ${info.width}×${info.height}×${info.channels}, expected ${to.width}×${to.height}×4`);
    }
    return pixels;
  } catch (error) {
    throw new Error(`the ${which} image cannot be decoded: ${firstLine(error)}`, { cause: error });
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** The head's size, or the largest size of the same aspect within `maxPixels`. */
export function comparisonSize(head: Size, maxPixels: number): Size {
  const pixels = head.width * head.height;
  if (pixels <= maxPixels) return head;
  const scale = Math.sqrt(maxPixels / pixels);
  return { width: Math.max(1, Math.floor(head.width * scale)), height: Math.max(1, Math.floor(head.height * scale)) };
}

/** Compares `base` (the baseline's version) with `head` (this publication's). Throws an Error
 * saying which image could not be decoded and why. */
export async function compareImages(sharp: Sharp, base: Buffer, head: Buffer, o: CompareOptions = {}): Promise<ImageDiff> {
  const maxPixels = o.maxPixels ?? DEFAULT_MAX_PIXELS;
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  const [baseSize, headSize] = await Promise.all([sizeOf(sharp, base, 'base'), sizeOf(sharp, head, 'new')]);
  const size = comparisonSize(headSize, maxPixels);
  const [basePixels, headPixels] = await Promise.all([decodeAt(sharp, base, baseSize, size, 'base'), decodeAt(sharp, head, headSize, size, 'new')]);
  const output = Buffer.alloc(size.width * size.height * 4);
  // The head first: pixelmatch fades its first image into the overlay's background; at 0.25
  // (its default is 0.1) the plot stays recognisable under the marks.
  const differentPixels = pixelmatch(headPixels, basePixels, output, size.width, size.height, {
    threshold,
    alpha: 0.25,
    diffColor: [...OVERLAY_COLOURS.thisDarker],
    diffColorAlt: [...OVERLAY_COLOURS.baseDarker],
    aaColor: [...OVERLAY_COLOURS.antialiasing],
  });
  // Opaque, so RGB; a low zlib level: the overlay is written once and looked at rarely, and at
  // level 9 its encoding would cost more than the comparison.
  const overlay = await sharp(output, { raw: { width: size.width, height: size.height, channels: 4 } })
    .removeAlpha()
    .png({ compressionLevel: 2, adaptiveFiltering: false })
    .toBuffer();
  const scaled = size.width !== headSize.width || size.height !== headSize.height || baseSize.width !== headSize.width || baseSize.height !== headSize.height;
  return {
    width: size.width,
    height: size.height,
    base: baseSize,
    head: headSize,
    scaled,
    differentPixels,
    share: differentPixels / (size.width * size.height),
    overlay,
  };
}

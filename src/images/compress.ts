// Compresses one image to at most `maxBytes` in its own format, searching for the best quality
// that fits rather than the first: lossless and palette encodings at full size before quality
// loss, quality before scale, and the largest scale that fits (binary search). The image is
// decoded once (EXIF orientation applied, converted to 8-bit sRGB); every attempt encodes from
// those pixels. Bad or unsupported images come back as `kept` with the reason.
import type { Sharp } from './load-sharp.js';
import { MIN_LONGEST_SIDE, Search, type Attempt, type Pixels } from './search.js';

export { MIN_LONGEST_SIDE } from './search.js';

/** Sharp's default: decoding refuses larger images (decompression bombs). */
export const MAX_INPUT_PIXELS = 268_402_689;

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
  /** For GIFs: whether the animation was kept. */
  animation?: 'kept' | 'first-frame';
  /** How alike the copy looks to the original (SSIM, 1 = the same), measured as the bench
   * measures it (luma, flattened on white, at the original's size or MEASURE_PIXELS); what
   * keep-originals: auto decides by. Unset where not measured (an animation kept whole). */
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

/** Share of the pixels (sampled) taken by the 16 most common colours: plots, charts and
 * screenshots (flat backgrounds, few series colours) score above 0.8, photos below 0.05,
 * colour-mapped heatmaps 0.1 to 0.45. */
export function flatness(p: Pixels): number {
  const n = p.width * p.height;
  const stride = Math.max(1, Math.floor(n / 262_144));
  const counts = new Map<number, number>();
  let samples = 0;
  for (let i = 0; i < n; i += stride) {
    const o = i * p.channels;
    const key = p.channels >= 3 ? (p.data[o]! << 16) | (p.data[o + 1]! << 8) | p.data[o + 2]! : p.data[o]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    samples++;
  }
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, 16);
  return top.reduce((a, b) => a + b, 0) / samples;
}

/** Below this scale (a sixth of the pixels), a flat image's 16-colour fit is compared with
 * fewer colours at a larger size. Measured on the benchmark corpus: between 0.4 and 0.6 fewer
 * colours gain at most 0.007 SSIM, for two to three times the encoding time. */
const FEWER_COLOURS_BELOW = 0.4;

async function compressPng(s: Search, original: number): Promise<Attempt | undefined> {
  const lossless = (scale: number) => s.encode((sc) => ({ image: s.at(sc).image.png({ compressionLevel: 9, adaptiveFiltering: true, palette: false }), label: 'png' }), scale);
  // Quantisation effort: 4 is several times faster than 7 on photo-like images at about the
  // same size; few-colour palettes (plots) are cheap to quantise, so they get the full effort.
  const palette = (scale: number, colours: number, dither: number) =>
    s.encode(
      (sc) => ({
        image: s.at(sc).image.png({ palette: true, quality: 100, colours, dither, effort: colours <= 16 ? 10 : 4, compressionLevel: 9 }),
        label: `palette-png ${colours}c${dither > 0 ? ` dither ${dither}` : ''}`,
      }),
      scale,
    );
  // A PNG just over the cap often fits once re-compressed losslessly: nothing lost at all.
  if (original <= s.maxBytes * 2) {
    const a = await lossless(1);
    if (s.fits(a)) return a;
  }
  // Full size, 256 colours without dithering (plots: flat colours, where dither is only noise).
  const full = await palette(1, 256, 0);
  if (s.fits(full)) return full;
  // 16 colours pack 4 bits per pixel: plots keep their thin lines and text at full size.
  let fewBytes = full.data.length * 0.45;
  if (full.data.length <= s.maxBytes * 2.5) {
    const few = await palette(1, 16, 0);
    if (s.fits(few)) return few;
    fewBytes = few.data.length;
  }
  // Scale: plots keep more pixels with 4-bit palettes; photo-like images keep 256 colours,
  // unless even the smallest size does not fit with them (noise-like heatmaps).
  const flat = flatness(s.pixels) >= 0.5;
  if (flat) {
    const sixteen = await s.largestScale((scale) => palette(scale, 16, 0), fewBytes);
    if (!sixteen || sixteen.scale >= FEWER_COLOURS_BELOW) return sixteen;
    // Far below full size, shrinking blurs text and lines away: 4 colours (2 bits a pixel) or
    // 2 (1 bit) may keep them at a larger size instead, e.g. a page-long log screenshot. Which
    // loses less depends on the image, so each is measured against the original.
    const candidates = [sixteen];
    for (const colours of [4, 2]) {
      // 2 colours gain nothing once 4 fit at (nearly) full size.
      if (colours === 2 && candidates.at(-1)!.scale >= 0.95) break;
      const encoder = (scale: number) => palette(scale, colours, 0);
      // Bytes at full size, guessed from the 16-colour fit (fewer bits a pixel); when that
      // suggests full size fits, try it first.
      const guess = (s.maxBytes / sixteen.scale ** 2) * (colours === 4 ? 0.55 : 0.3);
      const full = guess <= s.maxBytes * 0.9 ? await encoder(1) : undefined;
      const fit = full && s.fits(full) ? full : await s.largestScale(encoder, full?.data.length ?? guess);
      if (fit && fit.scale > sixteen.scale) candidates.push(fit);
    }
    return candidates.length === 1 ? sixteen : s.mostAlike(candidates);
  }
  return (await s.largestScale((scale) => palette(scale, 256, 0), full.data.length)) ?? s.largestScale((scale) => palette(scale, 16, 0), fewBytes);
}

async function compressLossy(s: Search, encode: (scale: number, quality: number) => Promise<Attempt>, format: string): Promise<Attempt | undefined> {
  // Quality first: at full size, the best quality that fits, from 92 down to 60 (30 for WebP).
  const probe = await encode(1, 80);
  if (s.fits(probe)) return (await s.bestQuality((q) => encode(1, q), 81, 92, 2)) ?? probe;
  // WebP keeps plots sharp down to q30 at full size; JPEG gains little below q60.
  const low = format === 'webp' ? 30 : 60;
  const reach = format === 'webp' ? 3 : 1.6;
  if (probe.data.length <= s.maxBytes * reach) {
    const fit = await s.bestQuality((q) => encode(1, q), low, 79, 3);
    if (fit) return fit;
  }
  // Then scale, at a quality that keeps text and lines readable.
  // q60 rather than 75: a larger scale at q60 keeps text better, photos score the same.
  return s.largestScale((scale) => encode(scale, 60), probe.data.length * 0.6);
}

function opaque(p: Pixels): boolean {
  if (p.channels !== 2 && p.channels !== 4) return true;
  for (let i = p.channels - 1; i < p.data.length; i += p.channels) if (p.data[i] !== 255) return false;
  return true;
}

function lossyEncoder(s: Search, format: 'jpeg' | 'webp' | 'avif' | 'tiff'): (scale: number, quality: number) => Promise<Attempt> {
  const alpha = !opaque(s.pixels);
  const hasAlphaBand = s.pixels.channels === 2 || s.pixels.channels === 4;
  return (scale, quality) =>
    s.encode((sc) => {
      const { image } = s.at(sc);
      switch (format) {
        case 'jpeg':
          // JPEG has no alpha: flatten on white, as viewers show transparent plots.
          return { image: (alpha ? image.flatten({ background: '#ffffff' }) : image).jpeg({ quality, mozjpeg: false, progressive: true }), label: `jpeg q${quality}` };
        case 'webp':
          return { image: image.webp({ quality, alphaQuality: 90, effort: 4 }), label: `webp q${quality}` };
        case 'avif':
          return { image: image.avif({ quality, effort: 2 }), label: `avif q${quality}` };
        case 'tiff':
          return alpha
            ? { image: image.tiff({ compression: 'deflate', predictor: 'horizontal' }), label: 'tiff deflate' }
            : { image: (hasAlphaBand ? image.removeAlpha() : image).tiff({ compression: 'jpeg', quality }), label: `tiff-jpeg q${quality}` };
      }
    }, scale);
}

async function compressGif(s: Search): Promise<Attempt | undefined> {
  const gif = (scale: number, dither: number) =>
    s.encode((sc) => ({ image: s.at(sc).image.gif({ colours: 256, dither, effort: 7 }), label: `gif dither ${dither}` }), scale);
  const full = await gif(1, 0);
  if (s.fits(full)) return full;
  const few = (scale: number) => s.encode((sc) => ({ image: s.at(sc).image.gif({ colours: 16, dither: 0, effort: 7 }), label: 'gif 16c' }), scale);
  if (flatness(s.pixels) >= 0.5) return s.largestScale(few, full.data.length * 0.5);
  return (await s.largestScale((scale) => gif(scale, 0), full.data.length)) ?? s.largestScale(few, full.data.length * 0.5);
}

async function decode(sharp: Sharp, input: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate() // apply EXIF orientation
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels as Pixels['channels'] };
}

/** An animated GIF re-encoded as a whole (sharp keeps frames and delays), at full size or,
 * failing that, once at the scale its size suggests; undefined if it does not fit. */
async function animatedGif(sharp: Sharp, input: Buffer, maxBytes: number, width: number): Promise<{ data: Buffer; scale: number } | undefined> {
  const encode = (scale: number) => {
    const image = sharp(input, { animated: true, limitInputPixels: MAX_INPUT_PIXELS });
    const sized = scale < 1 ? image.resize({ width: Math.max(1, Math.round(width * scale)) }) : image;
    return sized.gif({ colours: 128, dither: 0, effort: 7, interFrameMaxError: 8 }).toBuffer();
  };
  let scale = 1;
  for (let i = 0; i < 3; i++) {
    const data = await encode(scale);
    if (data.length <= maxBytes) return { data, scale };
    scale *= Math.sqrt(maxBytes / data.length) * 0.9;
    if (width * scale < Math.min(width, MIN_LONGEST_SIDE)) return undefined;
  }
  return undefined;
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

  let animation: Compressed['animation'];
  if (format === 'gif' && (meta.pages ?? 1) > 1) {
    // Hopeless when even the smallest allowed size would not fit (bytes scale at most with the
    // pixel count): skip the whole-animation encode (0.57 s for a 24-frame 640×480 GIF).
    const minScale = Math.min(1, MIN_LONGEST_SIDE / Math.max(meta.width, meta.pageHeight ?? meta.height));
    const hopeless = input.length * minScale * minScale > maxBytes * 1.5;
    const whole = hopeless ? undefined : await animatedGif(sharp, input, maxBytes, meta.width).catch(() => undefined);
    if (whole) {
      const out = await sharp(whole.data).metadata();
      const method = whole.scale < 1 ? `gif animated scale ${whole.scale.toFixed(2)}` : 'gif animated';
      return { kind: 'compressed', data: whole.data, width: out.width, height: out.pageHeight ?? out.height, ...dims, method, attempts: whole.scale < 1 ? 2 : 1, animation: 'kept' };
    }
    animation = 'first-frame';
  }

  let pixels: Pixels;
  try {
    pixels = await decode(sharp, input);
  } catch (error) {
    return { kind: 'kept', reason: 'unreadable', detail: `cannot decode (${firstLine(error)})`, ...dims };
  }
  const search = new Search(sharp, pixels, maxBytes);
  let best: Attempt | undefined;
  try {
    switch (format) {
      case 'png':
        best = await compressPng(search, input.length);
        break;
      case 'gif':
        best = await compressGif(search);
        break;
      default:
        best = await compressLossy(search, lossyEncoder(search, format), format);
    }
  } catch (error) {
    return { kind: 'kept', reason: 'unreadable', detail: `encoding failed (${firstLine(error)})`, ...dims };
  }
  if (!best) {
    return { kind: 'kept', reason: 'cap-not-met', detail: `does not fit in ${maxBytes} bytes even at the minimum size (longest side ${MIN_LONGEST_SIDE} px)`, ...dims };
  }
  return {
    kind: 'compressed',
    data: best.data,
    width: best.width,
    height: best.height,
    ...dims,
    method: best.method,
    attempts: search.attempts,
    similarity: await search.similarity(best),
    ...(animation ? { animation } : {}),
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

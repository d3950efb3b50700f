// JPEG, WebP, AVIF and TIFF: the best quality that fits at full size, then the largest scale at
// a quality that keeps text and lines readable; for flat images (plots, screenshots) low
// quality at full size against that scale, whichever looks more alike; and, where nothing fits
// even at the minimum size, lower quality there rather than a copy over the cap.
import { mozjpegSlope, qualityByBytes, qualityForRatio } from './lossy-quality.js';
import { isFlat } from './lossy-flat.js';
import type { Attempt, Pixels, Search } from './search.js';

/** How to encode beyond scale and quality. `mozjpeg` (JPEG only; trellis quantisation, its own
 * tables): 25–35 % fewer bytes than libjpeg-turbo at the same SSIM on flat images, at 3× the
 * time. `effort` (WebP only; 4 unless set). */
export interface LossyOptions {
  mozjpeg?: boolean;
  effort?: number;
}

export type LossyEncoder = (scale: number, quality: number, options?: LossyOptions) => Promise<Attempt>;

/** Above this many pixels a JPEG-like image is first encoded at half size, q60 (the scale
 * search's quality), to learn whether the full-size probe can fit at all. */
const HALF_SIZE_TRIAL_ABOVE = 1_000_000;
/** Full-size q80 bytes ÷ half-size q60 bytes, at the least on the corpus: bytes ≈ c·scale^k
 * with k 1.46–2.43 (2^1.4 = 2.64), and q80 takes 1.3–2.1 times the bytes of q60 (so 3.43). */
const FULL_Q80_OVER_HALF_Q60 = 3.43;
/** The quality a WebP photo far over the cap is scaled at (see webpPhoto): q95 at 0.29 scores
 * 0.753, q90 at 0.38 0.756, q80 at 0.50 0.743 on photo-1920x1080-q90.webp. */
const PHOTO_WEBP_QUALITY = 90;
/** Bytes lost per quality point below q80, as a share of q80's, at full size: the first guess of
 * the quality search below the probe (then secant steps). JPEG (libjpeg-turbo) 1.96 %
 * (photo-800x600-q85.jpg, q80 to q70); WebP 1.05 % (scatter-1600x1200-lossless.webp, q80 to
 * q36): bisection took 3 encodes after the probe on each. */
const JPEG_SHARE_PER_QUALITY = 0.0196;
const WEBP_SHARE_PER_QUALITY = 0.0105;
/** WebP effort for photos scaled at q90: 2 encodes in half the time of 4 (45 against 86 ms
 * for the two encodes of photo-1920x1080-q90.webp), SSIM 0.7546 against 0.7563. Flat images
 * keep 4: at 2 their full-size quality search no longer fits (scatter-1600x1200-lossless.webp:
 * 0.960 scaled against 0.991 at q36 full size). */
const PHOTO_WEBP_EFFORT = 2;
/** The lowest full-size quality tried on a flat image: mozjpeg q20 keeps 1-px lines and text
 * at SSIM 0.93–0.99 on the corpus (line-2400x1800-q95: q23 0.988 against 0.969 at q60 scale
 * 0.57; ui-1440x900-q90: q31 0.957 against 0.878 at q60 scale 0.64). libtiff's JPEG takes far
 * more bytes at the same quality (plot-rgba-1600x1200.tif: 68 KB at q35), so TIFF goes to q10. */
const FLAT_FLOOR = { jpeg: 20, tiff: 10 } as const;
/** Quality points above FLAT_FLOOR within which a flat image's full-size copy is compared with
 * the scaled q60 one (see flat). */
const COMPARE_WITHIN = 10;
/** A flat image's full-size q60 bytes ÷ q80's (libjpeg-turbo; line-2400x1800-q95 0.77,
 * ui-1440x900-q90 0.75), and k in bytes ≈ c·scale^k as it shrinks (1.4–1.6: lines and text
 * keep their length in pixels, not their area): the scaled search's first guess (photos' 0.6
 * and k = 2 guessed 0.74 for the line plot, 73 KB, two encodes more). */
const FLAT_Q60_OVER_Q80 = 0.76;
const FLAT_K = 1.5;

export async function compressLossy(s: Search, encode: LossyEncoder, format: string): Promise<Attempt | undefined> {
  // A TIFF with transparency is written losslessly (deflate): only its scale can change.
  if (format === 'tiff' && !opaque(s.pixels)) {
    const whole = await encode(1, 60);
    return s.fits(whole) ? whole : s.largestScale((scale) => encode(scale, 60), whole.data.length);
  }
  const flat = isFlat(s.pixels);
  let fit: Attempt | undefined;
  if (flat && (format === 'jpeg' || format === 'tiff')) fit = await flatImage(s, encode, format);
  else fit = (format === 'webp' && !flat ? await webpPhoto(s, encode) : undefined) ?? (await photo(s, encode, format));
  return fit ?? (await lowestQuality(s, encode));
}

/** Flat JPEG or TIFF: quality first at full size (mozjpeg for JPEG below the probe), down to
 * FLAT_FLOOR, then the scaled q60 candidate where the quality found is below 60, and the one
 * that looks more alike. */
async function flatImage(s: Search, encode: LossyEncoder, format: 'jpeg' | 'tiff'): Promise<Attempt | undefined> {
  const probe = await encode(1, 80);
  if (s.fits(probe)) return (await s.bestQuality((q) => encode(1, q), 81, 92, 2)) ?? probe;
  const ratio = (s.maxBytes * 0.96) / probe.data.length;
  const first = format === 'jpeg' ? qualityForRatio(ratio) : Math.round(80 * ratio);
  const start = format === 'jpeg' ? { slope: mozjpegSlope(first, probe.data.length) } : {};
  const full = await qualityByBytes(s, (q) => encode(1, q, { mozjpeg: true }), FLAT_FLOOR[format], 79, first, 4, start);
  // Scaling is only worth measuring where the quality found is near the floor: above it the
  // full-size copy won by 0.08 on the corpus (ui-1440x900-q90.jpg, q31: 0.960 against 0.878
  // for q60 at 0.64), near it by 0.006–0.019 (plot-rgba-1600x1200.tif q10, line-2400x1800-q95
  // q22); the scaled search and its SSIM cost 100–250 ms.
  if (full && full.quality >= FLAT_FLOOR[format] + COMPARE_WITHIN) return full.attempt;
  const q60 = probe.data.length * FLAT_Q60_OVER_Q80;
  const scaled = await s.largestScale((scale) => encode(scale, 60), q60, Math.pow((s.maxBytes * 0.97) / q60, 1 / FLAT_K));
  return full && scaled ? s.mostAlike([full.attempt, scaled]) : (full?.attempt ?? scaled);
}

/** A WebP photo far over the cap: q90 at the largest scale that fits. WebP's low qualities
 * smear a photo's texture away, so a smaller image at high quality looks more alike
 * (photo-1920x1080-q90.webp: q90 at scale 0.38 SSIM 0.756, against 0.740 for q60 at 0.79 and
 * for q30 at full size; the frontier's best, q90 at 0.40, 0.757), and the encodes, of a fifth
 * of the pixels, take 90 ms rather than 500. Undefined where the half-size q90 trial fits
 * (near the cap: quality first) or the image is too small for it. */
async function webpPhoto(s: Search, encode: LossyEncoder): Promise<Attempt | undefined> {
  if (s.minScale() > 0.5) return undefined;
  const half = await encode(0.5, PHOTO_WEBP_QUALITY, { effort: PHOTO_WEBP_EFFORT });
  if (s.fits(half)) return undefined;
  return s.largestScale((scale) => encode(scale, PHOTO_WEBP_QUALITY, { effort: PHOTO_WEBP_EFFORT }), half.data.length * 4, scaleFromHalf(s, half.data.length));
}

/** The scale aimed at 97 % of the cap from a half-size trial's bytes, with bytes ≈ c·scale^k:
 * k = 2 unless `below` is given for scales under half size. JPEG q60 below half size: 1.5
 * (photo-4000x3000-q92.jpg 1.51: a photo's fine texture is lost as it shrinks, so its bytes
 * per pixel rise; k = 2 guessed 0.28, 65 KB, and took two more encodes); above it 1.78–1.95 on
 * the corpus's 2 MP photos. WebP q90 keeps 2 (1.94 on photo-1920x1080-q90.webp; 1.5 took
 * five encodes instead of two). */
function scaleFromHalf(s: Search, halfBytes: number, below = 2): number {
  const ratio = (s.maxBytes * 0.97) / halfBytes;
  return 0.5 * Math.pow(ratio, 1 / (ratio < 1 ? below : 2));
}

/** Photos (and every WebP and AVIF): quality at full size, then scale at q60. */
async function photo(s: Search, encode: LossyEncoder, format: string): Promise<Attempt | undefined> {
  // Photos and screenshots in JPEG are most often far over: a half-size q60 trial (a quarter
  // of the pixels; 40–140 ms against 60–300 ms for the full-size q80 probe at 2–12 MP)
  // shows where even the smallest bytes the probe could take are over what the quality search
  // tries, and the scale search starts where the trial says it fits (see scaleFromHalf). Not
  // for WebP: its quality search reaches 3× the cap, where this bound rarely rules anything
  // out (a wasted trial).
  const { width, height } = s.pixels;
  if (format !== 'webp' && width * height > HALF_SIZE_TRIAL_ABOVE && s.minScale() <= 0.5) {
    const half = await encode(0.5, 60);
    if (half.data.length * FULL_Q80_OVER_HALF_Q60 > s.maxBytes * 1.6) {
      return s.largestScale((scale) => encode(scale, 60), half.data.length * 4, scaleFromHalf(s, half.data.length, 1.5));
    }
  }
  // Quality first: at full size, the best quality that fits, from 92 down to 60 (30 for WebP).
  const probe = await encode(1, 80);
  if (s.fits(probe)) return (await s.bestQuality((q) => encode(1, q), 81, 92, 2)) ?? probe;
  // WebP keeps plots sharp down to q30 at full size; JPEG gains little below q60.
  const low = format === 'webp' ? 30 : 60;
  const reach = format === 'webp' ? 3 : 1.6;
  if (probe.data.length <= s.maxBytes * reach) {
    const first = 80 - (1 - (s.maxBytes * 0.96) / probe.data.length) / (format === 'webp' ? WEBP_SHARE_PER_QUALITY : JPEG_SHARE_PER_QUALITY);
    const fit = await qualityByBytes(s, (q) => encode(1, q), low, 79, first, 3, { known: { quality: 80, bytes: probe.data.length } });
    if (fit) return fit.attempt;
  }
  // Then scale, at a quality that keeps text and lines readable.
  // q60 rather than 75: a larger scale at q60 keeps text better, photos score the same.
  return s.largestScale((scale) => encode(scale, 60), probe.data.length * 0.6);
}

/** Nothing fits even at the minimum size at the search's qualities: lower quality there, down
 * to q1, before a copy over the cap (kept only when nothing fits at all). */
async function lowestQuality(s: Search, encode: LossyEncoder): Promise<Attempt | undefined> {
  const scale = s.minScale();
  return (await qualityByBytes(s, (q) => encode(scale, q, { mozjpeg: true }), 1, 59, 30, 6))?.attempt;
}

/** Whether the pixels are opaque: compressImage drops an alpha band that is 255 everywhere
 * (opaque.ts), so a band left means some transparency. */
function opaque(p: Pixels): boolean {
  return p.channels !== 2 && p.channels !== 4;
}

export function lossyEncoder(s: Search, format: 'jpeg' | 'webp' | 'avif' | 'tiff'): LossyEncoder {
  const alpha = !opaque(s.pixels);
  return (scale, quality, { mozjpeg = false, effort = 4 } = {}) =>
    s.encode((sc) => {
      const { image } = s.at(sc);
      switch (format) {
        case 'jpeg':
          // JPEG has no alpha: flatten on white, as viewers show transparent plots.
          return { image: (alpha ? image.flatten({ background: '#ffffff' }) : image).jpeg(mozjpeg ? { quality, mozjpeg: true } : { quality, mozjpeg: false, progressive: true }), label: `jpeg${mozjpeg ? ' mozjpeg' : ''} q${quality}` };
        case 'webp':
          return { image: image.webp({ quality, alphaQuality: 90, effort }), label: `webp q${quality}` };
        case 'avif':
          return { image: image.avif({ quality, effort: 2 }), label: `avif q${quality}` };
        case 'tiff':
          return alpha
            ? { image: image.tiff({ compression: 'deflate', predictor: 'horizontal' }), label: 'tiff deflate' }
            : { image: image.tiff({ compression: 'jpeg', quality }), label: `tiff-jpeg q${quality}` };
      }
    }, scale);
}


// JPEG, WebP, AVIF and TIFF: the best quality that fits at full size, then the largest scale at
// a quality that keeps text and lines readable.
import type { Attempt, Pixels, Search } from './search.js';

/** Above this many pixels a JPEG-like image is first encoded at half size, q60 (the scale
 * search's quality), to learn whether the full-size probe can fit at all. */
const HALF_SIZE_TRIAL_ABOVE = 1_000_000;
/** Full-size q80 bytes ÷ half-size q60 bytes, at the least on the corpus: bytes ≈ c·scale^k
 * with k 1.46–2.43 (2^1.4 = 2.64), and q80 takes 1.3–2.1 times the bytes of q60 (so 3.43). */
const FULL_Q80_OVER_HALF_Q60 = 3.43;

export async function compressLossy(s: Search, encode: (scale: number, quality: number) => Promise<Attempt>, format: string): Promise<Attempt | undefined> {
  // Photos and screenshots in JPEG are most often far over: a half-size q60 trial (a quarter
  // of the pixels; 40–140 ms against 60–300 ms for the full-size q80 probe at 2–12 MP)
  // shows where even the smallest bytes the probe could take are over what the quality search
  // tries, and the scale search starts where the trial says it fits (k = 2, the middle of the
  // corpus's). Not for WebP: its quality search reaches 3× the cap, where this bound rarely
  // rules anything out (a wasted trial).
  const { width, height } = s.pixels;
  if (format !== 'webp' && width * height > HALF_SIZE_TRIAL_ABOVE && s.minScale() <= 0.5) {
    const half = await encode(0.5, 60);
    if (half.data.length * FULL_Q80_OVER_HALF_Q60 > s.maxBytes * 1.6) {
      return s.largestScale((scale) => encode(scale, 60), half.data.length * 4, 0.5 * Math.sqrt((s.maxBytes * 0.97) / half.data.length));
    }
  }
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

export function lossyEncoder(s: Search, format: 'jpeg' | 'webp' | 'avif' | 'tiff'): (scale: number, quality: number) => Promise<Attempt> {
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


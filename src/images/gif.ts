// GIF: a still image (or an animation's first frame) at full size in the most colours that fit
// (256, else a palette searched down to 2), then scaled in 256 colours (16 for plots), then, at
// the minimum size, fewer colours again: the minimum size bounds shrinking, it does not end the search, so
// the cap is missed only when 2 colours at the minimum size do not fit. An animation is
// re-encoded as a whole when it can fit.
import { colourCount, reducePalette } from './gif-palette.js';
import type { Sharp } from './load-sharp.js';
import { flatness } from './png.js';
import { MAX_INPUT_PIXELS, type Attempt, type Pixels, type Search } from './search.js';

/** Below this many colours at full size, a photo-like image (not flat) may look more like the
 * original in 256 colours at a smaller size: both are measured (SSIM) and the closer kept. */
const COMPARE_BELOW_COLOURS = 16;
/** The palette search ends once a fit is this close to the cap, or the colour counts between
 * the largest fit and the smallest miss differ by less than this ratio. */
const CLOSE_TO_CAP = 0.92;
const CLOSE_COLOURS = 1.12;
/** The first frames of an animation encoded alone, then this many times more, before the
 * whole (animatedGif). */
const PREFIX_FRAMES = 4;

/** `colours` (256 or 16: sharp's own palettes), dither 0 (dithering adds noise that LZW cannot
 * compress). */
function gifIn(s: Search, colours: 256 | 16): (scale: number) => Promise<Attempt> {
  const label = colours === 256 ? 'gif dither 0' : 'gif 16c';
  return (scale) => s.encode((sc) => ({ image: s.at(sc).image.gif({ colours, dither: 0, effort: 7 }), label }), scale);
}

interface PaletteFit {
  attempt: Attempt;
  colours: number;
}

/** The most colours (2–255) that fit at `scale`, from the 256-colour encoding there (which
 * missed): its palette merged down, in few encodings. Bytes grow roughly with log2 of the
 * count (bits a pixel), so the first guess is proportional, the next ones by the secant of the
 * last two, bisection (on log2) where a guess leaves the bracket. Undefined if 2 do not fit. */
async function fewerColours(sharp: Sharp, s: Search, at256: Attempt, scale: number): Promise<PaletteFit | undefined> {
  const { data, info } = await sharp(at256.data).raw().toBuffer({ resolveWithObject: true });
  const quantised: Pixels = { data, width: info.width, height: info.height, channels: info.channels as Pixels['channels'] };
  const top = Math.min(255, colourCount(quantised) - 1);
  if (top < 2) return undefined;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const encode = (colours: number): Promise<Attempt> =>
    s.encode(() => ({ image: sharp(reducePalette(quantised, colours), raw).gif({ colours, dither: 0, effort: 7 }), label: `gif ${colours}c` }), scale);
  const target = s.maxBytes * 0.97;
  let lo = 1; // the largest count known to fit (1: none yet)
  let hi = top + 1; // the smallest known to miss
  let best: PaletteFit | undefined;
  let last = { bits: Math.log2(hi), bytes: at256.data.length };
  let previous: { bits: number; bytes: number } | undefined;
  for (let i = 0; i < 6; i++) {
    let bits = previous ? last.bits + ((target - last.bytes) * (last.bits - previous.bits)) / (last.bytes - previous.bytes) : (last.bits * target) / last.bytes;
    const loBits = Math.log2(Math.max(lo, 2));
    if (!Number.isFinite(bits) || bits <= Math.log2(lo) || bits >= Math.log2(hi)) bits = (loBits + Math.log2(hi)) / 2;
    const colours = Math.min(hi - 1, Math.max(lo + 1, 2, Math.round(2 ** bits)));
    const attempt = await encode(colours);
    previous = last;
    last = { bits: Math.log2(colours), bytes: attempt.data.length };
    if (s.fits(attempt)) {
      best = { attempt, colours };
      lo = colours;
      if (attempt.data.length >= s.maxBytes * CLOSE_TO_CAP) break;
    } else {
      hi = colours;
      if (colours === 2) break;
    }
    if (hi - lo <= 1 || (best && hi / lo < CLOSE_COLOURS)) break;
  }
  if (!best && hi > 2) {
    const two = await encode(2);
    if (s.fits(two)) best = { attempt: two, colours: 2 };
  }
  return best;
}

/** `known`: the 256-colour encoding at full size, where one was made already (animationMayFit
 * at a minimum size of 1). */
export async function compressGif(sharp: Sharp, s: Search, known?: Attempt): Promise<Attempt | undefined> {
  const gif = gifIn(s, 256);
  const full = known?.scale === 1 ? known : await gif(1);
  if (s.fits(full)) return full;
  const fewer = await fewerColours(sharp, s, full, 1);
  const flat = flatness(s.pixels) >= 0.5;
  if (fewer) {
    if (fewer.colours >= COMPARE_BELOW_COLOURS || s.minScale() >= 1 || flat) return fewer.attempt;
    const scaled = await s.largestScale(gif, full.data.length);
    return scaled ? s.mostAlike([fewer.attempt, scaled]) : fewer.attempt;
  }
  // Scale: plots keep more pixels with 16 colours (the bench's 1200×900 scatter GIF at 20 KB:
  // 16 colours at 0.45 scale, SSIM 0.93; 256 reach only the minimum size, 0.86).
  const scaled = await s.largestScale(flat ? gifIn(s, 16) : gif, flat ? full.data.length * 0.5 : full.data.length);
  if (scaled) return scaled;
  const min = s.minScale();
  if (min >= 1) return undefined;
  const atMin = await gif(min);
  if (s.fits(atMin)) return atMin;
  return (await fewerColours(sharp, s, atMin, min))?.attempt;
}

/** Whether the animation can fit at all: its first frame is stored whole in any encoding, so
 * if that frame alone, at the minimum size in 256 colours (what the animation is encoded
 * with), is over the cap, so is every encoding of the animation. One small encode, where the
 * whole animation takes many (0.57 s for 24 frames of 640×480). Returns that encoding, whose
 * bytes start animatedGif's estimate and, at full size, compressGif's search. */
export async function firstFrameAtMinimum(s: Search): Promise<Attempt> {
  return gifIn(s, 256)(s.minScale());
}

/** An animation's first `frames` frames encoded alone at the minimum size, and their bytes. */
export interface Prefix {
  frames: number;
  bytes: number;
}

/** The next prefix to encode after `last` (under the cap) and the one before it: where the
 * bytes each frame added between the two reach the cap, a tenth on, at least one frame more
 * and at most PREFIX_FRAMES times as many. */
export function nextPrefix(before: Prefix, last: Prefix, maxBytes: number): number {
  const perFrame = Math.max(1, (last.bytes - before.bytes) / Math.max(1, last.frames - before.frames));
  const crossing = last.frames + Math.ceil(((maxBytes - last.bytes) / perFrame) * 1.1);
  return Math.max(last.frames + 1, Math.min(last.frames * PREFIX_FRAMES, crossing));
}

/** An animated GIF re-encoded as a whole (sharp keeps frames and delays), at the largest scale
 * found to fit in a few encodings, or undefined when it does not fit at the minimum size. That
 * size is encoded first: a miss there proves nothing fits, at a fraction of a full-size encode
 * (24 frames of 640×480: 0.57 s at full size), and a fit bounds the search from below. 256
 * colours: sharp encodes any count from 17 to 256 as 256. Counts its encodings in `s`. */
export async function animatedGif(sharp: Sharp, input: Buffer, s: Search, width: number, frames: number, firstFrameBytes: number): Promise<{ data: Buffer; scale: number } | undefined> {
  const { maxBytes } = s;
  const minScale = s.minScale();
  const encode = async (scale: number, pages = -1): Promise<{ data: Buffer; scale: number }> => {
    const image = sharp(input, { pages, limitInputPixels: MAX_INPUT_PIXELS });
    const sized = scale < 1 ? image.resize({ width: Math.max(1, Math.round(width * scale)) }) : image;
    // Counted and timed with the search's encodings.
    return { data: await s.encoding(() => sized.gif({ colours: 256, dither: 0, effort: 7, interFrameMaxError: 8 }).toBuffer()), scale };
  };
  // Its first frames are stored as they would be in the whole (up to the palette, which the
  // encoder may share between frames): a prefix over the cap shows the animation is too. The
  // next prefix is where the bytes each frame has added so far cross the cap (a tenth on),
  // at most PREFIX_FRAMES times the last; one that says the whole fits goes on to the whole.
  // The bench's 24 frames of 640×480 at the minimum size: 4 frames take 35.7 KB, so the next
  // prefix is 7 frames (61.4 KB, over 50 KB, in 0.28 s), where 16 frames made the image take
  // 0.87 s rather than 0.58.
  let known: Prefix = { frames: 1, bytes: firstFrameBytes };
  for (let prefix = Math.min(PREFIX_FRAMES, frames); prefix < frames; ) {
    const last = { frames: prefix, bytes: (await encode(minScale, prefix)).data.length };
    if (last.bytes > maxBytes) return undefined;
    prefix = nextPrefix(known, last, maxBytes);
    known = last;
  }
  let fit = await encode(minScale);
  if (fit.data.length > maxBytes) return undefined;
  let miss: { data: Buffer; scale: number } | undefined;
  let next = 1;
  for (let i = 0; i < 3 && fit.scale < 1; i++) {
    const attempt = await encode(next);
    if (attempt.data.length <= maxBytes) fit = attempt;
    else miss = attempt;
    if (!miss || fit.data.length >= maxBytes * 0.9 || miss.scale - fit.scale < 0.03) break;
    // bytes ≈ c·scale^k through the largest fit and the smallest miss, aimed at 95% of the cap.
    const k = Math.log(miss.data.length / fit.data.length) / Math.log(miss.scale / fit.scale);
    const guess = fit.scale * ((maxBytes * 0.95) / fit.data.length) ** (1 / k);
    next = Number.isFinite(guess) && guess > fit.scale && guess < miss.scale ? guess : (fit.scale + miss.scale) / 2;
  }
  return fit;
}

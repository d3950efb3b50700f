// GIF: a still image (or an animation's first frame) in 256 colours, then fewer, then scale; an
// animation re-encoded as a whole when it fits.
import type { Sharp } from './load-sharp.js';
import { flatness } from './png.js';
import { MAX_INPUT_PIXELS, MIN_LONGEST_SIDE, type Attempt, type Search } from './search.js';

export async function compressGif(s: Search): Promise<Attempt | undefined> {
  const gif = (scale: number, dither: number) =>
    s.encode((sc) => ({ image: s.at(sc).image.gif({ colours: 256, dither, effort: 7 }), label: `gif dither ${dither}` }), scale);
  const full = await gif(1, 0);
  if (s.fits(full)) return full;
  const few = (scale: number) => s.encode((sc) => ({ image: s.at(sc).image.gif({ colours: 16, dither: 0, effort: 7 }), label: 'gif 16c' }), scale);
  if (flatness(s.pixels) >= 0.5) return s.largestScale(few, full.data.length * 0.5);
  return (await s.largestScale((scale) => gif(scale, 0), full.data.length)) ?? s.largestScale(few, full.data.length * 0.5);
}

/** An animated GIF re-encoded as a whole (sharp keeps frames and delays), at full size or,
 * failing that, once at the scale its size suggests; undefined if it does not fit. */
export async function animatedGif(sharp: Sharp, input: Buffer, maxBytes: number, width: number): Promise<{ data: Buffer; scale: number } | undefined> {
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


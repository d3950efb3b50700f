// PNG: lossless and palette encodings at full size before quality loss, then the largest scale
// that fits, with fewer colours where a flat image (a plot) keeps more of its lines that way.
import { type Attempt, type Pixels, type Search } from './search.js';

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

export async function compressPng(s: Search, original: number): Promise<Attempt | undefined> {
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


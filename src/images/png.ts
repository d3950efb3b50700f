// PNG: lossless and palette encodings at full size before quality loss, then the largest scale
// that fits, with fewer colours where a flat image (a plot) keeps more of its lines that way, and
// fewer colours still (8, 4, 2) wherever nothing else fits: the minimum size bounds shrinking,
// it does not end the search. A flat image whose significant colours (colour-count.ts) fit 2, 4
// or 8 is also tried in that palette at full size, every meaningful colour kept.
//
// Speed (profile of the 29 corpus PNGs over the cap, before this: 88 encodes, 17.9 s of 26.5 s;
// the rest is SSIM): the search runs on trial encodes, zlib level 6 and, for ≤16 colours,
// quantisation effort 1 (2–3× faster than effort 10 at zlib 9 on 4–5 MP plots: 100 vs 340 ms).
// A trial's bytes are 1.0–1.18× the final's (effort 10 and zlib 9), so a trial that fits is
// final-ready. Measured SSIM of effort 1 vs 10 at full size: within 0.001, so a trial that fits
// at full size is kept as it is (zlib changes bytes, not pixels). Trials decide the full-size
// steps (which palette fits, whether 256 colours can); the scale search encodes at the final
// settings, as the trial bytes mislead it by 0–15%.
import { significantColours } from './colour-count.js';
import { type Attempt, type Pixels, type Search } from './search.js';

/** Share of the pixels (sampled) taken by the 16 most common colours: plots, charts and
 * screenshots (flat backgrounds, few series colours) score above 0.8, photos below 0.05,
 * colour-mapped heatmaps 0.1 to 0.45. */
export function flatness(p: Pixels, samples = 262_144): number {
  const n = p.width * p.height;
  const stride = Math.max(1, Math.floor(n / samples));
  const counts = new Map<number, number>();
  let taken = 0;
  for (let i = 0; i < n; i += stride) {
    const o = i * p.channels;
    const key = p.channels >= 3 ? (p.data[o]! << 16) | (p.data[o + 1]! << 8) | p.data[o + 2]! : p.data[o]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    taken++;
  }
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, 16);
  return top.reduce((a, b) => a + b, 0) / taken;
}

/** Below this scale (a sixth of the pixels), a flat image's 16-colour fit is compared with
 * fewer colours at a larger size. Measured on the benchmark corpus: between 0.4 and 0.6 fewer
 * colours gain at most 0.007 SSIM, for two to three times the encoding time. */
const FEWER_COLOURS_BELOW = 0.4;
/** The SSIM from which a flat image's 16-colour copy at full size is kept without trying 256
 * colours (see compressPng). */
const SIXTEEN_IS_ENOUGH = 0.99;
/** Final bytes ÷ trial bytes, at the lowest measured on the corpus (0.85 to 0.97): a trial
 * further over the cap than this cannot fit at the final settings either. */
const FINAL_OVER_TRIAL = 0.85;
/** 256-colour bytes (final) ÷ 16-colour trial bytes at full size, at the least: 1.40 to 4.3 on
 * the corpus's PNGs over the cap. An image of ≤16 colours takes the same bytes with either, but
 * loses nothing with 16. */
const MORE_OVER_FEW = 1.3;
/** Palette bytes of a flat image (a plot, a screenshot) ∝ scale^this, between the full-size
 * trial and the fit: measured 0.9–1.4 on the corpus's 16-colour plots and screenshots
 * (subplots 1.39, multiline-walk 1.30, ui-retina 0.88, waveform 1.07, fullpage-log 1.0),
 * 2–3 on noise (lanczos smooths it away). */
const FLAT_BYTES_EXPONENT = 1.2;
/** Bytes at full size with fewer colours (final, plain) ÷ the 16-colour trial's, a little under
 * the least measured on 9 corpus plots and screenshots (2: 0.24–0.34, 4: 0.42–0.57, 8:
 * 0.89–0.99; dithered 0–0.05 more): a guess over the cap by more skips the encode. */
const FEWER_OVER_SIXTEEN: Record<number, number> = { 2: 0.23, 4: 0.4, 8: 0.85 };

/** Effort 4 for 256 colours: several times faster than 7–10 on photo-like images (1.4 vs
 * 0.3 s, 1280×720) at about the same size; ≤16 colours get 10 in the final encode. Measured
 * and kept (16 colours at 0.5 scale, best of 2): effort 7 is 10–20% faster (subplots 2400×1800
 * 105 vs 130 ms, ui-retina 112 vs 120, fullpage-log 154 vs 181) for 0.3–0.9% more bytes, but
 * its palettes moved SSIM by up to 0.004 on the corpus's scaled plots (scatter-20k −0.004,
 * multiline-walk −0.003); 4 or 1 take 2–14% more bytes. zlib 6 saves 10% of the time for 1–5%
 * more bytes; adaptive filtering (off, sharp's default for palettes) takes 6–8% fewer bytes on
 * line plots but 12–14% more on screenshots. */
const effort = (colours: number, final: boolean): number => (colours > 16 ? 4 : final ? 10 : 1);

function encoders(s: Search) {
  const palette = (scale: number, colours: number, final: boolean) =>
    s.encode(
      (sc) => ({
        image: s.at(sc).image.png({ palette: true, quality: 100, colours, dither: 0, effort: effort(colours, final), compressionLevel: final ? 9 : 6 }),
        label: `palette-png ${colours}c`,
      }),
      scale,
    );
  const trial = (scale: number, colours: number): Promise<Attempt> => palette(scale, colours, false);
  /** The largest scale that fits with `colours`, searched at the final settings: trials there
   * fit ~10% under the cap after the final encode and a step up by the bytes saved overshot
   * (bytes grow with scale^1.4 to scale^2.8 across the corpus), losing 0.005 SSIM on plots. */
  const scaled = (colours: number, fullTrialBytes: number, flat = false): Promise<Attempt | undefined> => {
    const fullBytes = fullTrialBytes * FINAL_OVER_TRIAL;
    // A flat image's first guess assumes its palette bytes grow with scale^FLAT_BYTES_EXPONENT
    // (search.ts assumes 2, right for noise but 1.5–2 times too steep here, so its first guess
    // overshot and took 3–6 encodes to come back).
    const first = flat ? Math.min(0.97, ((s.maxBytes * 0.97) / fullBytes) ** (1 / FLAT_BYTES_EXPONENT)) : undefined;
    return s.largestScale((scale) => palette(scale, colours, true), fullBytes, first);
  };
  return { palette, trial, scaled };
}

export async function compressPng(s: Search, original: number): Promise<Attempt | undefined> {
  const { palette, trial, scaled } = encoders(s);
  // A PNG just over the cap often fits once re-compressed losslessly: nothing lost at all.
  // zlib 6 with adaptive filtering: as small as level 9 (±1%) in half the time on plots
  // (heatmap-cells 1600×1200: 50.5 KB in 97 vs 178 ms); screenshots are smaller without the
  // filters (ui 2880×1800: 475 vs 572 KB), hence level 9 without them when just over.
  if (original <= s.maxBytes * 2) {
    const lossless = async (level: number, adaptiveFiltering: boolean): Promise<Attempt> => ({
      ...(await s.encode((sc) => ({ image: s.at(sc).image.png({ compressionLevel: level, adaptiveFiltering, palette: false }), label: 'png' }), 1)),
      lossless: true,
    });
    const a = await lossless(6, true);
    if (s.fits(a)) return a;
    if (a.data.length <= s.maxBytes * 1.25) {
      const b = await lossless(9, false);
      if (s.fits(b)) return b;
    }
  }
  // Full size, 16 colours first (4 bits a pixel, quick to quantise): 256 colours, preferred,
  // take more bytes (MORE_OVER_FEW), so they are skipped where they cannot fit (an 860 KB
  // encode of 0.95 s for the 1000×6000 log screenshot, 225 ms for the 2400×1800 line plots).
  const few = await trial(1, 16);
  const flat = flatness(s.pixels) >= 0.5;
  // A plot that keeps its look in 16 colours at full size gains little from 256 (at most
  // 0.0054 SSIM on the corpus: histogram-1600x1200 0.9946, bars-grouped 0.9958, scatter-2k
  // 0.9948, line-1600x1200-dpi200 0.9987, each 1.000 with 256) for one or two encodes of
  // 140–210 ms: 16 is kept once it scores SIXTEEN_IS_ENOUGH (the score reported anyway).
  if (flat && s.fits(few) && (await s.estimate(few)) >= SIXTEEN_IS_ENOUGH) return few;
  let fullBytes = few.data.length / 0.45;
  if (few.data.length * MORE_OVER_FEW <= s.maxBytes) {
    const full = await trial(1, 256);
    if (s.fits(full)) return full;
    fullBytes = full.data.length;
    if (full.data.length * FINAL_OVER_TRIAL <= s.maxBytes) {
      const final = await palette(1, 256, true);
      if (s.fits(final)) return final;
    }
  }
  let fewFit = s.fits(few) ? few : undefined;
  if (!fewFit && few.data.length * FINAL_OVER_TRIAL <= s.maxBytes) {
    const final = await palette(1, 16, true);
    if (s.fits(final)) fewFit = final;
  }
  if (fewFit) {
    if (flat) return fewFit;
    // Smooth gradients (heatmaps, a 16-bit plot) band with 16 colours: 256 at a smaller size
    // may look more alike (heatmap-smooth 1000×1000: 16 colours 0.957, the seed's lossless at
    // 0.39 scale 0.997).
    const more = await scaled(256, fullBytes);
    return more ? s.mostAlike([fewFit, more]) : fewFit;
  }
  if (flat) {
    // Scale: plots keep more pixels with 4-bit palettes.
    const sixteen = await scaled(16, few.data.length, true);
    // An image whose significant colours fit a smaller palette keeps every one of them at full
    // size with it, where shrinking thins its lines (waveform 6000×400, 3 colours: 4 at full
    // size 0.942, 16 at 0.62 scale 0.919).
    const whole = await allColoursAtFullSize(significantColours(s.pixels), few.data.length);
    if (sixteen && sixteen.scale >= FEWER_COLOURS_BELOW && whole.length === 0) return sixteen;
    // Far below full size, shrinking blurs text and lines away: 4 colours (2 bits a pixel) or
    // 2 (1 bit) may keep them at a larger size instead, e.g. a page-long log screenshot. Which
    // loses less depends on the image, so each is measured against the original.
    // (Nothing fits with 16 even at the minimum size: fewer colours below.)
    if (!sixteen) return whole.length ? s.mostAlike(whole) : fewest();
    const candidates = [sixteen, ...whole];
    for (const colours of sixteen.scale >= FEWER_COLOURS_BELOW ? [] : [4, 2]) {
      // Already tried at full size with every significant colour, or 2 colours once 4 fit at
      // (nearly) full size: nothing to gain.
      if (whole.some((w) => w.colours <= colours)) continue;
      if (colours === 2 && candidates.at(-1)!.scale >= 0.95) break;
      // Bytes at full size, guessed from the 16-colour fit (fewer bits a pixel); when that
      // suggests full size fits, try it first. (Guessing from a full-size trial instead misled
      // the search on text: a 2-colour page at 0.94 scale took 150 KB, at full size 64 KB.)
      const guess = (s.maxBytes / sixteen.scale ** 2) * (colours === 4 ? 0.55 : 0.3);
      const full = guess <= s.maxBytes * 0.9 ? await trial(1, colours) : undefined;
      const fit = full && s.fits(full) ? full : await scaled(colours, (full?.data.length ?? guess) / FINAL_OVER_TRIAL);
      if (fit && fit.scale > sixteen.scale) candidates.push(fit);
    }
    return candidates.length === 1 ? sixteen : s.mostAlike(candidates);
  }
  // Photo-like images keep 256 colours, unless even the smallest size does not fit with them
  // (noise-like heatmaps). Shrunk, they are compared with fewer colours at full size where those
  // may fit (2 colours take about a quarter of 16's bytes): a 16-bit image of a few grey levels
  // under noise (600×300, 313 KB) fits in 256 colours at the minimum size with SSIM 0.28, in 4
  // colours at full size with SSIM 0.96.
  // 256 colours are not searched where even the minimum size cannot fit them, its bytes guessed
  // in proportion to its pixels: that guess was 10–50% under the bytes measured there on the
  // corpus's noise (heatmap-noisy 82.8 vs 92.3 KB, microscopy 51.2 vs 77.4 KB), so nothing that
  // fits is skipped; an encode of 40–60 ms saved on each.
  const can256 = fullBytes * FINAL_OVER_TRIAL * s.minScale() ** 2 <= s.maxBytes;
  const shrunk = (can256 ? await scaled(256, fullBytes) : undefined) ?? (await scaled(16, few.data.length));
  if (!shrunk) return fewest();
  if (shrunk.scale >= 0.95 || few.data.length * FINAL_OVER_TRIAL > s.maxBytes * 4) return shrunk;
  const whole = await fewestAtFullSize();
  return whole.fit ? s.mostAlike([shrunk, whole.fit]) : shrunk;

  /** Full size in the fewest of 2, 4, 8 colours that holds all `significant` colours, if it
   * fits. None when 16 are needed, or where the bytes, guessed from the 16-colour trial (bits a
   * pixel), cannot fit. Not dithered: on the waveform dithering gained 0.0003 SSIM (0.9419 vs
   * 0.9416; the frontier's best there is dithered) for 150 ms more, and on ui-retina it lost
   * 0.005 and took 42% more bytes. */
  async function allColoursAtFullSize(significant: number, sixteenBytes: number): Promise<Array<Attempt & { colours: number }>> {
    const colours = [2, 4, 8].find((c) => c >= significant);
    if (colours === undefined || sixteenBytes * FEWER_OVER_SIXTEEN[colours]! > s.maxBytes) return [];
    const plain = await palette(1, colours, true);
    return s.fits(plain) ? [{ ...plain, colours }] : [];
  }

  /** The most of 8, 4, 2 colours that fit at full size, and the bytes of each trial. 8 colours
   * are stored in 4 bits a pixel as 16 are, so where the 16-colour trial shows that they cannot
   * fit (FEWER_OVER_SIXTEEN) they are not tried: on noise-like images the two take the same
   * bytes (photo-1280x720.png 91.2 KB, microscopy-800x800.png 169.2 KB). */
  async function fewestAtFullSize(): Promise<{ fit?: Attempt; trials: number[] }> {
    const trials: number[] = [];
    for (const colours of [8, 4, 2]) {
      if (colours === 8 && few.data.length * FEWER_OVER_SIXTEEN[8]! > s.maxBytes) {
        trials.push(few.data.length);
        continue;
      }
      const t = await trial(1, colours);
      if (s.fits(t)) return { fit: t, trials };
      if (t.data.length * FINAL_OVER_TRIAL <= s.maxBytes) {
        const final = await palette(1, colours, true);
        if (s.fits(final)) return { fit: final, trials };
      }
      trials.push(t.data.length);
    }
    return { trials };
  }

  /** Neither 256 nor 16 colours fit even at the minimum size (or the image is already at it):
   * fewer colours, all at full size first (a 16-bit greyscale image with a few levels under
   * noise fits with 4, as the 400×400 one does in 40 KB), then scaled down to the
   * minimum size. Undefined only when 2 colours at the minimum size do not fit. */
  async function fewest(): Promise<Attempt | undefined> {
    const { fit: whole, trials } = await fewestAtFullSize();
    if (whole) return whole;
    let fit: Attempt | undefined;
    for (const [i, colours] of [8, 4, 2].entries()) fit ??= await scaled(colours, trials[i]!);
    return fit;
  }
}

// The highest quality that fits the cap, found from the bytes each encoding takes rather than
// by bisection: bytes grow nearly linearly with quality between q10 and q80, so a first guess
// from a known encoding's bytes and then secant steps land within a few quality points of the
// cap in 2–3 encodings where bisection over 20–79 takes 5–6 (each 50–250 ms for mozjpeg at
// 2–4 MP).
import type { Attempt, Search } from './search.js';

/** mozjpeg bytes at quality q ÷ libjpeg-turbo's at q80 (progressive), at the same pixels:
 * the mean of line-2400x1800-q95.jpg and ui-1440x900-q90.jpg (the two differ by ≤ 0.04). */
const MOZJPEG_OVER_TURBO_Q80: Array<[number, number]> = [
  [20, 0.29],
  [30, 0.39],
  [40, 0.455],
  [60, 0.585],
  [80, 0.84],
];

/** Bytes gained per quality point, as a share of the bytes at that quality, until two
 * encodings give the slope (1.4–1.8 % between q20 and q60 on the corpus's flat JPEGs). */
const SHARE_PER_QUALITY = 0.016;

/** The quality whose mozjpeg encoding is expected to take `ratio` times the bytes of the
 * libjpeg-turbo q80 encoding at the same size (linear between the table's points). */
export function qualityForRatio(ratio: number): number {
  const table = MOZJPEG_OVER_TURBO_Q80;
  if (ratio <= table[0]![1]) return table[0]![0];
  for (let i = 1; i < table.length; i++) {
    const [q1, r1] = table[i]!;
    const [q0, r0] = table[i - 1]!;
    if (ratio <= r1) return Math.round(q0 + ((ratio - r0) / (r1 - r0)) * (q1 - q0));
  }
  return table.at(-1)![0];
}

/** What is known before the search: `known`, an encoding made before with the same settings
 * (the first secant step goes through it), or else `slope`, the bytes a quality point is
 * expected to add near `first`. */
export interface Start {
  known?: { quality: number; bytes: number };
  slope?: number;
}

/** Bytes per quality point of mozjpeg near quality q, from the table: what a libjpeg-turbo q80
 * encoding of `turboQ80Bytes` implies (line-2400x1800-q95.jpg from q24: 1.45 KB a point, where
 * SHARE_PER_QUALITY's 0.82 KB aimed at q20, an encoding more). */
export function mozjpegSlope(q: number, turboQ80Bytes: number): number {
  const table = MOZJPEG_OVER_TURBO_Q80;
  let i = 1;
  while (i < table.length - 1 && q >= table[i]![0]) i++;
  const [q1, r1] = table[i]!;
  const [q0, r0] = table[i - 1]!;
  return ((r1 - r0) / (q1 - q0)) * turboQ80Bytes;
}

/** The highest quality in [low, high] that fits, starting at `first`, in at most `steps`
 * encodings: each next quality aimed at 96 % of the cap along the line through the last two
 * encodings (see Start for the first step), kept strictly inside (the highest fit, the lowest miss); done once a fit takes
 * ≥ 92 % of the cap or no quality is left between them. */
export async function qualityByBytes(s: Search, encoder: (quality: number) => Promise<Attempt>, low: number, high: number, first: number, steps: number, start: Start = {}): Promise<{ attempt: Attempt; quality: number } | undefined> {
  let lo = low;
  let hi = high;
  let best: { attempt: Attempt; quality: number } | undefined;
  let previous = start.known;
  let quality = Math.min(high, Math.max(low, Math.round(first)));
  for (let i = 0; i < steps; i++) {
    const attempt = await encoder(quality);
    const bytes = attempt.data.length;
    if (s.fits(attempt)) {
      best = { attempt, quality };
      lo = quality + 1;
      if (bytes >= s.maxBytes * 0.92) break;
    } else {
      hi = quality - 1;
    }
    if (lo > hi) break;
    let slope = previous ? (bytes - previous.bytes) / (quality - previous.quality) : (start.slope ?? bytes * SHARE_PER_QUALITY);
    if (!(slope > 0)) slope = bytes * SHARE_PER_QUALITY;
    previous = { quality, bytes };
    quality = Math.min(hi, Math.max(lo, Math.round(quality + (s.maxBytes * 0.96 - bytes) / slope)));
  }
  return best;
}

// How many colours carry meaning in an image: the palette size under which a copy loses which
// line is which (a 6-series plot in 2 colours), as a 2-colour heatmap loses its colour map, a
// loss luma SSIM cannot see. Used by the PNG search (fewer colours at full size are tried only
// down to this count) and by the bench's referee (a palette candidate with fewer colours does
// not count as the frontier's best), so both apply one definition.
import type { Pixels } from './search.js';

/** Colours are binned by the top 5 bits of each channel: JPEG-like noise around one flat
 * colour stays in or next to its bin. */
const BITS = 5;
/** A bin is a candidate colour if it covers at least this share of the pixels: a thin series
 * line in a 2400×1800 subplot grid covers 0.03–0.04%; noise bins of a flat plot stay under. */
export const SIGNIFICANT_SHARE = 0.0002;
/** A candidate within this distance (8-bit RGB, Euclidean) of a colour already counted, or of
 * the line between two of them, is a blend, not a colour of its own: anti-aliased edges of a
 * line or of text mix it with the background, and each mix level takes 0.1–0.4% of a plot's
 * pixels (a waveform's one blue line spreads over 20 bins that way; a log's black text over 30
 * greys). Two bins' width, as a flat colour's bin centre is up to 4 off per channel. */
const BLEND_DISTANCE = 16;
/** More than this many is "many" (a photo, a colour map): 16 is the largest palette the PNG
 * search tries below 256, so no count above it changes a decision. */
export const SIGNIFICANT_CAP = 16;
/** About this many pixels are sampled (evenly strided, no blending): the histogram costs a few
 * milliseconds on a 14 MP image, and a colour at 0.02% still gets ~50 samples. */
const SAMPLES = 262_144;

type Rgb = readonly [number, number, number];

function distanceToSegment(p: Rgb, a: Rgb, b: Rgb): number {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]] as const;
  const ap = [p[0] - a[0], p[1] - a[1], p[2] - a[2]] as const;
  const len = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  const t = len === 0 ? 0 : Math.min(1, Math.max(0, (ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len));
  return Math.hypot(ap[0] - t * ab[0], ap[1] - t * ab[1], ap[2] - t * ab[2]);
}

/** Distinct colours (5 bits a channel, greys for 1–2 channels; alpha ignored, as the copy is
 * judged on white) each covering ≥ SIGNIFICANT_SHARE of the pixels and not a blend of two
 * more common ones, at most SIGNIFICANT_CAP. An image of one flat colour counts 1. */
export function significantColours(p: Pixels): number {
  const n = p.width * p.height;
  if (n === 0) return 0;
  const stride = Math.max(1, Math.floor(n / SAMPLES));
  const shift = 8 - BITS;
  const counts = new Uint32Array(1 << (3 * BITS));
  const grey = p.channels < 3;
  let samples = 0;
  for (let i = 0; i < n; i += stride) {
    const o = i * p.channels;
    const d = p.data;
    const r = d[o]! >> shift;
    counts[grey ? (r << (2 * BITS)) | (r << BITS) | r : (r << (2 * BITS)) | ((d[o + 1]! >> shift) << BITS) | (d[o + 2]! >> shift)]!++;
    samples++;
  }
  const least = Math.max(1, samples * SIGNIFICANT_SHARE);
  const candidates: number[] = [];
  for (let k = 0; k < counts.length; k++) if (counts[k]! >= least) candidates.push(k);
  candidates.sort((a, b) => counts[b]! - counts[a]!);
  const mask = (1 << BITS) - 1;
  const centre = (k: number): Rgb => [(((k >> (2 * BITS)) & mask) << shift) + 4, (((k >> BITS) & mask) << shift) + 4, ((k & mask) << shift) + 4];
  const kept: Rgb[] = [];
  for (const k of candidates) {
    const c = centre(k);
    let blend = false;
    for (let i = 0; i < kept.length && !blend; i++) {
      for (let j = i; j < kept.length && !blend; j++) blend = distanceToSegment(c, kept[i]!, kept[j]!) <= BLEND_DISTANCE;
    }
    if (blend) continue;
    kept.push(c);
    if (kept.length >= SIGNIFICANT_CAP) break;
  }
  return kept.length;
}

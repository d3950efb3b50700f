// Fewer colours for a GIF than sharp offers: sharp turns `colours` into a bit depth of 1, 2, 4
// or 8 (2, 4, 16 or 256 colours; 17–256 all give 256), so a palette between 16 and 256 colours
// is made here, by merging the colours of a 256-colour quantisation (weighted median cut), and
// the encoder keeps them exactly (measured: 0 pixels changed, bytes falling smoothly with the
// count: a 200×200 noisy frame takes 52 KB with 256, 42 KB with 128, 30 KB with 64).
// Pure: pixels in, pixels out.
import type { Pixels } from './search.js';

interface Colour {
  key: number;
  rgb: [number, number, number];
  count: number;
}

interface Box {
  colours: Colour[];
  /** Weighted squared error to the box's mean: the box to split next is the worst one. */
  error: number;
  mean: [number, number, number];
}

/** The pixel's colour key, with every transparent pixel (GIF has 1-bit alpha) as one key. */
const TRANSPARENT = 2 ** 24;

function keyAt(p: Pixels, o: number): number {
  const alpha = p.channels === 2 || p.channels === 4 ? p.data[o + p.channels - 1]! : 255;
  if (alpha < 128) return TRANSPARENT;
  if (p.channels < 3) return p.data[o]! * 0x010101;
  return (p.data[o]! << 16) | (p.data[o + 1]! << 8) | p.data[o + 2]!;
}

function box(colours: Colour[]): Box {
  let n = 0;
  const sum = [0, 0, 0];
  for (const c of colours) {
    n += c.count;
    for (let k = 0; k < 3; k++) sum[k]! += c.rgb[k]! * c.count;
  }
  const mean = sum.map((v) => v / n) as [number, number, number];
  let error = 0;
  for (const c of colours) for (let k = 0; k < 3; k++) error += c.count * (c.rgb[k]! - mean[k]!) ** 2;
  return { colours, error, mean };
}

/** Splits a box at the weighted median of its widest channel (by variance). */
function split(b: Box): [Box, Box] {
  const variance = [0, 1, 2].map((k) => b.colours.reduce((a, c) => a + c.count * (c.rgb[k]! - b.mean[k]!) ** 2, 0));
  const axis = variance.indexOf(Math.max(...variance));
  const sorted = [...b.colours].sort((x, y) => x.rgb[axis]! - y.rgb[axis]!);
  const total = sorted.reduce((a, c) => a + c.count, 0);
  let acc = 0;
  let at = 1;
  for (; at < sorted.length - 1; at++) {
    acc += sorted[at - 1]!.count;
    if (acc >= total / 2) break;
  }
  return [box(sorted.slice(0, at)), box(sorted.slice(at))];
}

/** The distinct colours of an image (transparent pixels counted as one). */
export function colourCount(p: Pixels): number {
  const seen = new Set<number>();
  for (let o = 0; o < p.data.length; o += p.channels) seen.add(keyAt(p, o));
  return seen.size;
}

/** The image with at most `colours` colours (≥ 2, transparency counting as one): each colour
 * replaced by the weighted mean of its median-cut box. Meant for an image already quantised to
 * 256 colours (a few hundred distinct keys); any image works, more slowly. */
export function reducePalette(p: Pixels, colours: number): Buffer {
  const counts = new Map<number, number>();
  for (let o = 0; o < p.data.length; o += p.channels) {
    const key = keyAt(p, o);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size <= colours) return p.data;
  const opaque: Colour[] = [];
  for (const [key, count] of counts) if (key !== TRANSPARENT) opaque.push({ key, count, rgb: [key >> 16, (key >> 8) & 0xff, key & 0xff] });
  const budget = Math.max(1, colours - (counts.has(TRANSPARENT) ? 1 : 0));
  const boxes = [box(opaque)];
  while (boxes.length < budget) {
    let worst = -1;
    for (let i = 0; i < boxes.length; i++) if (boxes[i]!.colours.length > 1 && (worst < 0 || boxes[i]!.error > boxes[worst]!.error)) worst = i;
    if (worst < 0) break;
    boxes.push(...split(boxes.splice(worst, 1)[0]!));
  }
  const mapped = new Map<number, [number, number, number]>();
  for (const b of boxes) {
    const rgb = b.mean.map(Math.round) as [number, number, number];
    for (const c of b.colours) mapped.set(c.key, rgb);
  }
  const out = Buffer.from(p.data);
  for (let o = 0; o < out.length; o += p.channels) {
    const rgb = mapped.get(keyAt(p, o));
    if (!rgb) continue; // transparent: the colour under it does not show
    if (p.channels < 3) out[o] = Math.round((rgb[0] + rgb[1] + rgb[2]) / 3);
    else for (let k = 0; k < 3; k++) out[o + k] = rgb[k]!;
  }
  return out;
}

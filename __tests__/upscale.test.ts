// The similarity's upscale (src/images/upscale.ts) against sharp's own resize, which the bench
// measures with: the same bytes on images and ratios of every kind (an axis left as it is, tiny
// sources, long thin ones, a ratio whose coordinates round differently unless computed as libvips
// computes them).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sampledRows } from '../src/images/similarity.js';
import { sourceRows, upscaleRows } from '../src/images/upscale.js';
import { seededRandom } from './helpers/random.js';

/** Edges, flat areas and noise: what makes an interpolator's rounding show. */
function picture(w: number, h: number, seed: number): Uint8Array {
  const r = seededRandom(seed);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out[y * w + x] = (x * 7) % 64 < 20 ? 255 : y % 9 === 0 ? 0 : Math.floor(r() * 256);
  }
  return out;
}

async function bySharp(src: Uint8Array, w: number, h: number, W: number, H: number): Promise<Buffer> {
  return sharp(Buffer.from(src), { raw: { width: w, height: h, channels: 1 } }).resize(W, H, { fit: 'fill', kernel: 'lanczos3' }).extractChannel(0).raw().toBuffer();
}

function differences(a: Uint8Array, b: Uint8Array): { pixels: number; most: number } {
  let pixels = 0;
  let most = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > 0) pixels++;
    most = Math.max(most, d);
  }
  return { pixels, most };
}

describe('upscaleRows', () => {
  const cases: Array<[number, number, number, number]> = [
    [1200, 900, 2400, 1800], // a plot at half size
    [920, 690, 4000, 3000], // a photo at 0.23
    [460, 2760, 1000, 6000], // a page-long screenshot
    [3660, 244, 6000, 400], // a waveform
    [474, 266, 1280, 720], // a ratio whose coordinates drift by rounding
    [50, 30, 50, 77], // width left as it is
    [30, 50, 77, 50], // height left as it is
    [1, 1, 5, 5],
    [2, 3, 320, 480],
    [640, 1, 641, 3],
  ];
  it.each(cases)('%i×%i to %i×%i: the bytes of sharp’s resize', async (w, h, W, H) => {
    const src = picture(w, h, w * 31 + h);
    const expected = await bySharp(src, w, h, W, H);
    const got = upscaleRows(src, w, h, W, H, [[0, H]]);
    expect(differences(expected, got)).toEqual({ pixels: 0, most: 0 });
  });

  it('fills only the rows asked for, each as the whole upscale has it', async () => {
    const [w, h, W, H] = [700, 500, 2000, 1500];
    const src = picture(w, h, 7);
    const whole = upscaleRows(src, w, h, W, H, [[0, H]]);
    const rows = sampledRows(H, 0.1);
    expect(rows.length).toBeGreaterThan(1);
    const some = upscaleRows(src, w, h, W, H, rows);
    let filled = 0;
    for (const [first, end] of rows) {
      expect(Buffer.from(some.subarray(first * W, end * W)).equals(Buffer.from(whole.subarray(first * W, end * W)))).toBe(true);
      filled += end - first;
    }
    // Elsewhere nothing is computed: zeros, where the whole image has the picture.
    const gap = rows[0]![1];
    expect(some.subarray(gap * W, (gap + 1) * W).every((v) => v === 0)).toBe(true);
    expect(whole.subarray(gap * W, (gap + 1) * W).some((v) => v !== 0)).toBe(true);
    expect(filled).toBeLessThan(H / 2);
    // The source rows it names are all it reads: a source blank elsewhere gives the same rows.
    const needed = sourceRows(w, h, W, H, rows);
    const partial = new Uint8Array(src.length);
    let read = 0;
    for (const [first, end] of needed) {
      partial.set(src.subarray(first * w, end * w), first * w);
      read += end - first;
    }
    expect(read).toBeLessThan(h * 0.6);
    expect(Buffer.from(upscaleRows(partial, w, h, W, H, rows)).equals(Buffer.from(some))).toBe(true);
  });
});

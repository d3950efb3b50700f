// The compressor's SSIM (src/images/similarity.ts) must give the numbers the quality benchmark
// is judged by: ssim.js, Weber's variant, on MATLAB luma. Checked against ssim.js itself.
import { ssim } from 'ssim.js';
import { describe, expect, it } from 'vitest';
import { lumaOfRgb, lumaRows, meanSsim, sampledRows, sampledSsim } from '../src/images/similarity.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A smooth gradient with a few hard edges, plus `noise` of uniform noise: RGB bytes. */
function picture(width: number, height: number, seed: number, noise: number): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = ((x * 255) / width + (y % 17 < 3 ? 120 : 0)) % 256;
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, base * (0.6 + 0.2 * c) + (r() - 0.5) * noise));
    }
  }
  return out;
}

function rgba(rgb: Uint8Array, width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

describe('meanSsim', () => {
  it.each([
    [64, 48, 10, 40],
    [200, 150, 0, 90],
    [31, 97, 60, 5],
  ])('matches ssim.js (Weber, no downsampling) on a %i×%i image, noise %i vs %i', (width, height, noiseA, noiseB) => {
    const a = picture(width, height, 1, noiseA);
    const b = picture(width, height, 2, noiseB);
    const expected = ssim(rgba(a, width, height), rgba(b, width, height), { downsample: false }).mssim;
    const actual = meanSsim(lumaOfRgb(a), lumaOfRgb(b), width, height);
    expect(expected).toBeLessThan(0.99); // the pair really differs
    // ssim.js keeps variances as integers (×1024), so the two differ in the 4th decimal.
    expect(Math.abs(actual - expected)).toBeLessThan(5e-4);
  });

  it('is 1 for identical images and falls as the difference grows', () => {
    const a = lumaOfRgb(picture(120, 80, 3, 20));
    expect(meanSsim(a, a, 120, 80)).toBeCloseTo(1, 10);
    const slightly = lumaOfRgb(picture(120, 80, 4, 30));
    const very = lumaOfRgb(picture(120, 80, 5, 200));
    expect(meanSsim(a, slightly, 120, 80)).toBeGreaterThan(meanSsim(a, very, 120, 80));
  });

  it('compares an image smaller than a window as one window', () => {
    const a = new Uint8Array([0, 50, 100, 150, 200, 250]);
    expect(meanSsim(a, a, 3, 2)).toBeCloseTo(1, 10);
    expect(meanSsim(a, new Uint8Array([250, 200, 150, 100, 50, 0]), 3, 2)).toBeLessThan(0);
  });

  it('refuses images of the wrong size', () => {
    expect(() => meanSsim(new Uint8Array(10), new Uint8Array(12), 4, 3)).toThrow(/4×3/);
  });
});

// The compressor computes only the rows sampledSsim reads (a 12 MP candidate's upscale is the
// cost): an image filled in only there must score exactly as the whole one.
describe('sampledRows', () => {
  it('lists every row sampledSsim reads', () => {
    const [width, height, share] = [64, 1200, 0.2];
    const a = lumaOfRgb(picture(width, height, 7, 30));
    const b = lumaOfRgb(picture(width, height, 8, 60));
    const rows = sampledRows(height, share);
    expect(rows.length).toBeGreaterThan(1);
    const covered = rows.reduce((n, [first, end]) => n + end - first, 0);
    expect(covered).toBeLessThan(height * 0.6);
    const only = (img: Uint8Array) => {
      const out = new Uint8Array(img.length);
      for (const [first, end] of rows) out.set(img.subarray(first * width, end * width), first * width);
      return out;
    };
    const whole = sampledSsim(a, b, width, height, share);
    expect(sampledSsim(only(a), only(b), width, height, share)).toBe(whole);
    // Not the whole mean (that would make the test vacuous).
    expect(whole).not.toBe(meanSsim(a, b, width, height));
  });

  it('is the whole image where the share is all of it', () => {
    expect(sampledRows(300, 1)).toEqual([[0, 300]]);
  });
});

describe('lumaRows', () => {
  it('weighs RGB as lumaOfRgb does, flattens alpha on white, and leaves other rows 0', () => {
    const rgb = picture(20, 10, 3, 40);
    const luma = lumaOfRgb(rgb);
    const rows = lumaRows(rgb, 20, 10, 3, [[2, 5]]);
    expect(Array.from(rows.subarray(40, 100))).toEqual(Array.from(luma.subarray(40, 100)));
    expect(rows.subarray(0, 40).every((v) => v === 0)).toBe(true);
    expect(rows.subarray(100).every((v) => v === 0)).toBe(true);
    // Grey + alpha: transparent is white, half-transparent black is mid-grey.
    expect(Array.from(lumaRows(new Uint8Array([0, 0, 0, 128, 90, 255]), 3, 1, 2, [[0, 1]]))).toEqual([255, 127, 90]);
  });
});

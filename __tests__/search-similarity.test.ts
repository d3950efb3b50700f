// How the search measures a copy against the original (issue 16, speed): an estimate over a
// smaller sample of rows ranks candidates and decides keep-originals: auto, the precise measure
// only where the estimate is too close to call; each measured once per attempt. With the real
// sharp, on a 2 MP image (above both samples, so the two read different rows).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Search, type Attempt, type Pixels } from '../src/images/search.js';
import { lumaOfRgb, meanSsim } from '../src/images/similarity.js';
import { photoPixels } from './helpers/images.js';

const WIDTH = 2000;
const HEIGHT = 1000;

/** A photo-like image whose bottom half is under heavy noise: the score differs from band to
 * band, so a sample of rows is an estimate, not the mean. */
function pixels(): Pixels {
  const data = photoPixels(WIDTH, HEIGHT);
  let seed = 7;
  for (let i = (WIDTH * HEIGHT * 3) / 2; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data[i] = Math.max(0, Math.min(255, data[i]! + (seed % 121) - 60));
  }
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

const jpeg = (s: Search, quality: number, scale: number): Promise<Attempt> => s.encode((sc) => ({ image: s.at(sc).image.jpeg({ quality }), label: `jpeg q${quality}` }), scale);

/** Every window's SSIM, as the bench measures: the copy upscaled to the original's size. */
async function wholeSsim(p: Pixels, a: Attempt): Promise<number> {
  const original = lumaOfRgb(p.data);
  const copy = lumaOfRgb(await sharp(a.data).resize(WIDTH, HEIGHT, { fit: 'fill', kernel: 'lanczos3' }).removeAlpha().toColourspace('srgb').raw().toBuffer());
  return meanSsim(original, copy, WIDTH, HEIGHT);
}

describe('Search: the estimate, the precise measure and which is used', () => {
  it('estimates within 0.03 of every window’s mean, and measures precisely within 0.01', async () => {
    const p = pixels();
    const s = new Search(sharp, p, 50 * 1024);
    const a = await jpeg(s, 40, 0.5);
    const whole = await wholeSsim(p, a);
    const estimate = await s.estimate(a);
    const precise = await s.similarity(a);
    expect(estimate).not.toBe(precise);
    expect(Math.abs(estimate - whole)).toBeLessThan(0.03);
    expect(Math.abs(precise - whole)).toBeLessThan(0.01);
  });

  it('reports the estimate far from the threshold and the precise measure near it', async () => {
    const s = new Search(sharp, pixels(), 50 * 1024);
    const a = await jpeg(s, 40, 0.5);
    const estimate = await s.estimate(a);
    const precise = await s.similarity(a);
    expect(await s.score(a, estimate - 0.2)).toBe(estimate);
    expect(await s.score(a, estimate + 0.2)).toBe(estimate);
    expect(await s.score(a, estimate + 0.01)).toBe(precise);
  });

  it('measures each attempt once per sample, and counts the time spent', async () => {
    const s = new Search(sharp, pixels(), 50 * 1024);
    const a = await jpeg(s, 40, 0.5);
    expect(s.attempts).toBe(1);
    expect(s.spent.encodeMs).toBeGreaterThan(0);
    const first = await s.estimate(a);
    const spent = s.spent.similarityMs;
    expect(spent).toBeGreaterThan(0);
    expect(await s.estimate(a)).toBe(first);
    expect(s.spent.similarityMs).toBe(spent);
  });

  it('ranks clearly different candidates by the estimate alone, close ones by the precise measure', async () => {
    const s = new Search(sharp, pixels(), 50 * 1024);
    const good = await jpeg(s, 90, 1);
    const poor = await jpeg(s, 5, 0.32);
    expect(await s.mostAlike([poor, good])).toBe(good);
    // Only the estimates were taken: a precise measure now costs time.
    let spent = s.spent.similarityMs;
    await s.similarity(good);
    expect(s.spent.similarityMs).toBeGreaterThan(spent);

    // Two encodings alike to within the estimate's error: both measured precisely while ranking.
    const a = await jpeg(s, 50, 0.7);
    const b = await jpeg(s, 52, 0.7);
    expect(Math.abs((await s.estimate(a)) - (await s.estimate(b)))).toBeLessThan(0.015);
    const chosen = await s.mostAlike([a, b]);
    spent = s.spent.similarityMs;
    const [pa, pb] = [await s.similarity(a), await s.similarity(b)];
    expect(s.spent.similarityMs).toBe(spent);
    expect(chosen).toBe(pa >= pb ? a : b);
  });
});

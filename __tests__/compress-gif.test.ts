// The GIF search with the real sharp (issue 16): an animation is kept when it fits, else its
// first frame goes through the still-image search (the most colours that fit, then scale, then
// fewer colours at the minimum size), and a GIF is kept over the cap only when nothing fits.
// The images are built here like the (a 200×200 animation of 434 KB), not its files.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compressImage, type CompressResult, type Compressed } from '../src/images/compress.js';
import { nextPrefix } from '../src/images/gif.js';
import { colourCount, reducePalette } from '../src/images/gif-palette.js';
import { uncompressedGif } from './helpers/gif-writer.js';
import { seededRandom } from './helpers/random.js';
import { magic } from './helpers/images.js';

const CAP = 50 * 1024;

function compressed(r: CompressResult): Compressed {
  if (r.kind !== 'compressed') throw new Error(`expected compressed, got kept: ${r.reason} (${r.detail})`);
  return r;
}

/** A smooth pattern under per-pixel noise of ±`noise` levels: a 256-colour GIF of it takes
 * about 8 bits a pixel (52 KB at 200×200), 64 colours about 6. */
function noisyPixels(width: number, height: number, seed: number, noise: number): Buffer {
  const r = seededRandom(seed);
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const base = 128 + 80 * Math.sin((x + seed * 7) / (20 + c * 5)) * Math.cos(y / 25);
        px[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + (r() * 2 - 1) * noise)));
      }
    }
  }
  return px;
}

async function noisyAnimation(width: number, height: number, frames: number, noise: number): Promise<Buffer> {
  const pngs: Buffer[] = [];
  for (let f = 0; f < frames; f++) pngs.push(await sharp(noisyPixels(width, height, f + 1, noise), { raw: { width, height, channels: 3 } }).png().toBuffer());
  return sharp(pngs, { join: { animated: true } }).gif({ delay: Array<number>(frames).fill(100), loop: 0, colours: 256, dither: 1 }).toBuffer();
}

async function stillGif(width: number, height: number, seed: number, noise: number): Promise<Buffer> {
  return sharp(noisyPixels(width, height, seed, noise), { raw: { width, height, channels: 3 } }).gif({ colours: 256, dither: 1 }).toBuffer();
}

/** The palette size a `gif Nc` method names (256 for the full palette). */
function coloursOf(method: string): number {
  const m = /^gif (\d+)c/.exec(method);
  return m ? Number(m[1]) : 256;
}

async function checkGif(r: Compressed, cap: number): Promise<{ pages: number }> {
  expect(r.data.length).toBeLessThanOrEqual(cap);
  expect(magic(r.data)).toBe('gif');
  const meta = await sharp(r.data).metadata();
  expect([meta.width, meta.pageHeight ?? meta.height]).toEqual([r.width, r.height]);
  return { pages: meta.pages ?? 1 };
}

describe('compressGif: an animation that does not fit is published as its first frame, in fewer colours', () => {
  it('brings a 200×200 animation of over 400 KB under the cap as its first frame, full size, more than 16 colours', async () => {
    const input = await noisyAnimation(200, 200, 9, 60);
    expect(input.length).toBeGreaterThan(400 * 1024);
    // The first frame alone is over the cap in 256 colours: the palette search is needed, and
    // at 200×200 (below the 320 px minimum) it is the whole search.
    expect((await sharp(input).gif({ colours: 256, dither: 0, effort: 7 }).toBuffer()).length).toBeGreaterThan(CAP);
    const r = compressed(await compressImage(sharp, input, 'gif', CAP));
    expect(r.animation).toBe('first-frame');
    expect(await checkGif(r, CAP)).toEqual({ pages: 1 });
    expect([r.width, r.height, r.originalWidth, r.originalHeight]).toEqual([200, 200, 200, 200]);
    // sharp alone offers 256, 16, 4 or 2 colours: more than 16 is the palette search's doing.
    expect(coloursOf(r.method)).toBeGreaterThan(16);
    expect(coloursOf(r.method)).toBeLessThan(256);
    expect(r.attempts).toBeLessThanOrEqual(6);
  });

  it('keeps an animation whose file is far over the cap when its re-encoding fits', async () => {
    // 240×240, 8 frames, stored uncompressed (~9 bits a pixel, 520 KB): an estimate from the
    // file's size skipped it; re-encoded, the unchanged pixels cost next to nothing.
    const palette: [number, number, number][] = [[255, 255, 255], [0, 0, 0], [31, 119, 180], [255, 127, 14]];
    const frames: Uint8Array[] = [];
    for (let f = 0; f < 8; f++) {
      const frame = new Uint8Array(240 * 240);
      for (let y = 0; y < 240; y++) {
        for (let x = 0; x < 240; x++) {
          const axis = x === 20 || y === 220;
          const curve = Math.abs(y - (120 + 60 * Math.sin(x / 30))) < 1;
          const dot = (x - (30 + f * 25)) ** 2 + (y - 60) ** 2 < 64;
          frame[y * 240 + x] = dot ? 3 : curve ? 2 : axis ? 1 : 0;
        }
      }
      frames.push(frame);
    }
    const input = uncompressedGif(240, 240, palette, frames);
    expect((await sharp(input).metadata()).pages).toBe(8);
    expect(input.length).toBeGreaterThan(CAP * 8);
    const r = compressed(await compressImage(sharp, input, 'gif', CAP));
    expect(r.animation).toBe('kept');
    expect(await checkGif(r, CAP)).toEqual({ pages: 8 });
    expect([r.width, r.height]).toEqual([240, 240]);
  });

  it('keeps an animation animated at a smaller size when only that fits', async () => {
    // 640×480, 2 frames of smooth shifting waves (every pixel changes): ~85 KB at full size,
    // ~41 KB at half (the minimum size), so the whole-animation search has to shrink it.
    const pngs: Buffer[] = [];
    for (let f = 0; f < 2; f++) {
      const px = Buffer.alloc(640 * 480 * 3);
      for (let y = 0; y < 480; y++) {
        for (let x = 0; x < 640; x++) {
          const i = (y * 640 + x) * 3;
          px[i] = Math.round(128 + 100 * Math.sin(x / 61 + f / 2));
          px[i + 1] = Math.round(128 + 100 * Math.sin(y / 47 - f / 2));
          px[i + 2] = Math.round(128 + 60 * Math.sin((x + y) / 89 + f / 4));
        }
      }
      pngs.push(await sharp(px, { raw: { width: 640, height: 480, channels: 3 } }).png().toBuffer());
    }
    const input = await sharp(pngs, { join: { animated: true } }).gif({ delay: [100, 100], loop: 0, colours: 256, dither: 0 }).toBuffer();
    expect(input.length).toBeGreaterThan(CAP);
    const r = compressed(await compressImage(sharp, input, 'gif', CAP));
    expect(r.animation).toBe('kept');
    expect(await checkGif(r, CAP)).toEqual({ pages: 2 });
    expect(r.width).toBeLessThan(640);
    expect(r.width).toBeGreaterThanOrEqual(320);
    expect(r.method).toMatch(/^gif animated scale 0\.\d\d$/);
  });

  it('keeps an animation over the cap only when neither it nor its first frame fits in 2 colours at the minimum size', async () => {
    // Per-pixel random colours: 2 colours take a bit a pixel, 5 KB at 200×200, over a 4 KB cap.
    const r0 = seededRandom(5);
    const pngs: Buffer[] = [];
    for (let f = 0; f < 3; f++) {
      const px = Buffer.alloc(200 * 200 * 3);
      for (let i = 0; i < px.length; i++) px[i] = Math.floor(r0() * 256);
      pngs.push(await sharp(px, { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer());
    }
    const input = await sharp(pngs, { join: { animated: true } }).gif({ delay: [100, 100, 100], loop: 0 }).toBuffer();
    const r = await compressImage(sharp, input, 'gif', 4 * 1024);
    expect(r).toMatchObject({ kind: 'kept', reason: 'cap-not-met' });
    expect(r.kind === 'kept' && r.detail).toMatch(/^neither the animation nor its first frame fits in 4096 bytes .*320 px.* in 2 colours$/);
  });
});

describe('reducePalette', () => {
  it('merges colours down to the count asked, transparency counting as one, and leaves fewer alone', () => {
    const r = seededRandom(2);
    const data = Buffer.alloc(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) {
      for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.floor(r() * 256);
      data[i * 4 + 3] = i % 64 < 8 ? 0 : 255;
    }
    const p = { data, width: 64, height: 64, channels: 4 as const };
    expect(colourCount(p)).toBeGreaterThan(3000);
    for (const n of [200, 37, 2]) expect(colourCount({ ...p, data: reducePalette(p, n) })).toBe(n);
    const few = { ...p, data: reducePalette(p, 37) };
    expect(reducePalette(few, 37).equals(few.data)).toBe(true);
    // Transparent pixels stay transparent; opaque ones stay opaque.
    const out = reducePalette(p, 2);
    expect([out[3], out[8 * 4 + 3]]).toEqual([0, 255]);
  });
});

describe('compressGif: a still GIF', () => {
  it('fits a noisy 250×250 GIF at full size with fewer colours', async () => {
    const input = await stillGif(250, 250, 3, 60);
    expect(input.length).toBeGreaterThan(CAP);
    const r = compressed(await compressImage(sharp, input, 'gif', CAP));
    expect(r.animation).toBeUndefined();
    expect(await checkGif(r, CAP)).toEqual({ pages: 1 });
    expect([r.width, r.height]).toEqual([250, 250]);
    expect(coloursOf(r.method)).toBeLessThan(256);
    expect(coloursOf(r.method)).toBeGreaterThanOrEqual(2);
  });

  it('keeps transparency when it takes fewer colours', async () => {
    // The left 60 columns transparent: one palette entry of the fewer kept for them.
    const rgb = noisyPixels(250, 250, 8, 60);
    const rgba = Buffer.alloc(250 * 250 * 4);
    for (let i = 0; i < 250 * 250; i++) {
      rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
      rgba[i * 4 + 3] = i % 250 < 60 ? 0 : 255;
    }
    const input = await sharp(rgba, { raw: { width: 250, height: 250, channels: 4 } }).gif({ colours: 256, dither: 1 }).toBuffer();
    expect(input.length).toBeGreaterThan(CAP * 0.8);
    const cap = Math.floor(input.length * 0.7);
    const r = compressed(await compressImage(sharp, input, 'gif', cap));
    await checkGif(r, cap);
    expect([r.width, r.height]).toEqual([250, 250]);
    expect(coloursOf(r.method)).toBeLessThan(256);
    const { data, info } = await sharp(r.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number): number => data[(y * info.width + x) * info.channels + 3]!;
    expect([alpha(10, 10), alpha(59, 200), alpha(60, 200), alpha(240, 240)]).toEqual([0, 0, 255, 255]);
  });

  it('takes fewer colours at the minimum size when 256 do not fit there', async () => {
    // 640×640 noise at a 16 KB cap: 256 colours at 320×320 take ~130 KB, 2 colours ~13 KB.
    const input = await stillGif(640, 640, 6, 90);
    const r = compressed(await compressImage(sharp, input, 'gif', 16 * 1024));
    expect(await checkGif(r, 16 * 1024)).toEqual({ pages: 1 });
    expect([r.width, r.height]).toEqual([320, 320]);
    expect(coloursOf(r.method)).toBeLessThan(16);
  });
});

describe('animatedGif: the prefixes that prove an animation cannot fit', () => {
  it('aims the next prefix where the bytes per frame so far reach the cap, a tenth on', () => {
    // 1 frame 12 KB, 4 frames 36 KB: 8 KB a frame, 15 KB left of 51 KB: the cap is reached
    // 1.9 frames on, 2.1 with the tenth: 3 frames more.
    expect(nextPrefix({ frames: 1, bytes: 12_000 }, { frames: 4, bytes: 36_000 }, 51_000)).toBe(7);
    // The slope comes from the last two prefixes, not from the first frame (stored whole, the
    // largest): 4 → 6 frames added 4 KB a frame.
    expect(nextPrefix({ frames: 4, bytes: 36_000 }, { frames: 6, bytes: 44_000 }, 51_000)).toBe(8);
  });

  it('grows by at least one frame and at most 4 times', () => {
    // Frames that add nothing (an unchanged animation) would aim past any length: 4 times.
    expect(nextPrefix({ frames: 1, bytes: 10_000 }, { frames: 4, bytes: 10_000 }, 51_000)).toBe(16);
    // Just under the cap: the next frame.
    expect(nextPrefix({ frames: 4, bytes: 30_000 }, { frames: 8, bytes: 50_999 }, 51_000)).toBe(9);
  });

  it('publishes the first frame of a long animation that grows past the cap, proven from a prefix', async () => {
    // 40 frames of a 640×480 line plot whose line moves a little each frame: each frame adds a
    // few KB at the minimum size (320×240), so the animation cannot fit although its first
    // frames do.
    const frames: Buffer[] = [];
    for (let f = 0; f < 40; f++) {
      const points = Array.from({ length: 60 }, (_, i) => `${20 + i * 10},${240 + Math.round(150 * Math.sin(i / 6 + f / 3) + 40 * Math.sin(i * 1.7 + f))}`).join(' ');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#fff"/><polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="2"/><text x="20" y="30" font-size="16">frame ${f}</text></svg>`;
      frames.push(await sharp(Buffer.from(svg)).png().toBuffer());
    }
    const input = await sharp(frames, { join: { animated: true } }).gif({ delay: Array<number>(40).fill(100), loop: 0 }).toBuffer();
    expect(input.length).toBeGreaterThan(CAP);
    const r = compressed(await compressImage(sharp, input, 'gif', CAP));
    expect(r.animation).toBe('first-frame');
    expect(await checkGif(r, CAP)).toEqual({ pages: 1 });
    // The first frame fits at full size: it is published as it is, every pixel.
    expect([r.width, r.height]).toEqual([640, 480]);
    expect(r.similarity).toBeGreaterThan(0.99);
    // The first frame at the minimum size, two or three prefixes, the first frame at full size.
    expect(r.attempts).toBeLessThanOrEqual(6);
  });
});

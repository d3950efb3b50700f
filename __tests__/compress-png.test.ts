// The PNG search with the real sharp, on images a palette of few colours fits although 256 and
// 16 colours do not even at the minimum size (issue 16: a 400×400 16-bit greyscale PNG of 313 KB
// was published uncompressed though 4 colours fit it in 40 KB). Built here, not the file.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compressImage, type CompressResult, type Compressed } from '../src/images/compress.js';
import { lumaOfRgb, meanSsim } from '../src/images/similarity.js';
import { magic, plotSvg } from './helpers/images.js';
import { seededRandom } from './helpers/random.js';

/** Below the default 50 KB so that the margins hold: these images take 50.1 KB with 16 (or 8)
 * colours at 320×320, 37–45 KB with 4 at full size, 76–89 KB with 8 at full size. */
const CAP = 48 * 1024;

function compressed(r: CompressResult): Compressed {
  if (r.kind !== 'compressed') throw new Error(`expected compressed, got kept: ${r.reason} (${r.detail})`);
  return r;
}

/** 16-bit PNG: each pixel one of 4 grey levels (32, 96, 160, 224 of 255), equally likely, plus
 * noise of ±31 levels and random low bytes. 16 colours take 4 bits a pixel of pure noise (over
 * 50 KB even at 320×320); 4 take 2 bits. RGB: the channels differ in their noise only. */
async function fewLevels16(width: number, height: number, channels: 1 | 3, seed: number): Promise<Buffer> {
  const r = seededRandom(seed);
  const levels = [32, 96, 160, 224];
  const px = new Uint16Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    const level = levels[Math.floor(r() * 4)]!;
    const noise = (r() * 2 - 1) * 31;
    for (let c = 0; c < channels; c++) px[i * channels + c] = Math.max(0, Math.min(65535, Math.round((level + noise + (r() - 0.5) * 2) * 257 + r() * 256 - 128)));
  }
  return sharp(Buffer.from(px.buffer), { raw: { width, height, channels } })
    .toColourspace(channels === 1 ? 'grey16' : 'rgb16')
    .png({ compressionLevel: 9 })
    .toBuffer();
}

async function check(input: Buffer, cap: number, width: number, height: number, depth: string): Promise<Compressed> {
  const meta = await sharp(input).metadata();
  expect([meta.width, meta.height, meta.depth]).toEqual([width, height, depth]);
  expect(input.length).toBeGreaterThan(cap * 2);
  const r = compressed(await compressImage(sharp, input, 'png', cap));
  expect(r.data.length).toBeLessThanOrEqual(cap);
  // Decoded: a PNG of the dimensions it claims.
  const out = await sharp(r.data).metadata();
  expect(magic(r.data)).toBe('png');
  expect(out.format).toBe('png');
  expect([out.width, out.height]).toEqual([r.width, r.height]);
  return r;
}

describe('compressPng: fewer colours where 256 and 16 do not fit', () => {
  it('fits a 16-bit greyscale PNG with few levels under noise with 4 colours at full size', async () => {
    const input = await fewLevels16(420, 420, 1, 3);
    // Like the 400×400 image of 313 KB.
    expect(input.length).toBeGreaterThan(250 * 1024);
    const r = await check(input, CAP, 420, 420, 'ushort');
    expect([r.width, r.height]).toEqual([420, 420]);
    expect(r.method).toBe('palette-png 4c');
  });

  it('fits a wide 16-bit greyscale PNG of the same kind (600×300) at full size with 4 colours', async () => {
    const input = await fewLevels16(600, 300, 1, 21);
    expect(input.length).toBeGreaterThan(250 * 1024);
    const r = await check(input, CAP, 600, 300, 'ushort');
    expect([r.width, r.height]).toEqual([600, 300]);
    expect(r.method).toBe('palette-png 4c');
  });

  it('fits a 16-bit RGB PNG of the same kind at full size', async () => {
    const r = await check(await fewLevels16(430, 430, 3, 5), CAP, 430, 430, 'ushort');
    expect([r.width, r.height]).toEqual([430, 430]);
    expect(r.method).toMatch(/^palette-png [248]c$/);
  });

  it('brings an image smaller than the minimum size under the cap with a palette alone', async () => {
    // 300×280 is below the 320 px minimum: scale is no knob; at a 20 KB cap, 16 colours
    // (4 bits a pixel, 42 KB) and 4 (21 KB) are over, 2 fit.
    const r = await check(await fewLevels16(300, 280, 1, 9), 20 * 1024, 300, 280, 'ushort');
    expect([r.width, r.height]).toEqual([300, 280]);
    expect(r.method).toBe('palette-png 2c');
  });

  it('keeps an image over the cap only when even 2 colours at the minimum size do not fit', async () => {
    const input = await fewLevels16(300, 280, 1, 11);
    const r = await compressImage(sharp, input, 'png', 4 * 1024);
    expect(r.kind).toBe('kept');
    expect(r.kind === 'kept' && r.reason).toBe('cap-not-met');
  });
});

/** A waveform 8000×600: one 3 px blue trace (a random walk of ±40 px a column) on white, a
 * 1 px edge of random blends of blue and white below it, a grey axis: 3 significant colours.
 * 16 colours at full size take ~75 KB, so the search used to shrink (4 colours at 0.85 scale,
 * SSIM 0.94); 4 colours at full size take ~38 KB. */
async function waveform(): Promise<Buffer> {
  const r = seededRandom(7);
  const [width, height] = [8000, 600];
  const px = Buffer.alloc(width * height * 3, 255);
  let y = height / 2;
  for (let x = 0; x < width; x++) {
    y = Math.max(5, Math.min(height - 6, y + (r() - 0.5) * 80));
    for (let d = -1; d <= 1; d++) px.set([31, 119, 180], ((Math.round(y) + d) * width + x) * 3);
    const t = r();
    px.set([Math.round(31 + 224 * t), Math.round(119 + 136 * t), Math.round(180 + 75 * t)], ((Math.round(y) + 2) * width + x) * 3);
    px.set([120, 120, 120], ((height - 3) * width + x) * 3);
  }
  return sharp(px, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

describe('compressPng: every significant colour at full size before shrinking', () => {
  it('keeps a 3-colour waveform at full size in 4 colours rather than shrinking it', async () => {
    const input = await waveform();
    expect(input.length).toBeGreaterThan(CAP);
    const out = compressed(await compressImage(sharp, input, 'png', CAP));
    expect(out.method).toBe('palette-png 4c');
    expect([out.width, out.height]).toEqual([8000, 600]);
    expect(out.data.length).toBeLessThanOrEqual(CAP);
    expect(out.similarity).toBeGreaterThan(0.99);
  });
});

describe('compressPng: 16 colours at full size, or 256 where 16 lose something', () => {
  const cap = 50 * 1024;
  /** SSIM of a copy of the same size against the original, every window (as the bench). */
  const ssim = async (a: Buffer, b: Buffer): Promise<number> => {
    const luma = async (png: Buffer) => lumaOfRgb(await sharp(png).flatten({ background: '#ffffff' }).removeAlpha().toColourspace('srgb').raw().toBuffer());
    const { width, height } = await sharp(a).metadata();
    return meanSsim(await luma(a), await luma(b), width, height);
  };

  it('keeps a line plot in 16 colours at full size in one encode, 256 not tried', async () => {
    const input = await sharp(Buffer.from(plotSvg(1600, 1200, 3))).png().toBuffer();
    expect(input.length).toBeGreaterThan(cap * 2); // no lossless attempt
    const r = compressed(await compressImage(sharp, input, 'png', cap));
    expect(r.method).toBe('palette-png 16c');
    expect([r.width, r.height]).toEqual([1600, 1200]);
    expect(r.attempts).toBe(1);
    expect(r.similarity).toBeGreaterThanOrEqual(0.99);
    expect(await ssim(input, r.data)).toBeGreaterThanOrEqual(0.99);
  });

  it('tries 256 colours where 16 fit but band a gradient', async () => {
    const band = '<defs><linearGradient id="g"><stop offset="0" stop-color="#440154"/><stop offset="0.5" stop-color="#21918c"/><stop offset="1" stop-color="#fde725"/></linearGradient></defs><rect x="60" y="20" width="900" height="200" fill="url(#g)"/></svg>';
    const input = await sharp(Buffer.from(plotSvg(1000, 750, 3).replace('</svg>', band))).png().toBuffer();
    const sixteen = await sharp(input).png({ palette: true, colours: 16, dither: 0, effort: 1 }).toBuffer();
    expect(sixteen.length).toBeLessThanOrEqual(cap);
    expect(await ssim(input, sixteen)).toBeLessThan(0.99);
    const r = compressed(await compressImage(sharp, input, 'png', cap));
    expect(r.method).toBe('palette-png 256c');
    expect([r.width, r.height]).toEqual([1000, 750]);
    expect(await ssim(input, r.data)).toBeGreaterThan(0.995);
  });
});

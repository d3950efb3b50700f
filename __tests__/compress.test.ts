// compressImage with the real sharp: the cap always holds, the format stays what the file is
// called, and bad images come back untouched with a reason.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compressImage, formatOf, MIN_LONGEST_SIDE, type CompressResult, type Compressed } from '../src/images/compress.js';
import { lumaOfRgb, meanSsim } from '../src/images/similarity.js';
import { animatedGif, logPagePng, magic, photoJpeg, photoPixels, plotPng, plotSvg, solidPng } from './helpers/images.js';

const CAP = 50 * 1024;

function compressed(r: CompressResult): Compressed {
  if (r.kind !== 'compressed') throw new Error(`expected compressed, got kept: ${r.reason} (${r.detail})`);
  return r;
}

describe('compressImage', () => {
  it('maps file extensions to formats, case-insensitively', () => {
    expect(formatOf('a/Plot.PNG')).toBe('png');
    expect(formatOf('x.JPG')).toBe('jpeg');
    expect(formatOf('x.jpeg')).toBe('jpeg');
    expect(formatOf('x.tif')).toBe('tiff');
    expect(formatOf('x.bmp')).toBe('bmp');
    expect(formatOf('x.txt')).toBeUndefined();
    expect(formatOf('png')).toBeUndefined();
  });

  it('keeps a plot PNG at full size when fewer colours fit, as a PNG under the cap', async () => {
    const input = await plotPng(1600, 1200);
    expect(input.length).toBeGreaterThan(CAP);
    const r = compressed(await compressImage(sharp, input, 'png', CAP));
    expect(r.data.length).toBeLessThanOrEqual(CAP);
    expect(magic(r.data)).toBe('png');
    expect([r.width, r.height]).toEqual([1600, 1200]);
    expect([r.originalWidth, r.originalHeight]).toEqual([1600, 1200]);
    expect(r.method).toMatch(/^palette-png/);
  });

  it('compresses a JPEG photo as a JPEG under the cap, quality before scale', async () => {
    const input = await photoJpeg(1920, 1080);
    const r = compressed(await compressImage(sharp, input, 'jpeg', CAP));
    expect(r.data.length).toBeLessThanOrEqual(CAP);
    expect(magic(r.data)).toBe('jpeg');
    expect(r.method).toMatch(/^jpeg q\d+/);
    expect(r.attempts).toBeLessThanOrEqual(10);
    const meta = await sharp(r.data).metadata();
    expect([meta.width, meta.height]).toEqual([r.width, r.height]);
    expect(r.width / r.height).toBeCloseTo(1920 / 1080, 1);
  });

  it('shrinks by the largest scale that fits, not more than needed', async () => {
    const input = await photoJpeg(4000, 3000);
    const r = compressed(await compressImage(sharp, input, 'jpeg', CAP));
    expect(r.data.length).toBeLessThanOrEqual(CAP);
    // the search stops close to the cap: a much smaller result would mean a needlessly small image
    expect(r.data.length).toBeGreaterThan(CAP * 0.75);
  });

  it.each(['webp', 'tiff', 'avif'] as const)('keeps a %s image in its format', async (format) => {
    const pixels = photoPixels(900, 600);
    const encoder = sharp(pixels, { raw: { width: 900, height: 600, channels: 3 } });
    const input = await (format === 'avif' ? encoder.avif({ quality: 95, effort: 0 }) : encoder[format]({ quality: 95 })).toBuffer();
    expect(input.length).toBeGreaterThan(CAP);
    const r = compressed(await compressImage(sharp, input, format, CAP));
    expect(r.data.length).toBeLessThanOrEqual(CAP);
    expect(magic(r.data)).toBe(format);
  });

  it('keeps a page-long text screenshot larger with fewer colours when that looks more like it', async () => {
    const input = await logPagePng(1000, 6000);
    const luma = async (png: Buffer) =>
      lumaOfRgb(await sharp(png).flatten({ background: '#ffffff' }).resize(1000, 6000, { fit: 'fill', kernel: 'lanczos3' }).removeAlpha().raw().toBuffer());
    const original = await luma(input);
    const r = compressed(await compressImage(sharp, input, 'png', CAP));
    expect(r.data.length).toBeLessThanOrEqual(CAP);
    expect(r.method).toMatch(/^palette-png [24]c scale/);
    // The best 16-colour PNG that fits, on a grid of scales: what the compressor chose before
    // it compared candidates. The chosen encoding must look more like the page (SSIM).
    let sixteen = 0;
    for (let scale = 0.6; scale > 0.1 && sixteen === 0; scale -= 0.02) {
      const png = await sharp(input).resize(Math.round(1000 * scale), Math.round(6000 * scale), { fit: 'fill', kernel: 'lanczos3' }).png({ palette: true, colours: 16, dither: 0, effort: 10 }).toBuffer();
      if (png.length <= CAP) sixteen = meanSsim(original, await luma(png), 1000, 6000);
    }
    expect(sixteen).toBeGreaterThan(0);
    expect(meanSsim(original, await luma(r.data), 1000, 6000)).toBeGreaterThan(sixteen + 0.01);
  }, 60_000);

  it('applies EXIF orientation', async () => {
    const input = await sharp(photoPixels(1600, 1000), { raw: { width: 1600, height: 1000, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const r = compressed(await compressImage(sharp, input, 'jpeg', CAP));
    expect([r.originalWidth, r.originalHeight]).toEqual([1000, 1600]);
    expect(r.height).toBeGreaterThan(r.width);
    expect((await sharp(r.data).metadata()).orientation ?? 1).toBe(1);
  });

  it('keeps transparency in PNGs', async () => {
    const svg = plotSvg(1600, 1200, 5).replace('<rect width="100%" height="100%" fill="white"/>', '');
    const input = await sharp(Buffer.from(svg)).png().toBuffer();
    const r = compressed(await compressImage(sharp, input, 'png', CAP));
    const meta = await sharp(r.data).metadata();
    expect(meta.hasAlpha).toBe(true);
    const corner = await sharp(r.data).extract({ left: 0, top: 0, width: 1, height: 1 }).raw().toBuffer();
    expect(corner[3]).toBe(0);
  });

  it('converts CMYK and 16-bit images to 8-bit sRGB', async () => {
    const cmyk = await sharp(photoPixels(1600, 1200), { raw: { width: 1600, height: 1200, channels: 3 } }).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const r1 = compressed(await compressImage(sharp, cmyk, 'jpeg', CAP));
    expect((await sharp(r1.data).metadata()).space).toBe('srgb');
    const deep = await sharp(photoPixels(800, 600), { raw: { width: 800, height: 600, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    const r2 = compressed(await compressImage(sharp, deep, 'png', CAP));
    expect((await sharp(r2.data).metadata()).depth).toBe('uchar');
    expect(r2.data.length).toBeLessThanOrEqual(CAP);
  });

  it('goes below q60 at the minimum size before keeping an image over the cap', async () => {
    const input = await photoJpeg(1200, 900);
    const r = compressed(await compressImage(sharp, input, 'jpeg', 4096));
    expect(r.data.length).toBeLessThanOrEqual(4096);
    expect(Math.max(r.width, r.height)).toBe(MIN_LONGEST_SIDE);
    const quality = Number(/ q(\d+)/.exec(r.method)?.[1]);
    expect(quality).toBeLessThan(60);
  });

  it('reports an image that cannot fit even at the minimum size, and never returns one over the cap', async () => {
    const input = await photoJpeg(1200, 900);
    const r = await compressImage(sharp, input, 'jpeg', 400);
    expect(r).toMatchObject({ kind: 'kept', reason: 'cap-not-met' });
    expect((r as { detail: string }).detail).toContain(`${MIN_LONGEST_SIDE} px`);
  });

  it('keeps an animated GIF animated when it fits, else publishes its first frame', async () => {
    const flat: Buffer[] = [];
    for (let f = 0; f < 6; f++) flat.push(await sharp(Buffer.from(plotSvg(600, 450, 2, f + 1))).png().toBuffer());
    const anim = await sharp(flat, { join: { animated: true } }).gif({ delay: Array(6).fill(200), loop: 0, colours: 256, dither: 1 }).toBuffer();
    expect(anim.length).toBeGreaterThan(CAP);
    const kept = compressed(await compressImage(sharp, anim, 'gif', CAP));
    expect(kept.animation).toBe('kept');
    expect((await sharp(kept.data).metadata()).pages).toBe(6);
    expect(kept.data.length).toBeLessThanOrEqual(CAP);

    const noisy = await animatedGif(200, 150, 10);
    const first = compressed(await compressImage(sharp, noisy, 'gif', CAP));
    expect(first.animation).toBe('first-frame');
    expect((await sharp(first.data).metadata()).pages ?? 1).toBe(1);
    expect(first.data.length).toBeLessThanOrEqual(CAP);
  });

  describe('bad images come back untouched, with the reason', () => {
    it('a decompression bomb (30000×30000)', async () => {
      const r = await compressImage(sharp, solidPng(30000, 30000), 'png', CAP);
      expect(r).toMatchObject({ kind: 'kept', reason: 'unreadable' });
      expect((r as { detail: string }).detail).toMatch(/pixel limit|too many pixels/);
    });

    it('a truncated PNG, over and under the cap', async () => {
      const whole = await plotPng(1600, 1200);
      for (const cut of [whole.subarray(0, 100_000), whole.subarray(0, 20_000)]) {
        expect(await compressImage(sharp, cut, 'png', CAP)).toMatchObject({ kind: 'kept', reason: 'unreadable' });
      }
    });

    it('a text file named .png', async () => {
      expect(await compressImage(sharp, Buffer.from('not an image\n'.repeat(10)), 'png', CAP)).toMatchObject({ kind: 'kept', reason: 'unreadable' });
      expect(await compressImage(sharp, Buffer.from('x'.repeat(CAP + 10)), 'png', CAP)).toMatchObject({ kind: 'kept', reason: 'unreadable' });
    });

    it('an empty file', async () => {
      expect(await compressImage(sharp, Buffer.alloc(0), 'png', CAP)).toMatchObject({ kind: 'kept', reason: 'unreadable', detail: 'empty file' });
    });

    it('a 1×1 image is kept, with a note', async () => {
      const dot = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#f00' } }).png().toBuffer();
      const r = await compressImage(sharp, dot, 'png', CAP);
      expect(r).toMatchObject({ kind: 'kept', reason: 'under-cap' });
      expect((r as { note?: string }).note).toMatch(/1×1/);
    });

    it('a BMP over the cap (sharp cannot write BMP)', async () => {
      const bmp = Buffer.alloc(54 + 600 * 400 * 3);
      bmp.write('BM', 0, 'ascii');
      bmp.writeUInt32LE(bmp.length, 2);
      bmp.writeUInt32LE(54, 10);
      bmp.writeUInt32LE(40, 14);
      bmp.writeInt32LE(600, 18);
      bmp.writeInt32LE(400, 22);
      bmp.writeUInt16LE(1, 26);
      bmp.writeUInt16LE(24, 28);
      const r = await compressImage(sharp, bmp, 'bmp', CAP);
      expect(r.kind).toBe('kept');
      expect(['unsupported', 'unreadable']).toContain((r as { reason: string }).reason);
    });
  });
});

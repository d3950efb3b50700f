// compareImages on images made here with sharp: the same picture gives no difference, a changed
// plot line does (and the overlay is a PNG of the compared size), different sizes are scaled,
// very large images are compared at a bounded size, re-encoded copies of an unchanged plot stay
// near zero, and bytes that are no image fail with a message naming the image.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compareImages, comparisonSize, DEFAULT_THRESHOLD, OVERLAY_COLOURS } from '../src/compare/image-diff.js';
import { plotSvg } from './helpers/images.js';

const W = 1000;
const H = 700;
const svg = plotSvg(W, H, 5, 3);
const render = (text: string, width = W, height = H): Promise<Buffer> => sharp(Buffer.from(text)).resize(width, height).png().toBuffer();
/** The plot with one of its series changed. */
const withSeries = (colour: string, change: (tag: string) => string): string => svg.replace(new RegExp(`<polyline[^>]*stroke="${colour}"[^>]*/>`), change);

describe('compareImages', () => {
  it('finds no difference between an image and itself, and draws the overlay at its size', async () => {
    const png = await render(svg);
    const diff = await compareImages(sharp, png, png);
    expect(diff).toMatchObject({ width: W, height: H, base: { width: W, height: H }, head: { width: W, height: H }, scaled: false, differentPixels: 0, share: 0 });
    const meta = await sharp(diff.overlay).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', W, H]);
  });

  it.each([
    ['moved by 3 px', withSeries('#2ca02c', (tag) => tag.replace('<polyline', '<polyline transform="translate(0,3)"'))],
    ['recoloured blue to purple', withSeries('#1f77b4', (tag) => tag.replace('#1f77b4', '#9467bd'))],
    ['removed', withSeries('#d62728', () => '')],
  ])('detects a plot line %s (more than 0.1%% of the pixels), and marks it in the overlay', async (_name, changed) => {
    const [base, head] = await Promise.all([render(svg), render(changed)]);
    expect(changed).not.toBe(svg);
    const diff = await compareImages(sharp, base, head);
    expect(diff.share).toBeGreaterThan(0.001);
    expect(diff.share).toBeLessThan(0.05);
    expect(diff.differentPixels).toBe(Math.round(diff.share * W * H));
    const { data, info } = await sharp(diff.overlay).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([W, H]);
    let marked = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const px = [data[i], data[i + 1], data[i + 2]];
      if ([OVERLAY_COLOURS.thisDarker, OVERLAY_COLOURS.baseDarker].some((c) => c.every((v, k) => v === px[k]))) marked++;
    }
    expect(marked).toBe(diff.differentPixels);
  });

  it('colours what only this version draws blue, what only the base drew red', async () => {
    const removed = withSeries('#d62728', () => '');
    const [full, less] = await Promise.all([render(svg), render(removed)]);
    const count = async (overlay: Buffer, colour: readonly number[]): Promise<number> => {
      const { data, info } = await sharp(overlay).raw().toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let i = 0; i < data.length; i += info.channels) if (colour.every((v, k) => data[i + k] === v)) n++;
      return n;
    };
    const lost = await compareImages(sharp, full, less);
    expect(await count(lost.overlay, OVERLAY_COLOURS.baseDarker)).toBeGreaterThan(0.9 * lost.differentPixels);
    const gained = await compareImages(sharp, less, full);
    expect(await count(gained.overlay, OVERLAY_COLOURS.thisDarker)).toBeGreaterThan(0.9 * gained.differentPixels);
  });

  it('scales the base to the head when their sizes differ, and says so', async () => {
    const [base, head] = await Promise.all([render(svg, 500, 350), render(svg)]);
    const diff = await compareImages(sharp, base, head);
    expect(diff).toMatchObject({ width: W, height: H, base: { width: 500, height: 350 }, head: { width: W, height: H }, scaled: true });
    const meta = await sharp(diff.overlay).metadata();
    expect([meta.width, meta.height]).toEqual([W, H]);
    // A different aspect is stretched to the head's, not refused.
    const tall = await compareImages(sharp, await render(svg, 300, 900), head);
    expect(tall).toMatchObject({ width: W, height: H, base: { width: 300, height: 900 }, scaled: true });
  });

  it('compares very large images at a bounded size', async () => {
    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const diff = await compareImages(sharp, big, big, { maxPixels: 1_000_000 });
    expect(diff.scaled).toBe(true);
    expect(diff.width * diff.height).toBeLessThanOrEqual(1_000_000);
    expect(diff.width / diff.height).toBeCloseTo(4 / 3, 2);
    expect(diff.head).toEqual({ width: 4000, height: 3000 });
    expect(comparisonSize({ width: 4000, height: 3000 }, 16_000_000)).toEqual({ width: 4000, height: 3000 });
    expect(comparisonSize({ width: 8000, height: 4000 }, 16_000_000)).toEqual({ width: 5656, height: 2828 });
  });

  it('keeps re-encoded copies of an unchanged plot near zero (palette PNG: none; JPEG q80, WebP: under 0.15%)', async () => {
    const png = await render(svg);
    const copies = {
      palette: await sharp(png).png({ palette: true, colours: 256 }).toBuffer(),
      jpeg: await sharp(png).jpeg({ quality: 80 }).toBuffer(),
      webp: await sharp(png).webp({ quality: 80 }).toBuffer(),
    };
    const shares = Object.fromEntries(await Promise.all(Object.entries(copies).map(async ([name, copy]) => [name, (await compareImages(sharp, png, copy)).share] as const)));
    expect(shares['palette']).toBe(0);
    expect(shares['jpeg']).toBeLessThan(0.0015);
    expect(shares['webp']).toBeLessThan(0.0015);
    // pixelmatch's own default would count the JPEG copy's noise as a change: the threshold matters.
    expect((await compareImages(sharp, png, copies.jpeg, { threshold: 0.1 })).share).toBeGreaterThan(0.005);
    expect(DEFAULT_THRESHOLD).toBeGreaterThan(0.1);
  });

  it('compares the first frame of an animation, and grey, 16-bit, CMYK or transparent images as they show', async () => {
    const grey = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const rgba = await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 128, g: 128, b: 128, alpha: 1 } } }).png().toBuffer();
    expect((await compareImages(sharp, grey, rgba)).differentPixels).toBe(0);
    const deep = await sharp(rgba).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    expect((await compareImages(sharp, deep, rgba)).differentPixels).toBe(0);
    const cmyk = await sharp(rgba).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    expect((await compareImages(sharp, cmyk, rgba)).differentPixels).toBe(0);
    // Two frames: grey, then black. Only the first is compared.
    const frames = Buffer.concat([Buffer.alloc(64 * 48 * 3, 128), Buffer.alloc(64 * 48 * 3, 0)]);
    const gif = await sharp(frames, { raw: { width: 64, height: 96, channels: 3, pageHeight: 48 } }).gif({ delay: [100, 100] }).toBuffer();
    expect((await sharp(gif, { animated: true }).metadata()).pages).toBe(2);
    expect(await compareImages(sharp, gif, rgba)).toMatchObject({ width: 64, height: 48, base: { width: 64, height: 48 }, differentPixels: 0 });
    const clear = await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    expect((await compareImages(sharp, clear, rgba)).share).toBe(1);
  });

  it('compares images as they show, after their EXIF orientation', async () => {
    const png = await render(svg, 200, 120);
    // Stored turned a quarter left, with orientation 6 ("turn a quarter right to show").
    const stored = await sharp(png).rotate(270).withMetadata({ orientation: 6 }).png().toBuffer();
    expect((await sharp(stored).metadata())).toMatchObject({ width: 120, height: 200, orientation: 6 });
    expect(await compareImages(sharp, stored, png)).toMatchObject({ base: { width: 200, height: 120 }, scaled: false, differentPixels: 0 });
  });

  it('throws an error naming the image that cannot be decoded', async () => {
    const png = await render(svg);
    await expect(compareImages(sharp, Buffer.from('not an image'), png)).rejects.toThrow(/^the base image cannot be decoded: /);
    await expect(compareImages(sharp, png, Buffer.alloc(0))).rejects.toThrow(/^the new image cannot be decoded: /);
    await expect(compareImages(sharp, png, png.subarray(0, 200))).rejects.toThrow(/^the new image cannot be decoded: /);
  });
});

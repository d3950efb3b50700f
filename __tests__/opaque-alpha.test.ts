// An alpha band that is 255 everywhere is dropped before the search (it only slowed every resize);
// any other alpha is kept, to the last pixel, and a transparent image's copy stays transparent.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compressImage } from '../src/images/compress.js';
import { allOpaque, withoutOpaqueAlpha } from '../src/images/opaque.js';
import type { Pixels } from '../src/images/search.js';
import { photoPixels, plotSvg } from './helpers/images.js';

function rgba(width: number, height: number, alpha: (i: number) => number): Pixels {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, alpha(i)], i * 4);
  return { data, width, height, channels: 4 };
}

describe('allOpaque', () => {
  it('finds one byte under 255 anywhere, across its comparison chunks', () => {
    const n = 65_536 * 2 + 5;
    expect(allOpaque(Buffer.alloc(n, 255))).toBe(true);
    for (const at of [0, 65_535, 65_536, 70_000, n - 1]) {
      const band = Buffer.alloc(n, 255);
      band[at] = 254;
      expect(allOpaque(band), `byte ${at}`).toBe(false);
    }
    // A view into a larger buffer: only its own bytes count.
    const larger = Buffer.alloc(100, 255);
    larger[0] = 0;
    expect(allOpaque(larger.subarray(1))).toBe(true);
  });
});

describe('withoutOpaqueAlpha', () => {
  it('drops an opaque alpha band and keeps every colour byte', async () => {
    const p = rgba(300, 200, () => 255);
    const out = await withoutOpaqueAlpha(sharp, p);
    expect(out.channels).toBe(3);
    expect([out.width, out.height]).toEqual([300, 200]);
    for (let i = 0; i < 300 * 200; i += 997) expect([...out.data.subarray(i * 3, i * 3 + 3)]).toEqual([...p.data.subarray(i * 4, i * 4 + 3)]);
  });

  it('keeps alpha where a single pixel is not opaque', async () => {
    const p = rgba(300, 200, (i) => (i === 300 * 200 - 1 ? 254 : 255));
    expect(await withoutOpaqueAlpha(sharp, p)).toBe(p);
  });

  it('grey and alpha: drops opaque alpha to grey, keeps any other', async () => {
    const grey = Buffer.from([10, 255, 20, 255, 30, 255, 40, 255]);
    expect(await withoutOpaqueAlpha(sharp, { data: grey, width: 2, height: 2, channels: 2 })).toEqual({ data: Buffer.from([10, 20, 30, 40]), width: 2, height: 2, channels: 1 });
    const seeThrough: Pixels = { data: Buffer.from([10, 255, 20, 0, 30, 255, 40, 255]), width: 2, height: 2, channels: 2 };
    expect(await withoutOpaqueAlpha(sharp, seeThrough)).toBe(seeThrough);
  });

  it('leaves images without alpha as they are', async () => {
    const p: Pixels = { data: photoPixels(64, 48), width: 64, height: 48, channels: 3 };
    expect(await withoutOpaqueAlpha(sharp, p)).toBe(p);
  });
});

describe('compressImage and alpha', () => {
  // A plot on a transparent background (matplotlib's transparent=True) over the cap: its copy,
  // scaled down, is still transparent where the original is.
  it('a transparent plot stays transparent; an opaque one loses only the band', async () => {
    const svg = plotSvg(2400, 1800, 5).replace('<rect width="100%" height="100%" fill="white"/>', '');
    const transparent = await sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
    const opaque = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).ensureAlpha().png({ compressionLevel: 6 }).toBuffer();
    expect((await sharp(opaque).metadata()).channels).toBe(4);
    const cap = 40 * 1024;
    for (const [input, seeThrough] of [[transparent, true], [opaque, false]] as const) {
      expect(input.length).toBeGreaterThan(cap);
      const r = await compressImage(sharp, input, 'png', cap);
      if (r.kind !== 'compressed') throw new Error(`expected compressed, got ${r.reason}`);
      expect(r.data.length).toBeLessThanOrEqual(cap);
      const { data, info } = await sharp(r.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      // The top-left corner is background: transparent in one, white in the other.
      expect(data[3], 'alpha of the corner').toBe(seeThrough ? 0 : 255);
      let transparentPixels = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] === 0) transparentPixels++;
      expect(transparentPixels > (info.width * info.height) / 2).toBe(seeThrough);
    }
  });
});

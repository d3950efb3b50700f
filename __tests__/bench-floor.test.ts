// The image bench's speed floor (scripts/bench-images/floor.mjs): per image, one at a time,
// decoding, the published copy's one encode and one similarity estimate, measured with the real
// sharp and compressImage; and the verdict it prints against the seed's time.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { floorLine, measureFloors, type ClassFloor } from '../scripts/bench-images/floor.mjs';
import type { BenchModule } from '../scripts/bench-images/types.mjs';
import * as compress from '../src/images/compress.js';
import { Search } from '../src/images/search.js';
import { photoJpeg } from './helpers/images.js';

const CAP = 50 * 1024;
const mod = { ...compress, Search } as unknown as BenchModule;

describe('the bench floor', () => {
  it('measures every part for an image compressed, no similarity for a lossless copy, and only reading for one under the cap', async () => {
    const photo = await photoJpeg(1200, 800);
    const small = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).png().toBuffer();
    // Stored without compression: over the cap, under it once deflated (lossless, unmeasured).
    const stripes = Buffer.alloc(200 * 100 * 3, 0).map((_, i) => ((i / 3) % 200 < 100 ? 40 : 220));
    const uncompressed = await sharp(stripes, { raw: { width: 200, height: 100, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(photo.length).toBeGreaterThan(CAP);
    expect(uncompressed.length).toBeGreaterThan(CAP);
    const images = [
      { cls: 'photo', input: photo, format: 'jpeg' as const },
      { cls: 'small', input: small, format: 'png' as const },
      { cls: 'lossless', input: uncompressed, format: 'png' as const },
      { cls: 'skipped', input: photo, format: 'jpeg' as const },
    ];
    const floors = await measureFloors(sharp, mod, images, [12, 3, 5, 99], ['photo', 'small', 'lossless'], { cap: CAP, cores: 2 });
    expect(Object.keys(floors).sort()).toEqual(['lossless', 'photo', 'small']);
    const p = floors.photo!;
    expect(p).toMatchObject({ images: 1, seedMs: 12, cores: 2 });
    for (const part of [p.decodeMs, p.encodeMs, p.measureMs]) expect(part).toBeGreaterThan(0);
    // The search makes more than the one encode the floor counts, and measures at least once.
    expect(p.oursMs).toBeGreaterThan(p.encodeMs + p.measureMs);
    // A PNG that fits once re-compressed losslessly: the action measures nothing, nor does the floor.
    const lossless = floors.lossless!;
    expect(lossless.encodeMs).toBeGreaterThan(0);
    expect(lossless.measureMs).toBe(0);
    const s = floors.small!;
    expect(s).toMatchObject({ images: 1, seedMs: 3, encodeMs: 0, measureMs: 0 });
    expect(s.decodeMs).toBeGreaterThan(0);
  }, 60_000);

  it('says a class is out of reach only when its floor on the cores is above the seed', () => {
    const floor: ClassFloor = { images: 3, seedMs: 100, decodeMs: 60, encodeMs: 80, measureMs: 40, oursMs: 500, cores: 2 };
    expect(floorLine('gif', floor)).toContain('= 180 ms; on 2 cores 90 ms) vs seed 100 ms: within reach in principle');
    expect(floorLine('gif', floor)).toContain('ours 500 ms one at a time, 250 ms on 2 cores');
    expect(floorLine('gif', { ...floor, seedMs: 89 })).toContain('vs seed 89 ms: out of reach');
  });
});

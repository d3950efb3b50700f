// significantColours: the colours that carry meaning (series, legend, text), not the blends
// anti-aliasing makes of them with the background, nor noise; the count the PNG search and the
// bench's referee share.
import { describe, expect, it } from 'vitest';
import { significantColours } from '../src/images/colour-count.js';
import type { Pixels } from '../src/images/search.js';

type Rgb = [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const TAB10: Rgb[] = [[31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75]];

function canvas(width: number, height: number, background: Rgb): Pixels {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(background, i * 3);
  return { data, width, height, channels: 3 };
}

function fill(p: Pixels, x0: number, y0: number, w: number, h: number, c: Rgb): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) p.data.set(c, (y * p.width + x) * 3);
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((k) => Math.round(a[k]! * (1 - t) + b[k]! * t)) as Rgb;

/** A line plot: horizontal lines of `series` colours, each 2 px wide with a 1 px anti-aliased
 * edge on either side at 8 blend levels along the line (as a sloped line's edges are). */
function linePlot(series: Rgb[], width = 1200, height = 900): Pixels {
  const p = canvas(width, height, WHITE);
  series.forEach((c, i) => {
    const y = 50 + i * 120;
    fill(p, 0, y, width, 2, c);
    for (let x = 0; x < width; x++) {
      const t = 0.2 + 0.7 * ((x >> 4) % 8) / 8;
      p.data.set(mix(c, WHITE, t), ((y - 1) * width + x) * 3);
      p.data.set(mix(c, WHITE, 1 - t + 0.1), ((y + 2) * width + x) * 3);
    }
  });
  return p;
}

describe('significantColours', () => {
  it('counts a flat image as one colour', () => {
    expect(significantColours(canvas(300, 200, [40, 40, 40]))).toBe(1);
  });

  it('counts each series of a line plot and the background, not the blends along the lines', () => {
    expect(significantColours(linePlot(TAB10.slice(0, 1)))).toBe(2);
    expect(significantColours(linePlot(TAB10.slice(0, 3)))).toBe(4);
    expect(significantColours(linePlot(TAB10))).toBe(7);
  });

  it('counts a colour covering 0.05% of the pixels (a thin series) but not one at 0.01%', () => {
    const p = canvas(1000, 1000, WHITE);
    fill(p, 0, 0, 500, 1, [214, 39, 40]); // 0.05%
    fill(p, 0, 10, 100, 1, [44, 160, 44]); // 0.01%
    expect(significantColours(p)).toBe(2);
  });

  it('caps a photo-like image of many colours at 16', () => {
    const p = canvas(512, 512, WHITE);
    for (let i = 0; i < 512 * 512; i++) p.data.set([(i * 37) & 255, (i * 91) & 255, (i >> 10) & 255], i * 3);
    expect(significantColours(p)).toBe(16);
  });

  it('counts grey levels of a one-channel image', () => {
    const width = 400;
    const data = Buffer.alloc(width * width);
    for (let i = 0; i < data.length; i++) data[i] = [0, 96, 160, 255][i % 4]!;
    expect(significantColours({ data, width, height: width, channels: 1 })).toBe(4);
  });
});

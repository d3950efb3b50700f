// The bench referee's "colours kept" rule (scripts/bench-images/frontier-cache.mjs): a palette
// candidate counts as the frontier's best only with at least the image's significant colours
// (a heatmap's only with 16 or more), so a 2-colour copy of a 6-series plot, which luma SSIM
// may rate highest, is not the target ours is judged against.
import { describe, expect, it } from 'vitest';
import { bestCounted, minColours } from '../scripts/bench-images/frontier-cache.mjs';

const result = {
  fits: true,
  encodes: 0,
  ms: 0,
  candidates: [
    { ssim: 0.95, method: 'png 2c dither scale 1.00', bytes: 40_000, colours: 2 },
    { ssim: 0.94, method: 'png 4c scale 1.00', bytes: 45_000, colours: 4 },
    { ssim: 0.92, method: 'png 16c scale 0.50', bytes: 48_000, colours: 16 },
    { ssim: 0.9, method: 'png scale 0.32', bytes: 50_000 },
  ],
};

describe('the frontier colour rule', () => {
  it('sets aside palettes with fewer colours than the image has significant colours', () => {
    expect(bestCounted(result, 'plot', 10)?.method).toBe('png 16c scale 0.50');
    expect(bestCounted(result, 'plot', 3)?.method).toBe('png 4c scale 1.00');
    expect(bestCounted(result, 'screenshot', 2)?.method).toBe('png 2c dither scale 1.00');
  });

  it('counts only 16 colours or more for a heatmap, whatever its count', () => {
    expect(minColours('heatmap', 3)).toBe(16);
    expect(bestCounted(result, 'heatmap', 3)?.method).toBe('png 16c scale 0.50');
  });

  it('always counts candidates without a palette', () => {
    expect(bestCounted({ ...result, candidates: result.candidates.slice(3) }, 'plot', 16)?.method).toBe('png scale 0.32');
  });
});

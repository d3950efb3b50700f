// The image comparison's benchmark harness (scripts/bench/compare-images.mjs) runs from its own
// bundle of src/: it times compareImages and the page on a 1 MP plot with a real change, and
// reports per megapixel. Timings are the bench's business; here only that they are measured.
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleCompareImages, comparedPair, TARGET_MS_PER_MP, timeCompareImages, type CompareCode } from '../scripts/bench/compare-images.mjs';

describe('the compare-images bench', () => {
  it('compares two different versions of a plot', async () => {
    const { base, head } = await comparedPair(200);
    expect(base.equals(head)).toBe(false);
  });

  it('times compare + render from the bundle, per megapixel', async () => {
    const bundle = await bundleCompareImages('compare-images-test.mjs');
    const code = (await import(pathToFileURL(bundle).href)) as CompareCode;
    const result = await timeCompareImages(code, 2);
    expect(result.times).toHaveLength(2);
    expect(result.times.every((t) => t > 0)).toBe(true);
    expect(result.megapixels).toBe(1);
    expect(result.msPerMP).toBeGreaterThan(0);
    expect(result.share).toBeGreaterThan(0);
    expect(result.share).toBeLessThan(0.1);
    expect(result.overlayBytes).toBeGreaterThan(1000);
    expect(result.pageBytes).toBeGreaterThan(1000);
    expect(result.target).toBe(TARGET_MS_PER_MP);
  }, 60_000);
});

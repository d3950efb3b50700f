// @ts-check
// The image comparison of issue 15, timed: compareImages (decode both PNGs, pixelmatch, the
// overlay's PNG) and the page's view and rendering, for one plot-like image of 1000×1000 whose
// new version has one more series (a changed legend and a new line). The action's own code,
// bundled from src/; sharp from the checkout, set up as images/load-sharp.ts sets it (one
// libvips thread, no cache). The result is in ms per megapixel; the target is 150.
//   node scripts/bench/compare-images.mjs [bundle.mjs] [runs]   → one JSON line on stdout
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { rngFor } from '../bench-images/random.mjs';
import { linePlot } from '../bench-images/svg-plots.mjs';
import { bundleSources } from './bundle.mjs';

/** The budget per megapixel (compare + render), in ms. */
export const TARGET_MS_PER_MP = 150;

/**
 * What the bundle exports: the comparison and the page.
 * @typedef {{ compareImages: typeof import('../../src/compare/image-diff.js').compareImages, imagePageView: typeof import('../../src/compare/image-page.js').imagePageView, renderImagePage: typeof import('../../src/compare/image-page.js').renderImagePage, overlayHref: typeof import('../../src/compare/image-page.js').overlayHref }} CompareCode
 * @typedef {{ runs: number, megapixels: number, times: number[], msPerMP: number, medianMsPerMP: number, share: number, overlayBytes: number, pageBytes: number, target: number }} CompareResult
 */

/** Bundles src/compare's image comparison and page to `.cache/bench/<name>`; returns its path. */
export async function bundleCompareImages(name = 'compare-images-harness.mjs') {
  return bundleSources(name, ["export { compareImages } from './src/compare/image-diff.ts'; export { imagePageView, renderImagePage, overlayHref } from './src/compare/image-page.ts';"]);
}

/**
 * The two versions: the same training-curve plot with 4 series, then 5.
 * @param {number} size
 */
export async function comparedPair(size = 1000) {
  const draw = (/** @type {number} */ series) => sharp(Buffer.from(linePlot(rngFor('compare-images'), { W: size, H: size, series }))).png().toBuffer();
  return { base: await draw(4), head: await draw(5) };
}

/**
 * Compares and renders the pair `runs` times (after one warm-up run): the times (ms) and the
 * mean and median per megapixel.
 * @param {CompareCode} code
 * @param {number} runs
 * @param {number} [size]
 * @returns {Promise<CompareResult>}
 */
export async function timeCompareImages({ compareImages, imagePageView, renderImagePage, overlayHref }, runs, size = 1000) {
  sharp.concurrency(1);
  sharp.cache(false);
  const { base, head } = await comparedPair(size);
  const path = 'plots/validation loss.png';
  const pageHead = { title: `${path} · changes · bench`, testName: 'bench', path, breadcrumbs: [{ name: 'bench', href: '../../../index.html' }], baseLabel: 'main @ 2f1e4c9', baseHref: '../../../../base/plots/validation%20loss.png', headHref: '../../../plots/validation%20loss.png' };
  const once = async () => {
    const t = performance.now();
    const diff = await compareImages(sharp, base, head);
    const html = renderImagePage(imagePageView(pageHead, diff, overlayHref(path)));
    return { ms: performance.now() - t, diff, html };
  };
  /** @type {number[]} */
  const times = [];
  // The first run warms up (module code, libvips' loaders) and is not counted.
  let last = await once();
  for (let r = 0; r < runs; r++) {
    last = await once();
    times.push(last.ms);
  }
  const megapixels = (last.diff.width * last.diff.height) / 1e6;
  const sorted = [...times].sort((a, b) => a - b);
  const median = /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
  return {
    runs,
    megapixels,
    times,
    msPerMP: times.reduce((a, b) => a + b, 0) / times.length / megapixels,
    medianMsPerMP: median / megapixels,
    share: last.diff.share,
    overlayBytes: last.diff.overlay.length,
    pageBytes: Buffer.byteLength(last.html),
    target: TARGET_MS_PER_MP,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundle = process.argv[2] || (await bundleCompareImages());
  const runs = Number(process.argv[3] ?? 10);
  /** @type {unknown} */
  const bundled = await import(pathToFileURL(bundle).href);
  console.log(JSON.stringify(await timeCompareImages(/** @type {CompareCode} */ (bundled), runs)));
}

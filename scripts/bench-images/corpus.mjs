// @ts-check
// The corpus: each image's recipe and class by file name, and the copy in .cache/bench/corpus/
// that is reused while the generators' code, libvips and the names match (else, or on --regen,
// rebuilt). Classes group the results (time and SSIM per class) and pick rules: the colour-map
// rule of the frontier applies to `heatmap`, the 0.97 quality target to `plot` and `screenshot`.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { MAGMA } from './colour-maps.mjs';
import { rngFor, SEED } from './random.mjs';
import { greyLevels16, noisyAnimation } from './odd-images.mjs';
import { heatmapRaw, microscopy, photoRaw } from './raw-images.mjs';
import { FONT, svgDoc } from './svg.mjs';
import { confusion, groupedBars, heatmapCells, histogram, linePlot, scatterPlot, subplots, waveform } from './svg-plots.mjs';
import { logPage, uiScreenshot } from './svg-screenshots.mjs';

// A cached corpus is reused while these files (the recipes and every generator they call) and
// libvips are unchanged: a hash of them is kept in its manifest, so an edit cannot go unnoticed.
const GENERATORS = ['corpus.mjs', 'colour-maps.mjs', 'odd-images.mjs', 'random.mjs', 'raw-images.mjs', 'svg.mjs', 'svg-plots.mjs', 'svg-screenshots.mjs'];

/** @typedef {'plot' | 'screenshot' | 'heatmap' | 'photo' | 'microscopy' | 'gif' | 'odd'} ImageClass */
/** @type {readonly ImageClass[]} */
export const CLASSES = ['plot', 'screenshot', 'heatmap', 'photo', 'microscopy', 'gif', 'odd'];

/**
 * Each image's class, by what it shows (a plot saved as JPEG is a plot); `odd` is for the
 * encodings and edge cases (16-bit, CMYK, EXIF rotation, 1×1, an icon) whatever they show.
 * @type {Record<string, ImageClass>}
 */
const CLASS_OF = {
  'line-800x600.png': 'plot',
  'line-1600x1200-dpi200.png': 'plot',
  'line-1600x1200-thin.png': 'plot',
  'line-2400x1800-thin.png': 'plot',
  'line-2400x1800-dpi300.png': 'plot',
  'multiline-noisy-800x600.png': 'plot',
  'multiline-noisy-1600x1200.png': 'plot',
  'multiline-walk-2400x1800.png': 'plot',
  'subplots-2400x1800.png': 'plot',
  'waveform-6000x400.png': 'plot',
  'scatter-2k-800x600.png': 'plot',
  'scatter-20k-1600x1200.png': 'plot',
  'scatter-10k-2400x1800.png': 'plot',
  'histogram-800x600.png': 'plot',
  'histogram-1600x1200.png': 'plot',
  'bars-grouped-1600x1200.png': 'plot',
  'heatmap-smooth-1000x1000.png': 'heatmap',
  'heatmap-noisy-1000x1000.png': 'heatmap',
  'heatmap-noisy-magma-2000x1500.png': 'heatmap',
  'heatmap-cells-1600x1200.png': 'heatmap',
  'confusion-10-1000x1000.png': 'heatmap',
  'confusion-30-2000x2000.png': 'heatmap',
  'photo-1920x1080-q92.jpg': 'photo',
  'photo-4000x3000-q92.jpg': 'photo',
  'photo-1280x720.png': 'photo',
  'line-2400x1800-q95.jpg': 'plot',
  'ui-1440x900-q90.jpg': 'screenshot',
  'photo-800x600-q85.jpg': 'photo',
  'ui-1440x900.png': 'screenshot',
  'ui-dark-1440x900.png': 'screenshot',
  'ui-retina-2880x1800.png': 'screenshot',
  'fullpage-log-1000x6000.png': 'screenshot',
  'transparent-plot-1600x1200.png': 'plot',
  'plot-16bit-1600x1200.png': 'odd',
  'grey16-levels-400x400.png': 'odd',
  'grey-microscopy-1200x1200.png': 'microscopy',
  'microscopy-800x800.png': 'microscopy',
  'cmyk-photo-1600x1200.jpg': 'odd',
  'exif-rot6-photo-1600x1200.jpg': 'odd',
  'scatter-1600x1200-lossless.webp': 'plot',
  'photo-1920x1080-q90.webp': 'photo',
  'heatmap-1200x1200-lzw.tif': 'heatmap',
  'plot-rgba-1600x1200.tif': 'plot',
  'scatter-1200x900.gif': 'gif',
  'animated-24f-640x480.gif': 'gif',
  'animated-noise-12f-200x200.gif': 'gif',
  'small-plot-480x360.png': 'plot',
  'small-thumb-256x192.jpg': 'photo',
  'icon-64x64.png': 'odd',
  'pixel-1x1.png': 'odd',
  'bars-800x600-level1.png': 'plot',
};

/** @param {import('./types.mjs').Sharp} sharp */
async function generatorHash(sharp) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256').update(`vips ${sharp.versions.vips}\n`);
  for (const file of GENERATORS) hash.update(await readFile(path.join(here, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * name → how to make it (returns the file's bytes).
 * @param {import('./types.mjs').Sharp} sharp
 */
function corpusRecipes(sharp) {
  const png = (/** @type {Buffer} */ svg) => sharp(svg).png().toBuffer();
  /** @type {Record<string, (r: import('./random.mjs').Rng) => Promise<Buffer>>} */
  const recipes = {
    // Line plots, matplotlib-like: DPI 100, 200 and 300; thin 1 px lines where they don't scale.
    'line-800x600.png': (r) => png(linePlot(r, { W: 800, H: 600 })),
    'line-1600x1200-dpi200.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 2, seriesLw: 3 })),
    'line-1600x1200-thin.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 1, seriesLw: 1, series: 4, points: 600 })),
    'line-2400x1800-thin.png': (r) => png(linePlot(r, { W: 2400, H: 1800, lw: 1, seriesLw: 1, series: 3, points: 800 })),
    'line-2400x1800-dpi300.png': (r) => png(linePlot(r, { W: 2400, H: 1800, lw: 3, seriesLw: 4.5 })),
    'multiline-noisy-800x600.png': (r) => png(linePlot(r, { W: 800, H: 600, series: 6, points: 1000, kind: 'noisy', title: 'train loss' })),
    'multiline-noisy-1600x1200.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 1, seriesLw: 1, series: 8, points: 2000, kind: 'noisy', title: 'train loss (8 seeds)' })),
    'multiline-walk-2400x1800.png': (r) => png(linePlot(r, { W: 2400, H: 1800, lw: 1, seriesLw: 1.5, series: 10, points: 1500, kind: 'walk', title: 'throughput' })),
    'subplots-2400x1800.png': (r) => png(subplots(r, { W: 2400, H: 1800, lw: 1 })),
    'waveform-6000x400.png': (r) => png(waveform(r, { W: 6000, H: 400 })),
    // Scatter plots.
    'scatter-2k-800x600.png': (r) => png(scatterPlot(r, { W: 800, H: 600, points: 2000, r: 2 })),
    'scatter-20k-1600x1200.png': (r) => png(scatterPlot(r, { W: 1600, H: 1200, points: 20_000, r: 1.5, opacity: 0.5, classes: 6 })),
    'scatter-10k-2400x1800.png': (r) => png(scatterPlot(r, { W: 2400, H: 1800, points: 10_000, r: 2, lw: 1, classes: 8 })),
    // Histograms and bars.
    'histogram-800x600.png': (r) => png(histogram(r, { W: 800, H: 600, bins: 40 })),
    'histogram-1600x1200.png': (r) => png(histogram(r, { W: 1600, H: 1200, bins: 120, groups: 3, lw: 1 })),
    'bars-grouped-1600x1200.png': (r) => png(groupedBars(r, { W: 1600, H: 1200, lw: 2 })),
    // Heatmaps and matrices.
    'heatmap-smooth-1000x1000.png': async (r) => (await heatmapRaw(sharp, r, { W: 1000, H: 1000, noisy: false })).png().toBuffer(),
    'heatmap-noisy-1000x1000.png': async (r) => (await heatmapRaw(sharp, r, { W: 1000, H: 1000, noisy: true })).png().toBuffer(),
    'heatmap-noisy-magma-2000x1500.png': async (r) => (await heatmapRaw(sharp, r, { W: 2000, H: 1500, noisy: true, stops: MAGMA })).png().toBuffer(),
    'heatmap-cells-1600x1200.png': (r) => png(heatmapCells(r, { W: 1600, H: 1200, lw: 1 })),
    'confusion-10-1000x1000.png': (r) => png(confusion(r, { W: 1000, H: 1000, classes: 10 })),
    'confusion-30-2000x2000.png': (r) => png(confusion(r, { W: 2000, H: 2000, classes: 30 })),
    // Photo-like.
    'photo-1920x1080-q92.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 1920, H: 1080 }), 1920, 1080).jpeg({ quality: 92 }).toBuffer(),
    'photo-4000x3000-q92.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 4000, H: 3000 }), 4000, 3000).jpeg({ quality: 92 }).toBuffer(),
    'photo-1280x720.png': async (r) => raw3(await photoRaw(sharp, r, { W: 1280, H: 720, noise: 3 }), 1280, 720).png().toBuffer(),
    // Plots and screenshots saved as JPEG (savefig('x.jpg'), Playwright's type: 'jpeg').
    'line-2400x1800-q95.jpg': (r) => sharp(linePlot(r, { W: 2400, H: 1800, lw: 1, seriesLw: 1.5, series: 4, points: 600 })).flatten({ background: '#ffffff' }).jpeg({ quality: 95 }).toBuffer(),
    'ui-1440x900-q90.jpg': (r) => sharp(uiScreenshot(r, { W: 1440, H: 900 })).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer(),
    'photo-800x600-q85.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 800, H: 600, noise: 2 }), 800, 600).jpeg({ quality: 85 }).toBuffer(),
    // Screenshots.
    'ui-1440x900.png': (r) => png(uiScreenshot(r, { W: 1440, H: 900 })),
    'ui-dark-1440x900.png': (r) => png(uiScreenshot(r, { W: 1440, H: 900, dark: true })),
    'ui-retina-2880x1800.png': (r) => png(uiScreenshot(r, { W: 2880, H: 1800, scale: 2 })),
    'fullpage-log-1000x6000.png': (r) => png(logPage(r, { W: 1000, H: 6000 })),
    // Odd formats and encodings.
    'transparent-plot-1600x1200.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 1, seriesLw: 1.5, series: 4, points: 500, background: '' })),
    'plot-16bit-1600x1200.png': async (r) => (await heatmapRaw(sharp, r, { W: 1600, H: 1200, noisy: false })).toColourspace('rgb16').png().toBuffer(),
    // A label mask in 16-bit grey, written uncompressed (321 KB): few levels, so palettes fit.
    'grey16-levels-400x400.png': (r) => greyLevels16(sharp, r, { W: 400, H: 400, levels: 6 }),
    'grey-microscopy-1200x1200.png': async (r) => (await microscopy(sharp, r, { W: 1200, H: 1200 })).png().toBuffer(),
    'microscopy-800x800.png': async (r) => (await microscopy(sharp, r, { W: 800, H: 800 })).png().toBuffer(),
    'cmyk-photo-1600x1200.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 1600, H: 1200 }), 1600, 1200).toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(),
    'exif-rot6-photo-1600x1200.jpg': async (r) => {
      // Stored landscape with a plot-like overlay, shown portrait (EXIF orientation 6).
      const pixels = await photoRaw(sharp, r, { W: 1600, H: 1200 });
      const label = svgDoc(1600, 1200, `<text x='60' y='140' font-size='96' fill='#ffffff' ${FONT}>sample 42 / top-left</text>`, { background: '' });
      return raw3(pixels, 1600, 1200).composite([{ input: label }]).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
    },
    'scatter-1600x1200-lossless.webp': (r) => sharp(scatterPlot(r, { W: 1600, H: 1200, points: 8000, r: 2 })).webp({ lossless: true }).toBuffer(),
    'photo-1920x1080-q90.webp': async (r) => raw3(await photoRaw(sharp, r, { W: 1920, H: 1080 }), 1920, 1080).webp({ quality: 90 }).toBuffer(),
    'heatmap-1200x1200-lzw.tif': async (r) => (await heatmapRaw(sharp, r, { W: 1200, H: 1200, noisy: false })).tiff({ compression: 'lzw' }).toBuffer(),
    'plot-rgba-1600x1200.tif': (r) => sharp(linePlot(r, { W: 1600, H: 1200, lw: 2, seriesLw: 2 })).ensureAlpha().tiff({ compression: 'lzw' }).toBuffer(),
    'scatter-1200x900.gif': (r) => sharp(scatterPlot(r, { W: 1200, H: 900, points: 5000, r: 2 })).gif().toBuffer(),
    'animated-24f-640x480.gif': async (r) => {
      /** @type {Buffer[]} */
      const frames = [];
      for (let f = 0; f < 24; f++) {
        const rf = rngFor(`frame-${f}`);
        const svg = linePlot(rf, { W: 640, H: 480, series: 2, points: 100 + f * 20, title: `epoch ${f + 1}` });
        frames.push(await sharp(svg).ensureAlpha().raw().toBuffer());
      }
      void r;
      return sharp(Buffer.concat(frames), { raw: { width: 640, height: 480 * 24, channels: 4, pageHeight: 480 } })
        .gif({ loop: 0, delay: Array(24).fill(200) })
        .toBuffer();
    },
    // 12 frames of fresh noise (536 KB): the animation cannot fit, its first frame can (46 KB
    // at 256 colours, 16 KB at 16).
    'animated-noise-12f-200x200.gif': (r) => noisyAnimation(sharp, r, { W: 200, H: 200, frames: 12, noise: 10 }),
    // Already under the cap, or just over it.
    'small-plot-480x360.png': (r) => png(linePlot(r, { W: 480, H: 360, s: 0.7, series: 2, points: 50 })),
    'small-thumb-256x192.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 256, H: 192, noise: 2 }), 256, 192).jpeg({ quality: 85 }).toBuffer(),
    'icon-64x64.png': (r) => png(svgDoc(64, 64, `<circle cx='32' cy='32' r='${r.int(20, 28)}' fill='#1a7f37'/><path d='M20 33 L29 42 L45 24' stroke='#fff' stroke-width='5' fill='none'/>`, { background: '' })),
    // A failed render's placeholder.
    'pixel-1x1.png': () => sharp({ create: { width: 1, height: 1, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer(),
    'bars-800x600-level1.png': (r) => sharp(groupedBars(r, { W: 800, H: 600, categories: 6, groups: 3 })).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer(),
  };
  return recipes;

  /**
   * @param {Buffer} buf
   * @param {number} width
   * @param {number} height
   */
  function raw3(buf, width, height) {
    return sharp(buf, { raw: { width, height, channels: 3 } });
  }
}

/**
 * The image's class; every name in the corpus has one (checked when the corpus is built).
 * @param {string} name
 * @returns {ImageClass}
 */
export function classOf(name) {
  const found = CLASS_OF[name];
  if (!found) throw new Error(`corpus image ${name} has no class in CLASS_OF (scripts/bench-images/corpus.mjs)`);
  return found;
}

/**
 * @param {import('./types.mjs').Sharp} sharp
 * @param {{ dir: string, regen?: boolean | undefined, root: string }} options
 * @returns {Promise<string[]>}
 */
export async function buildCorpus(sharp, { dir, regen, root }) {
  const recipes = corpusRecipes(sharp);
  const names = Object.keys(recipes);
  const unclassed = [...names.filter((n) => !CLASS_OF[n]), ...Object.keys(CLASS_OF).filter((n) => !recipes[n])];
  if (unclassed.length) throw new Error(`corpus.mjs: recipes and CLASS_OF disagree on ${unclassed.join(', ')}`);
  const manifestPath = path.join(dir, 'manifest.json');
  const generator = await generatorHash(sharp);
  if (!regen && existsSync(manifestPath)) {
    /** @type {unknown} */
    const parsed = JSON.parse(await readFile(manifestPath, 'utf8'));
    const manifest = /** @type {{ generator: string, names: string[] }} */ (parsed);
    if (manifest.generator === generator && manifest.names.join() === names.join() && names.every((n) => existsSync(path.join(dir, n)))) {
      return names;
    }
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  process.stdout.write(`generating the corpus (${names.length} images) into ${path.relative(root, dir)}/ …`);
  for (const name of names) {
    const data = await /** @type {(r: import('./random.mjs').Rng) => Promise<Buffer>} */ (recipes[name])(rngFor(name));
    await writeFile(path.join(dir, name), data);
  }
  await writeFile(manifestPath, JSON.stringify({ generator, seed: SEED, names }, null, 2) + '\n');
  console.log(` ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return names;
}

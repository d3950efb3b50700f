// @ts-check
// `npm run bench:images`: how well src/images/compress.ts shrinks realistic test outputs under
// the 50 KB cap, against the seed's method, and whether it meets issue 16's targets, judged by a
// brute-force referee (the frontier). One run; its printed target block is what the README cites.
//
// 1. Corpus: 51 images generated deterministically (seeded PRNG, no network) into
//    .cache/bench/corpus/, each with a class (corpus.mjs): plot, screenshot, heatmap, photo,
//    microscopy, gif (still and animated) and odd (16-bit, CMYK, EXIF-rotated, 1×1, an icon).
//    Plots are drawn from SVG by sharp (librsvg; text uses the system's fonts, DejaVu Sans here,
//    so bytes can differ on a machine with other fonts), heatmaps and photo-like images from raw
//    pixels. Reused while the generators' code, libvips and the file list match (`--regen`).
// 2. The seed: its own compress_image in Python with Pillow (bench-images/seed_method.py), one
//    process, one core, run first (each image's best time of the runs); its per-image times are
//    summed per class.
// 3. Ours: compressImage(sharp, input, format, 51200) from src/images/compress.ts, bundled with
//    esbuild into .cache/bench/compress.mjs (sharp external), with sharp as loadSharp sets it up
//    (one libvips thread per image), run as the action runs it: two images per core
//    (ImageSlots, images/schedule.ts), each class as one batch, then every image in one pool;
//    a class's time is its batch's wall time, the total the pool's. Times are noisy on a shared
//    machine (10–15% between single runs here): the seed and ours are each run 3 times
//    (`--runs`) and the best time of each kept.
// 4. SSIM against the original at the original's full size: both decoded with EXIF orientation
//    applied, flattened on white, as 8-bit sRGB; the output resized (lanczos3) back up to the
//    original's (oriented) dimensions. Luma with MATLAB's weights, 11×11 box windows at every
//    position (Weber's variant, as ssim.js computes it): src/images/similarity.ts, checked
//    against ssim.js in __tests__/similarity.test.ts. Animated GIFs: the first frame. An image
//    kept under the cap scores 1. The result's own `similarity` (what keep-originals: auto
//    decides by) is compared with this SSIM.
// 5. The frontier (frontier.mjs), for every image over the cap, in its own format only (what
//    the action may write for it), never below the action's minimum size: does anything fit, and
//    the best SSIM within the cap. Cached per image under .cache/bench/frontier/ (input sha256 +
//    frontier code version), so a second run costs nothing; the first takes minutes. Colour
//    maps kept (frontier-cache.mjs bestCounted): a palette candidate counts as the best only with
//    at least as many colours as the image's significant colours (src/images/colour-count.ts,
//    capped at 16), a heatmap's only with 16 or more: a 6-series plot in 2 dithered colours
//    loses which line is which, as a 2-colour heatmap loses its map, and luma SSIM sees neither.
//    Applied after the cache, so changing it recomputes nothing.
// 6. Prints a row per image, the frontier per image, a table per class (images, ours wall ms,
//    seed ms, ratio, mean SSIM of ours, the seed and the frontier), the overall numbers, the
//    targets with PASS/MISS and the numbers behind them (targets.mjs: (1) cap where the frontier
//    fits, (2a) ≥ the seed's SSIM, (2b) within 0.02 of the frontier, (2c) plot/screenshot mean ≥
//    0.97, (3) time vs the seed per class and in total, stretch 0.5×, with each slower class's
//    profile and floor (floor.mjs: decoding, one encode and one similarity measure an image, one
//    at a time, against the seed: out of reach or not), (4) keep-originals: auto's
//    originals and their storage cost, (5) animated GIFs kept or cut), the markdown tables for
//    the README, and writes .cache/bench/images.json. Exits 1 only on a product rule: an output
//    of ours over the cap where the frontier fits (any over the cap with --no-frontier), or an
//    error; a missed quality or speed target prints MISS and why.
//
// Options: --regen (rebuild the corpus), --only SUBSTRING[,SUBSTRING] (filter images),
// --module PATH (bench another copy of compress.ts, e.g. a scratch copy under .cache/),
// --json PATH (where to write the results), --runs N (timed runs of the seed and of ours, the best
// time of each kept; 3 unless set), --no-seed (skip the seed), --no-frontier (skip the
// referee: targets 1 counts every image over the cap, 2b and 5 are not judged).
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { bundleCompress } from './bench-images/bundle.mjs';
import { buildCorpus, CLASSES, classOf } from './bench-images/corpus.mjs';
import { evaluate, timed } from './bench-images/evaluate.mjs';
import { frontier } from './bench-images/frontier.mjs';
import { measureFloors } from './bench-images/floor.mjs';
import { bestCounted, cachedFrontier, frontierVersion, MIN_COLOUR_MAP_COLOURS, minColours } from './bench-images/frontier-cache.mjs';
import { classTable, printClassTable, printFrontier, printMarkdown, printOverall, printRow, summarise } from './bench-images/report.mjs';
import { runSeed } from './bench-images/seed-method.mjs';
import { referenceFor } from './bench-images/similarity.mjs';
import { FRONTIER_SLACK, judge, PLOT_SCREENSHOT_MEAN, printTargets, STRETCH_RATIO } from './bench-images/targets.mjs';

/**
 * @typedef {import('./bench-images/types.mjs').Row} Row
 * @typedef {import('./bench-images/types.mjs').TimedRun} TimedRun
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const CORPUS = path.join(CACHE, 'corpus');
const CAP = 51_200;

const args = parseArgs(process.argv.slice(2));

async function main() {
  const modulePath = path.resolve(ROOT, args.module ?? 'src/images/compress.ts');
  const mod = await bundleCompress(ROOT, CACHE, modulePath);
  const { sharp, runtime, error } = await mod.loadSharp();
  if (!sharp) throw new Error(`sharp did not load: ${error}`);
  const names = await buildCorpus(sharp, { dir: CORPUS, regen: args.regen, root: ROOT });
  const only = args.only?.split(',');
  const selected = only ? names.filter((n) => only.some((o) => n.includes(o))) : names;
  const cores = os.availableParallelism();
  const runs = args.runs ?? 3;
  const limit = pLimit(cores);
  // Ours as the action schedules images (images/schedule.ts: two per core, large ones taking
  // more slots).
  const slots = new mod.ImageSlots(mod.ImageSlots.forCores(cores).slots);
  const pixels = (/** @type {{ meta: { width?: number, height?: number } }} */ im) => (im.meta.width ?? 0) * (im.meta.height ?? 0);
  const started = performance.now();

  const images = await Promise.all(
    selected.map(async (name) => {
      const input = await readFile(path.join(CORPUS, name));
      const meta = await sharp(input).metadata();
      // formatOf knows every name in the corpus (each has an image extension).
      return { name, cls: classOf(name), input, meta, format: /** @type {import('./bench-images/types.mjs').ImageFormat | 'bmp'} */ (mod.formatOf(name)) };
    }),
  );

  // The seed first, in one Python process over the whole selection (one core, its own times),
  // `runs` times: each image's best time (the machine's noise moved single runs by 10–15%).
  /** @type {Awaited<ReturnType<typeof runSeed>> | undefined} */
  let seedRun;
  for (let r = 0; !args.noSeed && r < runs; r++) {
    const run = await runSeed(sharp, CORPUS, selected, path.join(CACHE, 'seed-work'));
    if (seedRun) for (const [i, t] of run.runs.entries()) seedRun.runs[i] = { ...t, ms: Math.min(t.ms, /** @type {TimedRun} */ (seedRun.runs[i]).ms) };
    else seedRun = run;
  }

  // Warm up libvips (first-call costs would otherwise land on the first class).
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  /** @type {TimedRun[]} */
  const ours = [];
  /** @type {Record<string, import('./bench-images/targets.mjs').ClassTime>} */
  const times = {};
  // Each class as one batch and then every image in one pool, `runs` times, the best time of
  // each kept (results and per-image times from the first run: the outputs are the same).
  let poolMs = Infinity;
  for (let r = 0; r < runs; r++) {
    for (const cls of CLASSES) {
      const members = [...images.entries()].filter(([, im]) => im.cls === cls);
      if (members.length === 0) continue;
      const t0 = performance.now();
      await Promise.all(members.map(([i, im]) => slots.run(pixels(im), async () => {
        const run = await timed(() => mod.compressImage(sharp, im.input, im.format, CAP));
        if (r === 0) ours[i] = run;
      })));
      const seedMs = seedRun ? members.reduce((a, [i]) => a + /** @type {TimedRun} */ (seedRun.runs[i]).ms, 0) : null;
      const oursMs = Math.min(performance.now() - t0, times[cls]?.oursMs ?? Infinity);
      times[cls] = { images: members.length, oursMs, seedMs };
    }
    // The total as the action runs it: every image in one pool (a class batch of one or two
    // images leaves a core idle, which the sum of the class batches counts against us).
    const pool0 = performance.now();
    await Promise.all(images.map((im) => slots.run(pixels(im), () => mod.compressImage(sharp, im.input, im.format, CAP))));
    poolMs = Math.min(poolMs, performance.now() - pool0);
  }

  // Target 3's floor, for the classes slower than the seed (floor.mjs), one image at a time.
  const slowerClasses = Object.entries(times).filter(([, t]) => t.seedMs !== null && t.oursMs > t.seedMs).map(([cls]) => cls);
  const floors = seedRun ? await measureFloors(sharp, mod, images, seedRun.runs.map((t) => t.ms), slowerClasses, { cap: CAP, cores }) : {};

  const version = await frontierVersion(sharp, { cap: CAP, minLongestSide: mod.MIN_LONGEST_SIDE });
  /** @type {Row[]} */
  const rows = await Promise.all(
    images.map((im, i) =>
      limit(async () => {
        const run = /** @type {TimedRun} */ (ours[i]);
        const reference = await referenceFor(sharp, mod, im.input);
        const seed = seedRun?.runs[i];
        const keep = run.result?.kind === 'compressed' ? mod.keepReason('auto', run.result) : undefined;
        /** @type {Row} */
        const row = {
          name: im.name,
          class: im.cls,
          format: im.format,
          bytes: im.input.length,
          width: im.meta.autoOrient?.width ?? im.meta.width,
          height: im.meta.autoOrient?.height ?? im.meta.height,
          pages: im.meta.pages ?? 1,
          info: [im.meta.space, im.meta.depth, im.meta.hasAlpha ? 'alpha' : '', (im.meta.pages ?? 1) > 1 ? `${im.meta.pages} pages` : '', im.meta.orientation ? `orient ${im.meta.orientation}` : ''].filter(Boolean).join(' '),
          ssimAt: `${reference.width}x${reference.height}`,
          ours: await evaluate(reference, im.input, run, CAP),
          ...(seed ? { seed: await evaluate(reference, im.input, seed, CAP) } : {}),
          ...(keep ? { keepOriginal: keep === 'low-similarity' ? `${keep} ${run.result?.kind === 'compressed' ? run.result.similarity?.toFixed(3) : ''}` : keep } : {}),
        };
        if (!args.noFrontier && im.input.length > CAP && im.format !== 'bmp') {
          const result = await cachedFrontier(path.join(CACHE, 'frontier'), version, im.input, () =>
            frontier(sharp, { input: im.input, reference, cap: CAP, format: im.format, minLongestSide: mod.MIN_LONGEST_SIDE, animated: (im.meta.pages ?? 1) > 1 }),
          );
          // Counted on the pixels compressImage decodes (EXIF orientation, 8-bit sRGB).
          const { data, info } = await sharp(im.input, { limitInputPixels: false }).rotate().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
          const significant = mod.significantColours({ data, width: info.width, height: info.height, channels: /** @type {1 | 2 | 3 | 4} */ (info.channels) });
          const best = bestCounted(result, im.cls, significant);
          const allBest = bestCounted(result, 'any', 0);
          row.frontier = { fits: result.fits, best, allBest, significantColours: significant, minColours: minColours(im.cls, significant), ...(result.animation ? { animationFits: result.animation.fits } : {}), cached: result.cached, ms: result.ms, encodes: result.encodes };
          printFrontier(row);
        }
        return row;
      }),
    ),
  );
  for (const row of rows) printRow(row);
  const table = classTable(rows, times);
  printClassTable(table);
  const overall = { ours: summarise(rows, 'ours'), ...(seedRun ? { seed: summarise(rows, 'seed') } : {}) };
  printOverall(overall, (performance.now() - started) / 1000);
  const targets = judge(rows, times, { poolMs, floors, cap: CAP, keepBelow: mod.KEEP_ORIGINAL_BELOW, frontier: !args.noFrontier, seed: Boolean(seedRun) });
  printTargets(targets);
  printMarkdown(table, overall);

  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}, ${os.cpus().length} cpus, ${cores} used`,
    sharp: { version: sharp.versions.sharp, vips: sharp.versions.vips, runtime },
    seed: seedRun ? { pillow: seedRun.pillow, python: seedRun.python } : null,
    module: path.relative(ROOT, modulePath),
    cap: CAP,
    ssim: { implementation: 'src/images/similarity.ts (agrees with ssim.js weber to 5e-4)', window: '11x11 box, every position', luma: 'MATLAB rgb2gray weights', compareAt: 'original size' },
    frontier: args.noFrontier ? null : { version, minColourMapColours: MIN_COLOUR_MAP_COLOURS, rule: 'palette candidates count with >= the image\'s significant colours (src/images/colour-count.ts), heatmaps >= minColourMapColours' },
    rules: { frontierSlack: FRONTIER_SLACK, plotScreenshotMean: PLOT_SCREENSHOT_MEAN, stretchRatio: STRETCH_RATIO, keepOriginalBelow: mod.KEEP_ORIGINAL_BELOW },
    targets,
    classes: table,
    floors,
    overall,
    images: rows,
  };
  const jsonPath = path.resolve(ROOT, args.json ?? path.join(CACHE, 'images.json'));
  await writeFile(jsonPath, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, jsonPath)}`);
  const cap = /** @type {import('./bench-images/targets.mjs').Target} */ (targets[0]);
  if (cap.verdict === 'FAIL' || overall.ours.errors > 0) {
    console.error(`\nFAIL: ${cap.verdict === 'FAIL' ? `${cap.lines[0]} (a product rule)` : ''}${overall.ours.errors ? ` ${overall.ours.errors} failed with an error` : ''}`);
    process.exitCode = 1;
  }
}

/**
 * @param {string[]} argv
 * @returns {{ regen?: boolean, noSeed?: boolean, noFrontier?: boolean, only?: string | undefined, module?: string | undefined, json?: string | undefined, runs?: number }}
 */
function parseArgs(argv) {
  /** @type {ReturnType<typeof parseArgs>} */
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--regen') out.regen = true;
    else if (a === '--no-seed') out.noSeed = true;
    else if (a === '--no-frontier') out.noFrontier = true;
    else if (a === '--only') out.only = argv[++i];
    else if (a === '--module') out.module = argv[++i];
    else if (a === '--json') out.json = argv[++i];
    else if (a === '--runs') out.runs = Math.max(1, Number.parseInt(argv[++i] ?? '', 10) || 1);
    else throw new Error(`unknown option ${a}`);
  }
  return out;
}

await main();

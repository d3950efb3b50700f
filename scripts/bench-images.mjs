// @ts-check
// `npm run bench:images`: how well src/images/compress.ts shrinks realistic test outputs under
// the 50 KB cap, against the seed's method ("fixed resize, then lower quality").
//
// 1. Corpus: 47 images generated deterministically (seeded PRNG, no network) into
//    .cache/bench/corpus/: plots drawn from SVG by sharp (librsvg; text uses the system's
//    fonts, DejaVu Sans here, so bytes can differ on a machine with other fonts), heatmaps and
//    photo-like images from raw pixels, in every format and odd case the action meets. It is
//    reused while the generators' code, libvips and the file list match (`--regen` rebuilds it).
// 2. Each image goes through (a) compressImage(sharp, input, format, 51200) from
//    src/images/compress.ts, bundled with esbuild into .cache/bench/compress.mjs (sharp
//    external), and (b) the seed's own compress_image in Python with Pillow
//    (bench-images/seed_method.py, one process for the whole selection, one core). Both skip
//    an image already under the cap. Ours uses sharp set up as the action sets it up
//    (loadSharp), one image at a time; times are wall milliseconds per image (noisy on a busy
//    machine: compare totals, not single rows).
// 3. SSIM against the original at the original's full size: both are decoded with EXIF
//    orientation applied, flattened on white, as 8-bit sRGB; the output is resized (lanczos3)
//    back up to the original's (oriented) dimensions. Luma with MATLAB's weights, 11×11 box
//    windows at every position (Weber's variant, as ssim.js computes it): the one-pass
//    implementation in src/images/similarity.ts, checked against ssim.js in
//    __tests__/similarity.test.ts, so even a 6 MP image is scored without shrinking it.
//    Animated GIFs: the first frame. A kept image has SSIM 1 and the original's bytes (so an
//    image kept over the cap flatters the mean: the summary also gives mean and min SSIM over
//    the outputs within the cap only).
// 4. Prints a row per image and the overall numbers, writes .cache/bench/images.json, prints a
//    markdown summary, and exits 1 if any of ours is over the cap (a product rule).
//
// Options: --regen (rebuild the corpus), --only SUBSTRING[,SUBSTRING] (filter images),
// --module PATH (bench another copy of compress.ts, e.g. a scratch copy under .cache/),
// --json PATH (where to write the results), --no-seed (skip the seed), --frontier (for each
// image of ours under the min-SSIM target, the best any encoding within the cap can do: slow).
//
// The parts live in scripts/bench-images/: the corpus and its generators, the seed's method,
// SSIM, the bundling of the compressor under test, scoring, and the printed report.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bundleCompress } from './bench-images/bundle.mjs';
import { buildCorpus } from './bench-images/corpus.mjs';
import { evaluate, timed } from './bench-images/evaluate.mjs';
import { frontier } from './bench-images/frontier.mjs';
import { printFrontier, printOverall, printRow, summarise, TARGETS } from './bench-images/report.mjs';
import { runSeed } from './bench-images/seed-method.mjs';
import { referenceFor } from './bench-images/similarity.mjs';

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

  // Warm up libvips (first-call costs would otherwise land on the first image).
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toBuffer();

  /** @type {import('./bench-images/types.mjs').Row[]} */
  const rows = [];
  const started = performance.now();
  // The seed first, in one Python process over the whole selection (its own wall time).
  const seedRun = args.noSeed ? undefined : await runSeed(sharp, CORPUS, selected, path.join(CACHE, 'seed-work'));
  for (const [index, name] of selected.entries()) {
    const input = await readFile(path.join(CORPUS, name));
    const format = mod.formatOf(name);
    const meta = await sharp(input).metadata();
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    // formatOf knows every name in the corpus (each has an image extension).
    const ours = await timed(() => mod.compressImage(sharp, input, /** @type {import('./bench-images/types.mjs').ImageFormat | 'bmp'} */ (format), CAP));
    const seed = seedRun?.runs[index];
    const reference = await referenceFor(sharp, mod, input);
    /** @type {import('./bench-images/types.mjs').Row} */
    const row = {
      name,
      format,
      bytes: input.length,
      width,
      height,
      info: [meta.space, meta.depth, meta.hasAlpha ? 'alpha' : '', (meta.pages ?? 1) > 1 ? `${meta.pages} pages` : '', meta.orientation ? `orient ${meta.orientation}` : ''].filter(Boolean).join(' '),
      ssimAt: `${reference.width}x${reference.height}`,
      ours: await evaluate(reference, input, ours, CAP),
      ...(seed ? { seed: await evaluate(reference, input, seed, CAP) } : {}),
    };
    rows.push(row);
    printRow(row);
    if (args.frontier && row.ours.ssim !== null && row.ours.ssim < TARGETS.minSsim) {
      // The file's own format first (what the action may write), then the others.
      const own = format === 'tiff' || format === 'gif' ? [] : [/** @type {string} */ (format)];
      row.frontier = await frontier(sharp, input, reference, CAP, [...own, ...['jpeg', 'webp', 'avif', 'png'].filter((f) => f !== format)]);
      printFrontier(row);
    }
  }
  const overall = { ours: summarise(rows, 'ours'), ...(args.noSeed ? {} : { seed: summarise(rows, 'seed') }) };
  const targets = {
    zeroOverCap: overall.ours.overCap <= TARGETS.overCap,
    meanSsim: overall.ours.meanSsim >= TARGETS.meanSsim,
    minSsim: overall.ours.minSsim >= TARGETS.minSsim,
    notSlowerThanSeed: overall.seed ? overall.ours.totalMs <= overall.seed.totalMs : null,
  };
  printOverall(overall, targets, (performance.now() - started) / 1000);

  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}, ${os.cpus().length} cpus`,
    sharp: { version: sharp.versions.sharp, vips: sharp.versions.vips, runtime },
    module: path.relative(ROOT, modulePath),
    cap: CAP,
    ssim: { implementation: 'src/images/similarity.ts (agrees with ssim.js weber to 5e-4)', window: '11x11 box, every position', luma: 'MATLAB rgb2gray weights', compareAt: 'original size' },
    targets: { ...TARGETS, ours: targets },
    overall,
    images: rows,
  };
  const jsonPath = path.resolve(ROOT, args.json ?? path.join(CACHE, 'images.json'));
  await writeFile(jsonPath, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, jsonPath)}`);
  if (overall.ours.overCap > 0 || overall.ours.errors > 0) {
    // An error counts as over the cap in the table (nothing within the cap came out): say which.
    const errors = overall.ours.errors;
    console.error(`\nFAIL: ${overall.ours.overCap - errors} of our outputs over the ${CAP}-byte cap (a product rule)${errors ? `, ${errors} failed with an error` : ''}`);
    process.exitCode = 1;
  }
}

/**
 * @param {string[]} argv
 * @returns {{ regen?: boolean, noSeed?: boolean, frontier?: boolean, only?: string | undefined, module?: string | undefined, json?: string | undefined }}
 */
function parseArgs(argv) {
  /** @type {ReturnType<typeof parseArgs>} */
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--regen') out.regen = true;
    else if (a === '--no-seed') out.noSeed = true;
    else if (a === '--frontier') out.frontier = true;
    else if (a === '--only') out.only = argv[++i];
    else if (a === '--module') out.module = argv[++i];
    else if (a === '--json') out.json = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return out;
}

await main();

// @ts-check
// Target 3's "what limits it", measured: for each image of a class slower than the seed, one at a
// time, the work no search can skip while it publishes a copy under the cap and reports that
// copy's similarity (keep-originals: auto decides by it): decoding the original as compressImage
// does, the one encoding that made the published copy, and one similarity estimate of it. Summed
// per class and spread over the cores, that floor is compared with the seed's time: above it,
// the class is out of reach for any such search; below it, what is left is the search's own
// encodes. Ours is timed one at a time too, for the same comparison.
import { performance } from 'node:perf_hooks';

/**
 * @typedef {{ images: number, seedMs: number, decodeMs: number, encodeMs: number, measureMs: number, oursMs: number, cores: number }} ClassFloor
 */

/** Each measurement's best of this many (single runs on this machine differ by 10–15%). */
const RUNS = 2;

/**
 * @param {import('./types.mjs').Sharp} sharp
 * @param {import('./types.mjs').BenchModule} mod
 * @param {Array<{ cls: string, input: Buffer, format: import('./types.mjs').ImageFormat | 'bmp' }>} images
 * @param {(number | undefined)[]} seedMs each image's seed time (undefined: not run)
 * @param {string[]} classes the classes to measure
 * @param {{ cap: number, cores: number }} run
 * @returns {Promise<Record<string, ClassFloor>>}
 */
export async function measureFloors(sharp, mod, images, seedMs, classes, run) {
  /** @type {Record<string, ClassFloor>} */
  const out = {};
  for (const [i, im] of images.entries()) {
    if (!classes.includes(im.cls)) continue;
    const floor = (out[im.cls] ??= { images: 0, seedMs: 0, decodeMs: 0, encodeMs: 0, measureMs: 0, oursMs: 0, cores: run.cores });
    floor.images++;
    floor.seedMs += seedMs[i] ?? 0;
    const best = { ours: Infinity, decode: Infinity, encode: Infinity, measure: Infinity };
    for (let r = 0; r < RUNS; r++) {
      let t0 = performance.now();
      const result = await mod.compressImage(sharp, im.input, im.format, run.cap);
      best.ours = Math.min(best.ours, performance.now() - t0);
      if (result.kind !== 'compressed') {
        // Under the cap (or kept): compressImage only reads it, which is the floor too.
        best.decode = Math.min(best.decode, best.ours);
        best.encode = best.measure = 0;
        continue;
      }
      t0 = performance.now();
      const pixels = await mod.decode(sharp, im.input);
      best.decode = Math.min(best.decode, performance.now() - t0);
      best.encode = Math.min(best.encode, result.publishedEncodeMs ?? result.spent.encodeMs / Math.max(1, result.attempts));
      // A lossless copy (similarity 1 by construction) or an animation kept whole: the action
      // measured nothing, so neither does the floor.
      if (result.similarity === undefined || result.spent.similarityMs === 0) {
        best.measure = 0;
        continue;
      }
      const search = new mod.Search(sharp, pixels, run.cap);
      t0 = performance.now();
      await search.estimate({ data: result.data, width: result.width, height: result.height, scale: result.width / result.originalWidth, method: result.method });
      best.measure = Math.min(best.measure, performance.now() - t0);
    }
    floor.oursMs += best.ours;
    floor.decodeMs += best.decode;
    floor.encodeMs += best.encode;
    floor.measureMs += best.measure;
  }
  return out;
}

/**
 * The floor's line for one class: its parts, on the cores, against the seed, and whether the
 * class is out of reach for any search that encodes once and measures once.
 * @param {string} cls
 * @param {ClassFloor} f
 * @returns {string}
 */
export function floorLine(cls, f) {
  const total = f.decodeMs + f.encodeMs + f.measureMs;
  const spread = total / f.cores;
  const verdict = spread > f.seedMs
    ? `out of reach: above the seed even with one encode an image and the cores never idle`
    : `within reach in principle: the rest is the search's own encodes (ours ${ms(f.oursMs)} one at a time, ${ms(f.oursMs / f.cores)} on ${f.cores} cores)`;
  return `  ${cls} floor (one at a time, per image: decoding ${ms(f.decodeMs)} + the published copy's one encode ${ms(f.encodeMs)} + one similarity estimate ${ms(f.measureMs)} = ${ms(total)}; on ${f.cores} cores ${ms(spread)}) vs seed ${ms(f.seedMs)}: ${verdict}`;
}

const ms = (/** @type {number} */ v) => `${Math.round(v)} ms`;

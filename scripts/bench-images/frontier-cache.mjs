// @ts-check
// The frontier's results kept on disk, one JSON per image under .cache/bench/frontier/, named by
// the input's sha256 and the frontier's code version (a hash of frontier.mjs, the SSIM code, the
// libvips version, the cap and the minimum size): a second run costs nothing, an edit to any of
// them recomputes. And the one rule applied to the results afterwards, so it needs no
// recomputation when it changes: which candidate counts as the best ("colour maps kept").
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CODE = [path.join(HERE, 'frontier.mjs'), path.join(HERE, 'similarity.mjs'), path.join(HERE, '..', '..', 'src', 'images', 'similarity.ts')];

/**
 * "Colour maps kept": a palette candidate counts as the best in its format only if it has at
 * least as many colours as the image has significant colours (src/images/colour-count.ts:
 * distinct colours, 5 bits a channel, each ≥ 0.02% of the pixels and not an anti-aliasing blend
 * of two more common ones, capped at 16), and a heatmap's only with at least
 * MIN_COLOUR_MAP_COLOURS. Colours carry meaning: a 6-series line plot in 2 dithered colours
 * loses which line is which, as a 2-colour heatmap loses its map, and luma SSIM sees neither
 * (subplots-2400x1800, 10 significant colours, scores 0.952 in 2 dithered colours, 0.925 in 16).
 * A plot that truly has 3 colours (a waveform: one blue line, grey axes on white) is still
 * matched by 4 colours. The compressor applies the same count (src/images/png.ts), so the
 * referee and the product agree on which palettes are honest.
 */
export const MIN_COLOUR_MAP_COLOURS = 16;

/**
 * @param {import('./types.mjs').Sharp} sharp
 * @param {{ cap: number, minLongestSide: number }} settings
 */
export async function frontierVersion(sharp, { cap, minLongestSide }) {
  const hash = createHash('sha256').update(`vips ${sharp.versions.vips} cap ${cap} min ${minLongestSide}\n`);
  for (const file of CODE) hash.update(await readFile(file));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The frontier of one image from the cache, or computed and cached.
 * @param {string} dir
 * @param {string} version
 * @param {Buffer} input
 * @param {() => Promise<import('./types.mjs').FrontierResult>} compute
 * @returns {Promise<import('./types.mjs').FrontierResult & { cached: boolean }>}
 */
export async function cachedFrontier(dir, version, input, compute) {
  const file = path.join(dir, `${createHash('sha256').update(input).digest('hex')}-${version}.json`);
  if (existsSync(file)) {
    /** @type {unknown} */
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    return { .../** @type {import('./types.mjs').FrontierResult} */ (parsed), cached: true };
  }
  const result = await compute();
  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  return { ...result, cached: false };
}

/**
 * The fewest palette colours a candidate may have to count as the best for an image.
 * @param {string} imageClass
 * @param {number} significantColours
 */
export function minColours(imageClass, significantColours) {
  return imageClass === 'heatmap' ? MIN_COLOUR_MAP_COLOURS : significantColours;
}

/**
 * The best candidate that counts (palettes of at least minColours), or undefined when none does.
 * @param {import('./types.mjs').FrontierResult} result
 * @param {string} imageClass
 * @param {number} significantColours
 */
export function bestCounted(result, imageClass, significantColours) {
  const least = minColours(imageClass, significantColours);
  const counted = result.candidates.filter((c) => c.colours === undefined || c.colours >= least);
  return counted.reduce((/** @type {import('./types.mjs').FrontierCandidate | undefined} */ a, c) => (!a || c.ssim > a.ssim ? c : a), undefined);
}

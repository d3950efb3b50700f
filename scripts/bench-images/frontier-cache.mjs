// @ts-check
// The frontier's results kept on disk, one JSON per image under .cache/bench/frontier/, named by
// the input's sha256 and the frontier's code version (a hash of frontier.mjs, the SSIM code, the
// libvips version, the cap and the minimum size): a second run costs nothing, an edit to any of
// them recomputes. And the one rule applied to the results afterwards, so it needs no
// recomputation when it changes: which candidate counts as the best for an image's class.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CODE = [path.join(HERE, 'frontier.mjs'), path.join(HERE, 'similarity.mjs'), path.join(HERE, '..', '..', 'src', 'images', 'similarity.ts')];

/**
 * "Colour maps kept": a heatmap's palette candidate with fewer colours than this does not count
 * as the best in its format. A colour map (viridis, magma) needs at least 16 entries to read
 * values off: with 8 or fewer, neighbouring values merge into one band, and SSIM (on luma)
 * barely sees it, so a 2-colour copy of a noisy heatmap can outscore every honest encoding.
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
 * The best candidate that counts for the image's class (heatmaps: no palette under
 * MIN_COLOUR_MAP_COLOURS), or undefined when none does.
 * @param {import('./types.mjs').FrontierResult} result
 * @param {string} imageClass
 */
export function bestCounted(result, imageClass) {
  const counted = result.candidates.filter((c) => imageClass !== 'heatmap' || c.colours === undefined || c.colours >= MIN_COLOUR_MAP_COLOURS);
  return counted.reduce((/** @type {import('./types.mjs').FrontierCandidate | undefined} */ a, c) => (!a || c.ssim > a.ssim ? c : a), undefined);
}

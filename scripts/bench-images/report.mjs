// @ts-check
// What the bench prints: a row per image as it goes, the overall numbers per method, the targets
// met or not, and the markdown table for the README.

/**
 * @typedef {import('./types.mjs').Row} Row
 * @typedef {ReturnType<typeof summarise>} Overall
 */

export const TARGETS = { overCap: 0, meanSsim: 0.93, minSsim: 0.8 };

/**
 * @param {Row[]} rows
 * @param {'ours' | 'seed'} key
 */
export function summarise(rows, key) {
  // Rows have a seed whenever the seed is summarised (bench-images.mjs skips it with --no-seed).
  const of = (/** @type {Row} */ row) => /** @type {import('./types.mjs').Evaluation} */ (row[key]);
  const xs = rows.map(of);
  const ssims = xs.map((x) => x.ssim ?? 0);
  const within = xs.filter((x) => !x.overCap).map((x) => x.ssim ?? 0);
  if (rows.length === 0) return { images: 0, overCap: 0, errors: 0, meanSsim: 1, minSsim: 1, minSsimImage: null, meanSsimWithinCap: null, minSsimWithinCap: null, totalMs: 0, totalBytes: 0 };
  const worst = rows.reduce((a, row) => ((of(row).ssim ?? 0) < (of(a).ssim ?? 0) ? row : a), /** @type {Row} */ (rows[0]));
  return {
    images: rows.length,
    overCap: xs.filter((x) => x.overCap).length,
    errors: xs.filter((x) => x.error).length,
    meanSsim: Number((ssims.reduce((a, b) => a + b, 0) / ssims.length).toFixed(4)),
    minSsim: Number(Math.min(...ssims).toFixed(4)),
    minSsimImage: worst.name,
    // The same over the outputs within the cap only: an image kept over the cap counts as SSIM 1
    // above, which flatters a method that gives up.
    meanSsimWithinCap: within.length ? Number((within.reduce((a, b) => a + b, 0) / within.length).toFixed(4)) : null,
    minSsimWithinCap: within.length ? Number(Math.min(...within).toFixed(4)) : null,
    totalMs: Math.round(xs.reduce((a, x) => a + x.ms, 0)),
    totalBytes: xs.reduce((a, x) => a + (x.bytes ?? 0), 0),
  };
}

const kb = (/** @type {number | null | undefined} */ n) => (n === null || n === undefined ? '-' : `${(n / 1024).toFixed(1)}K`);
const pad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padEnd(n);
const lpad = (/** @type {unknown} */ s, /** @type {number} */ n) => String(s).padStart(n);
let headerPrinted = false;

/** @param {Row} row */
export function printRow(row) {
  if (!headerPrinted) {
    headerPrinted = true;
    console.log(
      `\n${pad('image', 34)} ${lpad('orig', 8)} ${pad('dims', 10)} | ${lpad('ours', 7)} ${pad('cap', 4)} ${lpad('ssim', 6)} ${lpad('ms', 6)} ${pad('method', 34)} | ${lpad('seed', 7)} ${pad('cap', 4)} ${lpad('ssim', 6)} ${lpad('ms', 6)}`,
    );
    console.log('-'.repeat(160));
  }
  const side = (/** @type {import('./types.mjs').Evaluation | undefined} */ r) => (r ? `${lpad(kb(r.bytes), 7)} ${pad(r.overCap ? 'OVER' : 'ok', 4)} ${lpad(r.ssim === null ? '-' : r.ssim.toFixed(3), 6)} ${lpad(r.ms, 6)}` : '');
  const method = row.ours.error ? `ERROR ${row.ours.error}` : `${row.ours.method}${row.ours.width ? ` →${row.ours.width}x${row.ours.height}` : ''}`;
  console.log(`${pad(row.name, 34)} ${lpad(kb(row.bytes), 8)} ${pad(`${row.width}x${row.height}`, 10)} | ${side(row.ours)} ${pad(method.slice(0, 34), 34)} | ${side(row.seed)}`);
}

/**
 * @param {{ ours: Overall, seed?: Overall }} overall
 * @param {Record<'zeroOverCap' | 'meanSsim' | 'minSsim' | 'notSlowerThanSeed', boolean | null>} targets
 * @param {number} seconds
 */
export function printOverall(overall, targets, seconds) {
  const head = `${pad('', 6)} ${lpad('over cap', 9)} ${lpad('mean SSIM', 10)} ${lpad('min SSIM', 9)} ${pad('  (worst image)', 36)} ${lpad('within cap: mean', 17)} ${lpad('min', 7)} ${lpad('time', 8)} ${lpad('out', 9)}`;
  /** @type {(label: string, o: Overall) => string} */
  const line = (label, o) =>
    `${pad(label, 6)} ${lpad(`${o.overCap}/${o.images}`, 9)} ${lpad(o.meanSsim.toFixed(4), 10)} ${lpad(o.minSsim.toFixed(4), 9)} ${pad(`  (${o.minSsimImage})`, 36)} ${lpad(o.meanSsimWithinCap?.toFixed(4) ?? '-', 17)} ${lpad(o.minSsimWithinCap?.toFixed(4) ?? '-', 7)} ${lpad(`${(o.totalMs / 1000).toFixed(2)} s`, 8)} ${lpad(kb(o.totalBytes), 9)}${o.errors ? ` (${o.errors} errors)` : ''}`;
  console.log('\nOverall');
  console.log(head);
  console.log(line('ours', overall.ours));
  if (overall.seed) console.log(line('seed', overall.seed));
  console.log(`(bench wall time ${seconds.toFixed(1)} s, SSIM included)`);
  const mark = (/** @type {boolean | null} */ ok) => (ok === null ? 'n/a' : ok ? 'met' : 'NOT met');
  console.log('\nTargets (ours)');
  console.log(`  0 over cap:            ${mark(targets.zeroOverCap)} (${overall.ours.overCap})`);
  console.log(`  mean SSIM >= ${TARGETS.meanSsim}:    ${mark(targets.meanSsim)} (${overall.ours.meanSsim.toFixed(4)})`);
  console.log(`  min SSIM >= ${TARGETS.minSsim}:      ${mark(targets.minSsim)} (${overall.ours.minSsim.toFixed(4)})`);
  console.log(`  total time <= seed's:  ${mark(targets.notSlowerThanSeed)}${overall.seed ? ` (${(overall.ours.totalMs / 1000).toFixed(2)} s vs ${(overall.seed.totalMs / 1000).toFixed(2)} s)` : ''}`);
  console.log(`\nMarkdown (README)\n`);
  console.log('| method | images | over the 50 KB cap | mean SSIM | min SSIM | mean SSIM, outputs within the cap | total time |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  /** @type {(label: string, o: Overall) => string} */
  const md = (label, o) =>
    `| ${label} | ${o.images} | ${o.overCap} | ${o.meanSsim.toFixed(3)} | ${o.minSsim.toFixed(3)} | ${o.meanSsimWithinCap?.toFixed(3) ?? '-'} | ${(o.totalMs / 1000).toFixed(1)} s |`;
  console.log(md('compressImage (ours)', overall.ours));
  if (overall.seed) console.log(md('seed: compress_image (Pillow)', overall.seed));
}

/**
 * One image's frontier: the best any encoding within the cap reached, per format.
 * @param {Row} row a row with its frontier, of at least one format
 */
export function printFrontier(row) {
  const entries = Object.entries(row.frontier ?? {}).sort((a, b) => b[1].ssim - a[1].ssim);
  const [bestFormat, best] = /** @type {[string, import('./types.mjs').FrontierBest]} */ (entries[0]);
  const verdict = best.ssim >= TARGETS.minSsim ? `reachable (${bestFormat})` : `not reachable in any format within the cap`;
  console.log(`  frontier ${row.name}: ours ${/** @type {number} */ (row.ours.ssim).toFixed(3)}; best ${best.ssim.toFixed(3)} → min-SSIM target ${verdict}`);
  for (const [format, f] of entries) console.log(`    ${pad(format, 5)} ${f.ssim < 0 ? '     -' : f.ssim.toFixed(3)}  ${f.method}${f.bytes ? ` (${kb(f.bytes)})` : ''}`);
}

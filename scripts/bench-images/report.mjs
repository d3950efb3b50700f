// @ts-check
// What the bench prints: a row per image, the frontier of each image over the cap, the numbers
// per class (time of ours as a parallel batch, the seed's summed, mean SSIM of ours, the seed
// and the frontier) and overall, and the markdown tables for the README. The targets are
// targets.mjs's.

/**
 * @typedef {import('./types.mjs').Row} Row
 * @typedef {ReturnType<typeof summarise>} Overall
 */

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
  if (rows.length === 0) return { images: 0, overCap: 0, errors: 0, meanSsim: 1, minSsim: 1, minSsimImage: null, meanSsimWithinCap: null, minSsimWithinCap: null, totalBytes: 0 };
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
      `\n${pad('image', 34)} ${pad('class', 10)} ${lpad('orig', 8)} ${pad('dims', 10)} | ${lpad('ours', 7)} ${pad('cap', 4)} ${lpad('ssim', 6)} ${lpad('ms', 6)} ${pad('method', 34)} | ${lpad('seed', 7)} ${pad('cap', 4)} ${lpad('ssim', 6)} ${lpad('ms', 6)}`,
    );
    console.log('-'.repeat(171));
  }
  const side = (/** @type {import('./types.mjs').Evaluation | undefined} */ r) => (r ? `${lpad(kb(r.bytes), 7)} ${pad(r.overCap ? 'OVER' : 'ok', 4)} ${lpad(r.ssim === null ? '-' : r.ssim.toFixed(3), 6)} ${lpad(r.ms, 6)}` : '');
  const method = row.ours.error ? `ERROR ${row.ours.error}` : `${row.ours.method}${row.ours.width ? ` →${row.ours.width}x${row.ours.height}` : ''}`;
  console.log(`${pad(row.name, 34)} ${pad(row.class, 10)} ${lpad(kb(row.bytes), 8)} ${pad(`${row.width}x${row.height}`, 10)} | ${side(row.ours)} ${pad(method.slice(0, 34), 34)} | ${side(row.seed)}`);
}

/**
 * @param {{ ours: Overall, seed?: Overall }} overall
 * @param {number} seconds
 */
export function printOverall(overall, seconds) {
  const head = `${pad('', 6)} ${lpad('over cap', 9)} ${lpad('mean SSIM', 10)} ${lpad('min SSIM', 9)} ${pad('  (worst image)', 36)} ${lpad('within cap: mean', 17)} ${lpad('min', 7)} ${lpad('out', 9)}`;
  /** @type {(label: string, o: Overall) => string} */
  const line = (label, o) =>
    `${pad(label, 6)} ${lpad(`${o.overCap}/${o.images}`, 9)} ${lpad(o.meanSsim.toFixed(4), 10)} ${lpad(o.minSsim.toFixed(4), 9)} ${pad(`  (${o.minSsimImage})`, 36)} ${lpad(o.meanSsimWithinCap?.toFixed(4) ?? '-', 17)} ${lpad(o.minSsimWithinCap?.toFixed(4) ?? '-', 7)} ${lpad(kb(o.totalBytes), 9)}${o.errors ? ` (${o.errors} errors)` : ''}`;
  console.log('\nOverall');
  console.log(head);
  console.log(line('ours', overall.ours));
  if (overall.seed) console.log(line('seed', overall.seed));
  console.log(`(bench wall time ${seconds.toFixed(1)} s, SSIM and frontier included)`);
}

/**
 * Per class: images, ours (wall time of the class as one parallel batch), the seed (its
 * per-image times summed, one core), the ratio, and the mean SSIM of ours, the seed and the
 * frontier's best (over the images with one: those over the cap where something fits).
 * @param {Row[]} rows
 * @param {Record<string, import('./targets.mjs').ClassTime>} times
 */
export function classTable(rows, times) {
  const mean = (/** @type {number[]} */ xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return Object.entries(times).map(([cls, t]) => {
    const members = rows.filter((r) => r.class === cls);
    const bests = members.flatMap((r) => (r.frontier?.best ? [r.frontier.best.ssim] : []));
    return {
      cls,
      images: t.images,
      oursMs: Math.round(t.oursMs),
      seedMs: t.seedMs === null ? null : Math.round(t.seedMs),
      ratio: t.seedMs ? t.oursMs / t.seedMs : null,
      ours: mean(members.map((r) => r.ours.ssim ?? 0)),
      seed: members.every((r) => r.seed) ? mean(members.map((r) => r.seed?.ssim ?? 0)) : null,
      frontier: mean(bests),
      frontierImages: bests.length,
    };
  });
}

const f3 = (/** @type {number | null} */ v) => (v === null ? '-' : v.toFixed(3));

/** @param {ReturnType<typeof classTable>} table */
export function printClassTable(table) {
  console.log('\nPer class (ours: wall time of the class as one batch, two images per core as the action runs them; seed: its times summed, one core)');
  console.log(`${pad('class', 11)} ${lpad('images', 6)} ${lpad('ours ms', 8)} ${lpad('seed ms', 8)} ${lpad('ratio', 6)} ${lpad('ours SSIM', 10)} ${lpad('seed SSIM', 10)} ${lpad('frontier', 9)}`);
  for (const c of table) {
    console.log(`${pad(c.cls, 11)} ${lpad(c.images, 6)} ${lpad(c.oursMs, 8)} ${lpad(c.seedMs ?? '-', 8)} ${lpad(c.ratio === null ? '-' : c.ratio.toFixed(2), 6)} ${lpad(f3(c.ours), 10)} ${lpad(f3(c.seed), 10)} ${lpad(`${f3(c.frontier)} (${c.frontierImages})`, 9)}`);
  }
  const ours = table.reduce((a, c) => a + c.oursMs, 0);
  const seed = table.reduce((a, c) => a + (c.seedMs ?? 0), 0);
  console.log(`${pad('total', 11)} ${lpad(table.reduce((a, c) => a + c.images, 0), 6)} ${lpad(ours, 8)} ${lpad(seed || '-', 8)} ${lpad(seed ? (ours / seed).toFixed(2) : '-', 6)}`);
}

/**
 * The README's tables: per class, and overall per method.
 * @param {ReturnType<typeof classTable>} table
 * @param {{ ours: Overall, seed?: Overall }} overall
 */
export function printMarkdown(table, overall) {
  console.log(`\nMarkdown (README)\n`);
  console.log('| class | images | this action | seed | ratio | SSIM, this action | SSIM, seed | SSIM, frontier (images) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of table) {
    console.log(`| ${c.cls} | ${c.images} | ${(c.oursMs / 1000).toFixed(2)} s | ${c.seedMs === null ? '-' : `${(c.seedMs / 1000).toFixed(2)} s`} | ${c.ratio === null ? '-' : `${c.ratio.toFixed(2)}×`} | ${f3(c.ours)} | ${f3(c.seed)} | ${f3(c.frontier)} (${c.frontierImages}) |`);
  }
  console.log('\n| method | images | over the 50 KB cap | mean SSIM | min SSIM | mean SSIM, outputs within the cap |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  /** @type {(label: string, o: Overall) => string} */
  const md = (label, o) => `| ${label} | ${o.images} | ${o.overCap} | ${o.meanSsim.toFixed(3)} | ${o.minSsim.toFixed(3)} | ${o.meanSsimWithinCap?.toFixed(3) ?? '-'} |`;
  console.log(md('compressImage (this action)', overall.ours));
  if (overall.seed) console.log(md('seed: compress_image (Pillow)', overall.seed));
}

/**
 * One image's frontier: whether anything in its format fits, and the best that counts.
 * @param {Row} row
 */
export function printFrontier(row) {
  const f = row.frontier;
  if (!f) return;
  const anim = f.animationFits === undefined ? '' : `; animation ${f.animationFits ? 'fits' : 'does not fit'}`;
  const gap = f.best && row.ours.ssim !== null ? ` (ours ${row.ours.ssim >= f.best.ssim ? '+' : ''}${(row.ours.ssim - f.best.ssim).toFixed(3)})` : '';
  // Where the colour rule set aside a better palette of fewer colours, it is shown too.
  const set = f.allBest && f.allBest !== f.best && f.allBest.ssim > (f.best?.ssim ?? -1) ? `; set aside ${f.allBest.ssim.toFixed(3)} ${f.allBest.method}` : '';
  const rule = ` [${f.significantColours} colours, palettes >= ${f.minColours}${set}]`;
  console.log(`  frontier ${pad(row.name, 34)} ${f.fits ? 'fits' : 'NOTHING FITS'}: best ${f.best ? `${f.best.ssim.toFixed(3)} ${f.best.method} (${kb(f.best.bytes)})` : '-'}${gap}${rule}${anim}${f.cached ? ' [cached]' : ` [${(f.ms / 1000).toFixed(1)} s, ${f.encodes} encodes]`}`);
}

// @ts-check
// `npm run bench:pages`: how long the index pages of a big tree take to model and render:
// one folder of 10,000 files, and 10,000 files spread over 100 folders. Target: under 1 s.
import { pathToFileURL } from 'node:url';
import { bundlePages, pageFiles, timePages } from './bench/pages.mjs';

const RUNS = 7;
const TARGET_MS = 1000;

/** @type {unknown} */
const bundled = await import(pathToFileURL(await bundlePages('pages.mjs')).href);
const renderer = /** @type {import('./bench/pages.mjs').PagesRenderer} */ (bundled);
/** @type {[string, ReturnType<typeof pageFiles>][]} */
const cases = [
  ['10,000 files in one folder', pageFiles(10_000, 1)],
  ['10,000 files in 100 folders', pageFiles(10_000, 100)],
];
const rows = cases.map(([label, list]) => {
  const { times, pages, largest } = timePages(renderer, list, RUNS);
  times.sort((a, b) => a - b);
  return { label, min: times[0] ?? NaN, median: times[Math.floor(RUNS / 2)] ?? NaN, pages, largest };
});

console.log(`\nmodel + render, ${RUNS} runs each (node ${process.version})\n`);
console.log('case                            min ms  median ms  pages  largest page');
for (const r of rows) {
  console.log(`${r.label.padEnd(30)} ${r.min.toFixed(0).padStart(7)} ${r.median.toFixed(0).padStart(10)} ${String(r.pages).padStart(6)}  ${(r.largest / 1024 / 1024).toFixed(2)} MB`);
}
const worst = Math.max(...rows.map((r) => r.median));
console.log(`\ntarget: median under ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'} (${worst.toFixed(0)} ms)`);
process.exit(worst < TARGET_MS ? 0 : 1);

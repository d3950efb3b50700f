// `npm run bench:pages`: how long the index pages of a big tree take to model and render:
// one folder of 10,000 files, and 10,000 files spread over 100 folders. Target: under 1 s.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '.cache', 'bench', 'pages.mjs');
const RUNS = 7;
const TARGET_MS = 1000;

await mkdir(path.dirname(OUT), { recursive: true });
await build({
  stdin: {
    contents: "export { buildPages } from './src/report/model.ts'; export { renderDirectory } from './src/report/render.ts';",
    resolveDir: ROOT,
    loader: 'ts',
  },
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  loader: { '.mustache': 'text', '.txt': 'text' },
  logLevel: 'warning',
});
const { buildPages, renderDirectory } = await import(pathToFileURL(OUT).href);

function files(count, folders) {
  const modified = new Date('2026-11-27T10:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    path: `${folders > 1 ? `folder-${i % folders}/` : 'logs/'}case-${String(i).padStart(5, '0')} output.log`,
    size: 1000 + i,
    contentType: 'text/plain; charset=utf-8',
    modified,
  }));
}

const cases = [
  ['10,000 files in one folder', files(10_000, 1)],
  ['10,000 files in 100 folders', files(10_000, 100)],
];
const rows = [];
for (const [label, list] of cases) {
  const times = [];
  let bytes = 0;
  let pages = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const built = buildPages({ testName: 'bench', uploadedAt: new Date(), files: list, failed: [], hasManifest: true });
    const html = built.map((p) => renderDirectory(p.view));
    times.push(performance.now() - t);
    pages = html.length;
    bytes = Math.max(...html.map((h) => Buffer.byteLength(h)));
  }
  times.sort((a, b) => a - b);
  rows.push({ label, min: times[0], median: times[Math.floor(RUNS / 2)], pages, largest: bytes });
}

console.log(`\nmodel + render, ${RUNS} runs each (node ${process.version})\n`);
console.log('case                            min ms  median ms  pages  largest page');
for (const r of rows) {
  console.log(`${r.label.padEnd(30)} ${r.min.toFixed(0).padStart(7)} ${r.median.toFixed(0).padStart(10)} ${String(r.pages).padStart(6)}  ${(r.largest / 1024 / 1024).toFixed(2)} MB`);
}
const worst = Math.max(...rows.map((r) => r.median));
console.log(`\ntarget: median under ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'} (${worst.toFixed(0)} ms)`);
process.exit(worst < TARGET_MS ? 0 : 1);

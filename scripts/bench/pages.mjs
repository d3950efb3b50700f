// @ts-check
// The index pages alone (model + render) for N files: the bundle of src/report, the file lists
// and the timing loop, shared by `npm run bench:pages` (scripts/bench-pages.mjs) and case (e) of
// `npm run bench`, which runs this file as a script in a fresh process for a clean heap:
//   node scripts/bench/pages.mjs <bundle.mjs> <files> <runs>   → one JSON line on stdout
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSources } from './bundle.mjs';

/**
 * What the bundle exports: src/report's model and renderer.
 * @typedef {{ buildPages: typeof import('../../src/report/model.js').buildPages, renderDirectory: typeof import('../../src/report/render.js').renderDirectory }} PagesRenderer
 */


/** Bundles src/report's model and renderer to `.cache/bench/<name>` (each caller its own name,
 * so two benchmarks never race on one file); returns the bundle's path. */
export async function bundlePages(name = 'pages-harness.mjs') {
  return bundleSources(name, ["export { buildPages } from './src/report/model.ts'; export { renderDirectory } from './src/report/render.ts';"]);
}

/**
 * `count` files spread over `folders` folders.
 * @param {number} count
 * @param {number} folders
 */
export function pageFiles(count, folders) {
  const modified = new Date('2026-11-27T10:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    path: `${folders > 1 ? `folder-${i % folders}/` : 'logs/'}case-${String(i).padStart(5, '0')} output.log`,
    size: 1000 + i,
    contentType: 'text/plain; charset=utf-8',
    modified,
  }));
}

/** Models and renders the pages of `list` `runs` times: the times (ms), the page count, and the
 * largest page in bytes.
 * @param {PagesRenderer} renderer
 * @param {ReturnType<typeof pageFiles>} list
 * @param {number} runs
 */
export function timePages({ buildPages, renderDirectory }, list, runs) {
  /** @type {number[]} */
  const times = [];
  let pages = 0;
  let largest = 0;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    // With a manifest link, as the action's pages have (layout.ts MANIFEST_NAME at the root).
    const built = buildPages({ testName: 'bench', uploadedAt: new Date(), files: list, failed: [], manifestPath: 'manifest.json' });
    const html = built.map((p) => renderDirectory(p.view));
    times.push(performance.now() - t);
    pages = html.length;
    largest = Math.max(...html.map((h) => Buffer.byteLength(h)));
  }
  return { times, pages, largest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [bundle, count, runs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
  if (bundle === undefined) throw new Error('usage: node scripts/bench/pages.mjs <bundle.mjs> <files> <runs>');
  /** @type {unknown} */
  const bundled = await import(pathToFileURL(bundle).href);
  const renderer = /** @type {PagesRenderer} */ (bundled);
  /** @type {Record<string, { times: number[], pages: number }>} */
  const result = {};
  for (const [name, folders] of /** @type {const} */ ([['oneFolder', 1], ['hundredFolders', 100]])) {
    const { times, pages } = timePages(renderer, pageFiles(count, folders), runs);
    result[name] = { times, pages };
  }
  console.log(JSON.stringify(result));
}

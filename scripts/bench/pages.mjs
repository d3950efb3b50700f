// Case (e): the index pages alone (model + render) for N files, as scripts/bench-pages.mjs
// measures them, but for any N and with JSON out. The harness bundles src/report once
// (bundlePages) and runs the timing in a fresh process (this file as a script) for a clean heap:
//   node scripts/bench/pages.mjs <bundle.mjs> <files> <runs>   → one JSON line on stdout
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Same bundle as scripts/bench-pages.mjs makes (own file name, so the two never race). */
export async function bundlePages() {
  const out = path.join(ROOT, '.cache', 'bench', 'pages-harness.mjs');
  await mkdir(path.dirname(out), { recursive: true });
  await build({
    stdin: {
      contents: "export { buildPages } from './src/report/model.ts'; export { renderDirectory } from './src/report/render.ts';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    loader: { '.mustache': 'text', '.txt': 'text' },
    logLevel: 'warning',
  });
  return out;
}

/** `count` files spread over `folders` folders, as bench-pages.mjs builds them. */
function files(count, folders) {
  const modified = new Date('2026-11-27T10:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    path: `${folders > 1 ? `folder-${i % folders}/` : 'logs/'}case-${String(i).padStart(5, '0')} output.log`,
    size: 1000 + i,
    contentType: 'text/plain; charset=utf-8',
    modified,
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [bundle, count, runs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
  const { buildPages, renderDirectory } = await import(pathToFileURL(bundle).href);
  const result = {};
  for (const [name, folders] of [['oneFolder', 1], ['hundredFolders', 100]]) {
    const list = files(count, folders);
    const times = [];
    let pages = 0;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      const built = buildPages({ testName: 'bench', uploadedAt: new Date(), files: list, failed: [], hasManifest: true });
      pages = built.map((p) => renderDirectory(p.view)).length;
      times.push(performance.now() - t);
    }
    result[name] = { times, pages };
  }
  console.log(JSON.stringify(result));
}

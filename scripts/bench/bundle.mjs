// @ts-check
// The benchmarks' bundles of the action's own sources (src/, TypeScript), so that a case times the
// code the action runs rather than a copy: one esbuild call, each caller its own file name under
// .cache/bench/ so that two benchmarks never race on one file.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Bundles `exports` (ES `export … from './src/…'` lines, resolved from the repository root) to
 * `.cache/bench/<name>`; returns the bundle's path.
 * @param {string} name
 * @param {string[]} exports
 * @param {{ packages?: 'bundle' | 'external' }} [options] `external`: node_modules stay imports
 *   (the bundle runs inside the checkout); `bundle` (default): everything in, with a require()
 *   for the CommonJS parts of the SDK.
 */
export async function bundleSources(name, exports, options = {}) {
  const out = path.join(ROOT, '.cache', 'bench', name);
  await mkdir(path.dirname(out), { recursive: true });
  const external = options.packages === 'external';
  await build({
    stdin: { contents: exports.join('\n'), resolveDir: ROOT, loader: 'ts' },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    loader: { '.mustache': 'text', '.txt': 'text' },
    ...(external
      ? { packages: /** @type {const} */ ('external') }
      : { banner: { js: "import { createRequire as __pto_cr } from 'node:module'; const require = __pto_cr(import.meta.url);" } }),
    logLevel: 'warning',
  });
  return out;
}

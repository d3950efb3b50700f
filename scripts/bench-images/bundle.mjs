// @ts-check
// The compressor under test, bundled with esbuild (sharp external) together with loadSharp, so
// the bench sets sharp up as the action does, keep-originals' rule (src/images/keep-original.ts)
// the SSIM measure (src/images/similarity.ts), the significant-colour count the referee's
// rule uses (src/images/colour-count.ts) and the search (its similarity, for the floor);
// `source` may be a scratch copy (--module).
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_BUNDLE } from '../esbuild-options.mjs';

/**
 * @param {string} root
 * @param {string} cacheDir
 * @param {string} source
 * @returns {Promise<import('./types.mjs').BenchModule>}
 */
export async function bundleCompress(root, cacheDir, source) {
  const outfile = path.join(cacheDir, 'compress.mjs');
  await mkdir(cacheDir, { recursive: true });
  await build({
    stdin: {
      contents: `export * from ${JSON.stringify(source)};\nexport { loadSharp } from ${JSON.stringify(path.join(root, 'src/images/load-sharp.ts'))};\nexport { keepReason } from ${JSON.stringify(path.join(root, 'src/images/keep-original.ts'))};\nexport { lumaOfRgb, meanSsim } from ${JSON.stringify(path.join(root, 'src/images/similarity.ts'))};\nexport { significantColours } from ${JSON.stringify(path.join(root, 'src/images/colour-count.ts'))};\nexport { Search } from ${JSON.stringify(path.join(root, 'src/images/search.ts'))};\n`,
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    outfile,
    ...NODE_BUNDLE,
  });
  /** @type {unknown} */
  const bundled = await import(`${pathToFileURL(outfile).href}?v=${Date.now()}`);
  return /** @type {import('./types.mjs').BenchModule} */ (bundled);
}

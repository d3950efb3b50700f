// Bundles src/ into one ESM file, dist/index.js, as the runner executes it.
// sharp is native and cannot be bundled: it stays external (shipped beside the bundle from the
// image issue on). Templates are inlined as text so dist/ needs no files at run time.
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';

await rm('dist', { recursive: true, force: true });
await mkdir('dist');
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  mainFields: ['module', 'main'],
  external: ['sharp'],
  loader: { '.mustache': 'text' },
  legalComments: 'eof',
  logLevel: 'warning',
  // CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __ptoCreateRequire } from 'node:module';\nconst require = __ptoCreateRequire(import.meta.url);",
  },
});
// dist/ must run on its own (action.yml + dist/ only), so it declares its module type itself.
await writeFile('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');

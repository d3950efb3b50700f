// Bundles src/ into one ESM file, dist/index.js, as the runner executes it.
// sharp is native and cannot be bundled: it stays external, and scripts/ship-sharp.mjs copies it
// with its native builds (Linux glibc x64 and arm64) and its WebAssembly fallback into
// dist/node_modules/, where dist/index.js's `import('sharp')` finds it.
// Templates are code (src/report/templates.generated.ts), so dist/ needs no other files at run time.
// `node scripts/build.mjs --from-tarballs` takes every shipped package from its npm tarball
// instead of node_modules/ (the output must be the same).
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { NODE_BUNDLE } from './esbuild-options.mjs';
import { shipSharp } from './ship-sharp.mjs';

await rm('dist', { recursive: true, force: true });
await mkdir('dist');
await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  ...NODE_BUNDLE,
  mainFields: ['module', 'main'],
  legalComments: 'eof',
  // CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __ptoCreateRequire } from 'node:module';\nconst require = __ptoCreateRequire(import.meta.url);",
  },
});
// dist/ must run on its own (action.yml + dist/ only), so it declares its module type itself.
await writeFile('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');

const shipped = await shipSharp('dist/node_modules', { fromTarballs: process.argv.includes('--from-tarballs') });
const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`.padStart(9);
for (const { name, version, from, files, bytes } of shipped) {
  console.log(`dist/node_modules/${`${name}@${version}`.padEnd(36)} ${kB(bytes)} ${String(files).padStart(3)} files (${from})`);
}
console.log(`dist/node_modules ${kB(shipped.reduce((sum, row) => sum + row.bytes, 0)).trim()} in all`);

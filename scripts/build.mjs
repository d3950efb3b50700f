// @ts-check
// Bundles src/ into one ESM file, dist/index.js, as the runner executes it, and the command
// line into dist/cli.js (the package's `bin`), which shares dist/node_modules/ for sharp.
// sharp is native and cannot be bundled: it stays external, and scripts/ship-sharp.mjs copies it
// with its native builds (Linux glibc x64 and arm64) and its WebAssembly fallback into
// dist/node_modules/, where dist/index.js's `import('sharp')` finds it.
// Templates are code (src/report/templates.generated.ts), so dist/ needs no other files at run time.
// `node scripts/build.mjs --from-tarballs` takes every shipped package from its npm tarball
// instead of node_modules/ (the output must be the same).
import { build } from 'esbuild';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { NODE_BUNDLE } from './esbuild-options.mjs';
import { shipSharp } from './ship-sharp.mjs';

await rm('dist', { recursive: true, force: true });
await mkdir('dist');
// CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
const requireShim = "import { createRequire as __ptoCreateRequire } from 'node:module';\nconst require = __ptoCreateRequire(import.meta.url);";
/** @type {import('esbuild').BuildOptions} */
const shared = { ...NODE_BUNDLE, mainFields: ['module', 'main'], legalComments: 'eof' };
await build({ ...shared, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', banner: { js: requireShim } });

// The command line (`npx publish-test-outputs`): the same core; its flags and --help are made
// from action.yml's inputs, inlined here (src/cli/action-inputs.ts) so they never drift apart.
/** @typedef {{ description?: unknown, required?: unknown, default?: unknown }} InputSpec */
/** @type {unknown} */
const actionYml = parse(await readFile('action.yml', 'utf8'));
const action = /** @type {{ inputs: Record<string, InputSpec> }} */ (actionYml);
const actionInputs = Object.entries(action.inputs).map(([name, spec]) => ({
  name,
  description: String(spec.description ?? '').trim(),
  required: spec.required === true,
  ...(spec.default !== undefined ? { default: String(spec.default) } : {}),
}));
await build({
  ...shared,
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  define: { __PTO_ACTION_INPUTS__: JSON.stringify(actionInputs) },
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
});
await chmod('dist/cli.js', 0o755);
// dist/ must run on its own (action.yml + dist/ only), so it declares its module type itself.
await writeFile('dist/package.json', JSON.stringify({ type: 'module' }, null, 2) + '\n');

const shipped = await shipSharp('dist/node_modules', { fromTarballs: process.argv.includes('--from-tarballs') });
const kB = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(0)} kB`.padStart(9);
for (const { name, version, from, files, bytes } of shipped) {
  console.log(`dist/node_modules/${`${name}@${version}`.padEnd(36)} ${kB(bytes)} ${String(files).padStart(3)} files (${from})`);
}
console.log(`dist/node_modules ${kB(shipped.reduce((sum, row) => sum + row.bytes, 0)).trim()} in all`);

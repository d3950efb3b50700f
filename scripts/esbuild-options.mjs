// @ts-check
// The esbuild settings every bundle of src/ shares: one ESM file for Node 20 and later, with
// sharp left out (it is native: dist/ ships it beside the bundle; tests and benches load it from
// node_modules/).
/** @type {import('esbuild').BuildOptions} */
export const NODE_BUNDLE = { bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['sharp'], logLevel: 'warning' };

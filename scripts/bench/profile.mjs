// @ts-check
// Summarizes a V8 .cpuprofile (node --cpu-prof) by self time: top functions, and the modules of
// the bundle they live in. esbuild writes a `// node_modules/pkg/file.js` (or `// src/…`) comment
// before each module it inlines into dist/index.js, so a line number maps back to its module.
import { readFile } from 'node:fs/promises';

/**
 * A V8 .cpuprofile, as far as it is read here.
 * @typedef {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} CpuProfile
 * @typedef {{ totalMs: number, functions: {name: string, ms: number}[], packages: {name: string, ms: number}[] }} ProfileSummary
 */

/**
 * @param {string} bundlePath
 * @returns {Promise<(line: number) => string>}
 */
async function moduleIndex(bundlePath) {
  const lines = (await readFile(bundlePath, 'utf8')).split('\n');
  /** @type {[number, string][]} */
  const starts = [];
  lines.forEach((l, i) => {
    const m = /^\/\/ ((?:node_modules|src)\/\S+)$/.exec(l);
    if (m?.[1] !== undefined) starts.push([i, m[1]]);
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prologue)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [startLine, name] = /** @type {[number, string]} */ (starts[mid]);
      if (startLine <= line) {
        found = name;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** A package name from a module path: node_modules/@smithy/x/dist/a.js → @smithy/x. */
/** @param {string} mod */
function packageOf(mod) {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(mod);
  return m?.[1] !== undefined ? m[1] : mod.startsWith('src/') ? 'src (ours)' : mod;
}

/**
 * @param {string} profilePath
 * @param {string} bundlePath
 * @returns {Promise<ProfileSummary>}
 */
export async function summarizeProfile(profilePath, bundlePath, top = 15) {
  /** @type {unknown} */
  const parsed = JSON.parse(await readFile(profilePath, 'utf8'));
  const profile = /** @type {CpuProfile} */ (parsed);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const where = await moduleIndex(bundlePath);
  /** @type {Map<string, number>} */
  const fns = new Map();
  /** @type {Map<string, number>} */
  const pkgs = new Map();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (node === undefined) throw new Error(`${profilePath}: a sample names node ${id}, which the profile lacks`);
    const { functionName, url, lineNumber } = node.callFrame;
    totalMs += ms;
    let mod;
    if (url.endsWith('/dist/index.js')) mod = where(lineNumber);
    else if (url.startsWith('node:')) mod = url;
    else mod = url ? url.replace(/^file:\/\//, '') : `(${functionName || 'native'})`;
    const fn = `${functionName || '(anonymous)'}  ${mod}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
    const pkg = url.endsWith('/dist/index.js') ? packageOf(mod) : url.startsWith('node:') ? 'node: built-ins (JS)' : `(${functionName || 'native'})`;
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + ms);
  }
  const sorted = (/** @type {Map<string, number>} */ m) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms).slice(0, top);
  return { totalMs, functions: sorted(fns), packages: sorted(pkgs) };
}

/**
 * @param {string} title
 * @param {ProfileSummary} s
 */
export function formatProfile(title, s) {
  const row = (/** @type {{ name: string, ms: number }} */ r) => `  ${r.ms.toFixed(0).padStart(6)} ms ${((100 * r.ms) / s.totalMs).toFixed(1).padStart(5)}%  ${r.name}`;
  return [`${title}: ${s.totalMs.toFixed(0)} ms sampled`, ' top self time by package:', ...s.packages.slice(0, 10).map(row), ' top self time by function:', ...s.functions.map(row)].join('\n');
}

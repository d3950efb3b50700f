// @ts-check
// The comparison case of `npm run bench` (issue 15): what comparing with the baseline adds to a
// publication of F files of which C changed (most of them logs, a few plots), with the action's
// own publish() bundled from src/. A base publication on main first; then, per run, the same
// changed outputs published on main with `compare: auto` (the base is the branch's previous
// publication… of the same content, so every run compares against the base) and with
// `compare: off`. Measured: the "Compare with the baseline" stage itself (the baseline is looked up
// while the files upload, so only this stage is on the critical path), and the two publications'
// wall times for a check. Also: an image comparison page (compareImages + render) per megapixel.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { bundleSources } from './bundle.mjs';

/**
 * @typedef {{ publish: typeof import('../../src/publish.js').publish, parseInputs: typeof import('../../src/inputs.js').parseInputs, createS3Store: typeof import('../../src/store/s3/s3-store.js').createS3Store, createGlob: typeof import('@actions/glob').create, loadSharp: typeof import('../../src/images/load-sharp.js').loadSharp, compareImages: typeof import('../../src/compare/image-diff.js').compareImages }} CompareCode
 * @typedef {{ title: string, files: number, changed: number, stageMs: number[], onMs: number[], offMs: number[], changedCounts: number[], imageMsPerMP: number[] }} CompareResult
 */

export async function bundleCompare() {
  const bundle = await bundleSources(
    'compare-harness.mjs',
    [
      "export { publish } from './src/publish.ts'; export { parseInputs } from './src/inputs.ts'; export { createS3Store } from './src/store/s3/s3-store.ts';",
      "export { create as createGlob } from '@actions/glob'; export { loadSharp } from './src/images/load-sharp.ts'; export { compareImages } from './src/compare/image-diff.ts';",
    ],
    { packages: 'external' },
  );
  /** @type {unknown} */
  const code = await import(pathToFileURL(bundle).href);
  return /** @type {CompareCode} */ (code);
}

/** A plot-like PNG: white, with bars whose heights depend on `seed`. */
async function plotPng(/** @type {import('../../src/images/load-sharp.js').Sharp} */ sharp, /** @type {number} */ width, /** @type {number} */ height, /** @type {number} */ seed) {
  const bars = Array.from({ length: 12 }, (_, i) => {
    const h = Math.round(((Math.sin(i + seed) + 1.2) / 2.4) * (height - 40));
    return { input: { create: { width: Math.floor(width / 16), height: Math.max(1, h), channels: /** @type {3} */ (3), background: '#3366aa' } }, left: Math.floor(((i + 1) * width) / 14), top: height - 20 - h };
  });
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(bars).png().toBuffer();
}

/**
 * Writes the outputs of one run: `files` logs, of which the first `changed` (45 logs, 5 plots in
 * 50) differ between version 0 and 1.
 * @param {import('../../src/images/load-sharp.js').Sharp} sharp
 * @param {string} dir
 * @param {number} files
 * @param {number} changed
 * @param {0 | 1} version
 */
async function outputs(sharp, dir, files, changed, version) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'logs'), { recursive: true });
  await mkdir(path.join(dir, 'plots'), { recursive: true });
  const plots = Math.max(1, Math.round(changed / 10));
  for (let i = 0; i < plots; i++) await writeFile(path.join(dir, 'plots', `plot-${i}.png`), await plotPng(sharp, 640, 480, i + version * 0.7));
  const lines = (/** @type {number} */ i) => Array.from({ length: 200 }, (_, l) => `case ${i} step ${l}: ${i < changed - plots && version === 1 && l % 50 === 7 ? 'FAILED' : 'ok'}`).join('\n') + '\n';
  for (let i = 0; i < files - plots; i++) await writeFile(path.join(dir, 'logs', `case-${String(i).padStart(4, '0')}.log`), lines(i));
}

/**
 * @param {CompareCode} code
 * @param {{ endpoint: string, accessKeyId: string, secretAccessKey: string, bucket: string, files: number, changed: number, runs: number }} o
 * @param {(m: string) => void} log
 * @returns {Promise<CompareResult>}
 */
export async function compareCase(code, o, log) {
  const loaded = await code.loadSharp();
  if (!loaded.sharp) throw new Error(`sharp: ${loaded.error}`);
  const sharp = loaded.sharp;
  const root = path.join(tmpdir(), `pto-bench-compare-${process.pid}`);
  /** @type {CompareResult} */
  const result = { title: `(h) compare ${o.files.toLocaleString('en-US')} files, ${o.changed} changed, with the baseline: added to a publication, target ≤ 1 s`, files: o.files, changed: o.changed, stageMs: [], onMs: [], offMs: [], changedCounts: [], imageMsPerMP: [] };
  const env = { AWS_ACCESS_KEY_ID: o.accessKeyId, AWS_SECRET_ACCESS_KEY: o.secretAccessKey, AWS_REGION: 'us-east-1', GITHUB_REPOSITORY: 'bench-org/bench-repo', GITHUB_SHA: 'c0ffee'.padEnd(40, '0'), GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_EVENT_NAME: 'push', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'bench', GITHUB_RUN_ATTEMPT: '1', GITHUB_SERVER_URL: 'https://github.com' };
  // The SDK reads its credentials from the process's environment, as in the action.
  process.env['AWS_ACCESS_KEY_ID'] = o.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = o.secretAccessKey;
  /** @type {(run: string, ws: string, compare: string) => Promise<{ wallMs: number, stageMs: number, changed: number }>} */
  const once = async (run, ws, compare) => {
    const inputs = { bucket: o.bucket, path: path.join(ws, 'out'), 'test-name': 'bench', endpoint: o.endpoint, compare, comment: 'off', summary: 'false' };
    const parsed = code.parseInputs((name) => /** @type {Record<string, string>} */ (inputs)[name] ?? '', { ...env, GITHUB_RUN_ID: run, GITHUB_RUN_NUMBER: run, GITHUB_WORKSPACE: ws });
    const store = code.createS3Store(parsed);
    let stageMs = 0;
    /** @type {import('../../src/util/logger.js').Logger} */
    const logger = {
      info: () => {},
      warning: (m) => log(`bench: compare: warning: ${m}`),
      debug: () => {},
      group: async (name, fn) => {
        const t = performance.now();
        try {
          return await fn();
        } finally {
          if (name === 'Compare with the baseline') stageMs = performance.now() - t;
        }
      },
    };
    const t = performance.now();
    const published = await code.publish(parsed, { store, glob: code.createGlob, log: logger, now: () => new Date(), tempRoot: tmpdir() });
    const wallMs = performance.now() - t;
    store.destroy();
    if (published.files !== o.files) throw new Error(`published ${published.files} of ${o.files} files`);
    return { wallMs, stageMs, changed: published.comparison?.changed.length ?? -1 };
  };
  try {
    const base = path.join(root, 'base');
    await outputs(sharp, path.join(base, 'out'), o.files, o.changed, 0);
    await once('1', base, 'off');
    const head = path.join(root, 'head');
    await outputs(sharp, path.join(head, 'out'), o.files, o.changed, 1);
    for (let r = 0; r < o.runs; r++) {
      // Against the base by its prefix, so that every run compares the same two publications.
      const on = await once(String(100 + 2 * r), head, `bench-org/bench-repo/1-1/bench`);
      const off = await once(String(101 + 2 * r), head, 'off');
      result.stageMs.push(on.stageMs);
      result.onMs.push(on.wallMs);
      result.offMs.push(off.wallMs);
      result.changedCounts.push(on.changed);
      log(`bench: compare run ${r + 1}/${o.runs}: stage ${on.stageMs.toFixed(0)} ms (${on.changed} changed); publication ${(on.wallMs / 1000).toFixed(2)} s with, ${(off.wallMs / 1000).toFixed(2)} s without`);
    }
    // One image comparison per megapixel: a 1000×1000 plot and the same with other bars.
    const a = await plotPng(sharp, 1000, 1000, 0);
    const b = await plotPng(sharp, 1000, 1000, 0.7);
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      await code.compareImages(sharp, a, b);
      result.imageMsPerMP.push(performance.now() - t);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return result;
}

/**
 * @param {CompareResult} c
 * @param {(v: number[]) => { min: number | null, median: number | null, max: number | null }} stats
 */
export function compareTable(c, stats) {
  const ms = (/** @type {number | null} */ v) => (v === null ? '-' : v.toFixed(0));
  const s = (/** @type {number | null} */ v) => (v === null ? '-' : (v / 1000).toFixed(2));
  return [
    `### ${c.title}`,
    '',
    '| files | changed | comparison stage ms (median, max) | publication s with / without (median) | image comparison ms per MP (median) |',
    '|---:|---:|---:|---:|---:|',
    `| ${c.files} | ${c.changedCounts.join(', ')} | ${ms(stats(c.stageMs).median)}, ${ms(stats(c.stageMs).max)} | ${s(stats(c.onMs).median)} / ${s(stats(c.offMs).median)} | ${ms(stats(c.imageMsPerMP).median)} |`,
  ].join('\n');
}

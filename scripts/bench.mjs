// @ts-check
// `npm run bench` (issue 8): uploads the same data with the built action and its peers (aws-cli,
// rclone, a sequential SDK loop) to a real S3 server on loopback, and prints wall time, CPU and
// peak RSS of each, with ratios to ours, plus start-up and index-page timings.
//
//   npm run bench                      all cases, 3 runs each, Ceph RGW (else embedded s3rver)
//   npm run bench:smoke                --quick: tiny sizes, 1 run, checks the harness itself
//   node scripts/bench.mjs --runs 1 --only small,startup --server embedded|rgw
//     --latency-files N  fewer files in the 100 ms case    --no-install  don't apt-get peers
//     --profile          CPU-profile ours (small files, start-up)  --out FILE  JSON path
//
// Cases: small (2,000 × 20 KB), medium (200 × 1 MB), big (1 GiB), pipeline (ours with pages and
// parent indexes on the small files), latency (small files through a +100 ms proxy), startup,
// pages (10,000 files), retention (pruning 1,000 expired publications × 20 files planted in the
// store: scripts/bench/retention.mjs), history (a repository of 10,000 publications:
// scripts/bench/history.mjs). Every upload goes to a fresh bucket, is checked by listing it (every
// file there with its size), and the bucket is deleted afterwards: RGW's store is small and
// hangs when full.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeBigFile, makeFiles } from './bench/data.mjs';
import { startLatencyProxy } from './bench/latency-proxy.mjs';
import { ensureGnuTime, measure, stats } from './bench/measure.mjs';
import { bundlePages } from './bench/pages.mjs';
import { bundleRetention, retentionCase } from './bench/retention.mjs';
import { historyCase, historyTable } from './bench/history.mjs';
import { bundleCompare, compareCase, compareTable } from './bench/compare.mjs';
import { formatProfile, summarizeProfile } from './bench/profile.mjs';
import { pagesTable, startupTable, summarize, uploadTable, verdicts, verdictTable } from './bench/report.mjs';
import { createBucket, deleteBucket, startServer, verifyUpload } from './bench/server.mjs';
import { nodeBaselineOnce, startupOnce } from './bench/startup.mjs';
import { AWS, ensurePeers, oursCommand, RCLONE, TOOLS } from './bench/tools.mjs';
import { ACTION_ENTRY, parseOutputFile } from './run-action.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL_CASES = ['small', 'medium', 'big', 'pipeline', 'latency', 'startup', 'pages', 'retention', 'history', 'compare'];

/**
 * @typedef {{ quick: boolean, runs: number | null, only: string[], server: 'auto' | 'rgw' | 'embedded', install: boolean, profile: boolean, latencyFiles: number | null, out: string }} Options
 * @typedef {import('./bench/report.mjs').Run} Run
 * @typedef {import('./bench/report.mjs').UploadCase} UploadCase
 * @typedef {import('./bench/report.mjs').StartupCase} StartupCase
 * @typedef {import('./bench/data.mjs').Dataset} Dataset
 * @typedef {typeof TOOLS[number]} Tool
 */

/**
 * @param {string[]} argv
 * @returns {Options}
 */
function parseArgs(argv) {
  /** @type {Options} */
  const o = { quick: false, runs: null, only: ALL_CASES, server: 'auto', install: true, profile: false, latencyFiles: null, out: path.join(ROOT, '.cache/bench/results.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    /** @returns {string} */
    const value = () => argv[++i] ?? (console.error(`${a} needs a value`), process.exit(2));
    if (a === '--quick') o.quick = true;
    else if (a === '--runs') o.runs = Number(value());
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--server') o.server = /** @type {Options['server']} */ (value()); // checked below
    else if (a === '--latency-files') o.latencyFiles = Number(value());
    else if (a === '--out') o.out = path.resolve(value());
    else if (a === '--no-install') o.install = false;
    else if (a === '--profile') o.profile = true;
    else (console.error(`unknown option ${a}`), process.exit(2));
  }
  const bad = o.only.filter((c) => !ALL_CASES.includes(c));
  if (bad.length || !['auto', 'rgw', 'embedded'].includes(o.server) || (o.runs !== null && !(o.runs >= 1))) {
    console.error(`bad options (cases: ${ALL_CASES.join(', ')}; --server auto|rgw|embedded; --runs N ≥ 1)`);
    process.exit(2);
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const sizes = opts.quick
  // history: s3rver cannot list over 1,000 keys (a truncated ListObjectsV2 fails there), and
  // takes ~30 ms a PUT: the quick history is 100 publications.
  ? { small: 50, medium: 5, big: 32 * 1024 * 1024, pages: 500, history: 100, runs: 1, startupRuns: 3, latencyFiles: 20, retention: 20, retentionFiles: 5, compare: 200, compareChanged: 10 }
  : { small: 2000, medium: 200, big: 1024 ** 3, pages: 10_000, history: 10_000, runs: 3, startupRuns: 10, latencyFiles: 2000, retention: 1000, retentionFiles: 20, compare: 2000, compareChanged: 50 };
const runs = opts.runs ?? sizes.runs;
const latencyFiles = opts.latencyFiles ?? sizes.latencyFiles;
const log = (/** @type {string} */ m) => console.error(m);
/** @type {(cmd: string, args: string[]) => string | null} */
const version = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8', env: { PATH: process.env.PATH } }).stdout?.split('\n')[0]?.trim() || null;

const haveTime = ensureGnuTime(log);
const peers = ensurePeers({ install: opts.install, log });
const server = await startServer(opts.server, log);
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  server: server.label,
  serverKind: server.kind,
  aws: peers.aws ? version(AWS, ['--version']) : null,
  rclone: peers.rclone ? version(RCLONE, ['version']) : null,
  gnuTime: haveTime,
};
log(`bench: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}; server: ${machine.server}`);
log(`bench: aws-cli: ${machine.aws ?? 'NOT INSTALLED (skipped)'}; rclone: ${machine.rclone ?? 'NOT INSTALLED (skipped)'}; ${runs} run(s) per case`);

const isPage = (/** @type {string} */ k) => k === 'manifest.json' || k === 'index.html' || k.endsWith('/index.html');
/** @type {import('./bench/report.mjs').Cases} */
const cases = {};
let problems = 0;

/** Runs every tool `runs` times on `dataset` (each run starts with the next tool, so no tool is
 * always first after a cold cache), each into a fresh bucket that is verified and deleted.
 * @param {string} id
 * @param {string} title
 * @param {Dataset} dataset
 * @param {Array<Pick<Tool, 'id' | 'label' | 'needs' | 'make'>>} tools
 * @param {{ endpoint?: string, reclaim?: boolean }} [options]
 */
async function uploadCase(id, title, dataset, tools, { endpoint = server.endpoint, reclaim = false } = {}) {
  /** @type {UploadCase} */
  const c = { title, files: dataset.files.length, bytes: dataset.bytes, tools: {} };
  for (const t of tools) c.tools[t.id] = { label: t.label, runs: [], ...(t.needs && !peers[t.needs] ? { skipped: `${t.needs} not installed` } : {}) };
  const tool = (/** @type {string} */ tid) => /** @type {import('./bench/report.mjs').ToolResult} */ (c.tools[tid]);
  const active = tools.filter((t) => !tool(t.id).skipped);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < active.length; k++) {
      const t = /** @type {Tool} */ (active[(k + r) % active.length]);
      const bucket = await createBucket(server);
      const prefix = `bench/${t.id}-${r}`;
      const cmd = await t.make({ server, endpoint, bucket, prefix, dataset });
      const m = await measure(cmd.command, cmd.args, { env: cmd.env, cwd: cmd.cwd });
      /** @type {Run} */
      const run = { wallMs: m.wallMs, cpuMs: m.cpuMs, userMs: m.userMs, sysMs: m.sysMs, rssMB: m.rssMB, code: m.code, timedOut: m.timedOut };
      if (cmd.outputFile) run.outputs = parseOutputFile(await readFile(cmd.outputFile, 'utf8'));
      const verify = m.code === 0 ? await verifyUpload(server, bucket, `${prefix}/`, dataset, t.id === 'ours' || t.id === 'pipeline' ? isPage : () => false) : { ok: false, problems: [`exit ${m.code}${m.timedOut ? ' (timed out)' : ''}: ${(m.stderr || m.stdout).trim().split('\n').slice(-3).join(' | ')}`] };
      run.verify = verify;
      if (!verify.ok) problems++, log(`bench: ${id}/${t.id} run ${r + 1} FAILED: ${verify.problems.join('; ')}`);
      log(`bench: ${id.padEnd(8)} ${t.id.padEnd(9)} run ${r + 1}/${runs}: ${(m.wallMs / 1000).toFixed(2)} s, CPU ${m.cpuMs === null ? '-' : (m.cpuMs / 1000).toFixed(2)} s, RSS ${m.rssMB?.toFixed(0) ?? '-'} MB${verify.ok ? '' : ' FAILED'}`);
      tool(t.id).runs.push(run);
      await deleteBucket(server, bucket, { reclaim });
      if (cmd.scratch) await rm(cmd.scratch, { recursive: true, force: true });
    }
  }
  for (const t of Object.values(c.tools)) if (!t.skipped) t.summary = summarize(t.runs, dataset.files.length);
  cases[id] = c;
  console.log(`\n${uploadTable(c)}\n`);
}

const want = (/** @type {string} */ id) => opts.only.includes(id);
const reclaim = server.kind === 'rgw';
const mb = (/** @type {number} */ b) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
try {
  if (want('small') || want('pipeline') || want('latency')) {
    const small = await makeFiles(sizes.small, 20 * 1024, { name: 'small' });
    try {
      if (want('small')) await uploadCase('small', `(a) ${sizes.small} files × 20 KB in nested folders`, small, TOOLS);
      if (want('pipeline')) {
        const full = { id: 'pipeline', label: 'ours, full pipeline (find + upload + pages + parent indexes)', make: (/** @type {import('./bench/tools.mjs').CommandOptions} */ o) => oursCommand({ ...o, inputs: { 'parent-indexes': 'true' } }) };
        await uploadCase('pipeline', `(d) the action's full pipeline on the ${sizes.small} small files, process start → exit`, small, [full]);
      }
      if (want('latency')) {
        // --latency-files: a smaller tree of its own (the tools upload whole directories).
        const data = latencyFiles < small.files.length ? await makeFiles(latencyFiles, 20 * 1024, { name: 'latency' }) : small;
        const proxy = await startLatencyProxy(server.endpoint, 100);
        try {
          const tools = TOOLS.filter((t) => ['ours', 'aws', 'rclone32'].includes(t.id));
          await uploadCase('latency', `latency: ${data.files.length} files × 20 KB through a proxy adding 100 ms per request`, data, tools, { endpoint: proxy.endpoint });
        } finally {
          await proxy.close();
          if (data !== small) await data.remove();
        }
      }
      if (opts.profile) cases.profileSmall = await profileOurs(small);
    } finally {
      await small.remove();
    }
  }
  if (want('medium')) {
    const medium = await makeFiles(sizes.medium, 1024 * 1024, { name: 'medium', perDir: 10 });
    try {
      await uploadCase('medium', `(b) ${sizes.medium} files × 1 MB`, medium, TOOLS, { reclaim });
    } finally {
      await medium.remove();
    }
  }
  if (want('big')) {
    const big = await makeBigFile(sizes.big);
    try {
      await uploadCase('big', `(c) one ${mb(sizes.big)} file`, big, TOOLS, { reclaim });
    } finally {
      await big.remove();
    }
  }
  if (want('startup')) {
    const tiny = await makeFiles(1, 100, { name: 'startup' });
    try {
      /** @type {StartupCase} */
      const c = { title: `start-up: node dist/index.js spawn → first HTTP request (target ≤ 300 ms)`, ours: [], node: [] };
      for (let r = 0; r < sizes.startupRuns; r++) {
        c.ours.push(await startupOnce(tiny));
        c.node.push(await nodeBaselineOnce());
      }
      if (opts.profile) c.profile = await profileStartup(tiny);
      cases.startup = c;
      console.log(`\n${startupTable(c)}\n`);
    } finally {
      await tiny.remove();
    }
  }
  if (want('pages')) {
    const bundle = await bundlePages();
    const pageRuns = Math.max(runs, opts.quick ? 1 : 5);
    const m = await measure(process.execPath, [path.join(ROOT, 'scripts/bench/pages.mjs'), bundle, String(sizes.pages), String(pageRuns)], { env: { PATH: /** @type {string} */ (process.env.PATH) } });
    if (m.code !== 0) throw new Error(`pages benchmark failed: ${m.stderr}`);
    /** @type {unknown} */
    const layouts = JSON.parse(/** @type {string} */ (m.stdout.trim().split('\n').pop()));
    cases.pages = { title: `(e) index pages alone (model + render), target ≤ 1 s`, files: sizes.pages, layouts: /** @type {import('./bench/report.mjs').PagesCase['layouts']} */ (layouts) };
    console.log(`\n${pagesTable(cases.pages)}\n`);
  }
  if (want('retention')) {
    /** @type {unknown} */
    const bundled = await import(pathToFileURL(await bundleRetention()).href);
    const code = /** @type {import('./bench/retention.mjs').RetentionCode} */ (bundled);
    const bucket = await createBucket(server);
    try {
      const r = await retentionCase(code, { ...server, bucket, publications: sizes.retention, files: sizes.retentionFiles });
      const ok = r.deleted === r.publications && r.left === 0 && r.remaining === 0;
      if (!ok) problems++, log(`bench: retention FAILED: deleted ${r.deleted} of ${r.publications}, ${r.left} objects left, ${r.remaining} remaining; ${r.log.join(' | ')}`);
      const title = `(f) prune ${r.publications.toLocaleString('en-US')} expired publications × ${r.files} files, target ≤ 30 s`;
      cases.retention = { title, ...r, ok };
      console.log(`\n### ${title}\n\n| publications | objects deleted | planted in s | pruned in s | left |\n|---:|---:|---:|---:|---:|\n| ${r.deleted} | ${r.deletedObjects} | ${(r.plantMs / 1000).toFixed(1)} | ${(r.pruneMs / 1000).toFixed(1)} | ${r.left} |\n`);
    } finally {
      await deleteBucket(server, bucket, { reclaim });
    }
  }
  if (want('history')) {
    const bucket = await createBucket(server);
    try {
      cases.history = await historyCase(server, bucket, sizes.history, log);
      console.log(`\n${historyTable(cases.history, stats)}\n`);
    } finally {
      await deleteBucket(server, bucket, { reclaim });
    }
  }
  if (want('compare')) {
    const bucket = await createBucket(server);
    try {
      const c = await compareCase(await bundleCompare(), { ...server, bucket, files: sizes.compare, changed: sizes.compareChanged, runs }, log);
      if (c.changedCounts.some((n) => n !== sizes.compareChanged)) problems++, log(`bench: compare FAILED: ${c.changedCounts.join(', ')} changed, not ${sizes.compareChanged}`);
      cases.compare = c;
      console.log(`\n${compareTable(c, stats)}\n`);
    } finally {
      await deleteBucket(server, bucket, { reclaim });
    }
  }
} finally {
  await server.close();
}

/** @param {Dataset} dataset */
async function profileOurs(dataset) {
  const dir = path.join(ROOT, '.cache/bench/profile-small');
  await rm(dir, { recursive: true, force: true });
  const bucket = await createBucket(server);
  const cmd = await oursCommand({ server, endpoint: server.endpoint, bucket, prefix: 'profile', dataset, inputs: { 'parent-indexes': 'false' } });
  spawnSync(cmd.command, ['--cpu-prof', '--cpu-prof-dir', dir, ACTION_ENTRY], { env: cmd.env, cwd: cmd.cwd, stdio: 'ignore' });
  await deleteBucket(server, bucket);
  await rm(/** @type {string} */ (cmd.scratch), { recursive: true, force: true });
  return profileIn(dir, `CPU profile of ours, ${dataset.files.length} small files`);
}

/** @param {Dataset} tiny */
async function profileStartup(tiny) {
  const dir = path.join(ROOT, '.cache/bench/profile-startup');
  await rm(dir, { recursive: true, force: true });
  await startupOnce(tiny, { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  return profileIn(dir, 'CPU profile of ours, start-up (spawn → first request → exit on 404)');
}

/**
 * @param {string} dir
 * @param {string} title
 */
async function profileIn(dir, title) {
  // The run just wrote it; path.join throws as before if it did not.
  const file = /** @type {string} */ ((await readdir(dir)).find((f) => f.endsWith('.cpuprofile')));
  const summary = await summarizeProfile(path.join(dir, file), ACTION_ENTRY);
  console.log(`\n${formatProfile(title, summary)}\n(profile: ${path.join(dir, file)})\n`);
  return { title, file: path.join(dir, file), ...summary };
}

const list = verdicts(cases);
console.log(`### Targets (issue 8)${opts.quick ? ' (--quick sizes: NOT meaningful)' : ''}\n\n${verdictTable(list)}\n`);
console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB RAM, ${machine.os}, node ${machine.node}`);
console.log(`server: ${machine.server}`);
console.log(`peers: ${machine.aws ?? 'aws-cli not installed'}; ${machine.rclone ?? 'rclone not installed'}; runs per case: ${runs}`);
await mkdir(path.dirname(opts.out), { recursive: true });
const json = { date: new Date().toISOString(), quick: opts.quick, runs, machine, cases, targets: list, problems };
await writeFile(opts.out, JSON.stringify(json, null, 2) + '\n');
console.log(`results: ${opts.out}`);
if (problems > 0) {
  console.error(`bench: ${problems} run(s) failed or did not verify`);
  process.exitCode = 1;
}

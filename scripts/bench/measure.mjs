// @ts-check
// Runs one command and measures it: wall time (our own clock, around spawn → exit), and CPU
// time (user + sys) and peak RSS from GNU time. GNU time reads the child's rusage from wait4(),
// so CPU includes every process the command started (aws-cli's Python, rclone's Go threads),
// and %M is the largest resident set of any of them. Its report goes to a file (-o), not to
// stderr, so it never mixes with the tool's own output.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const GNU_TIME = '/usr/bin/time';

/** Installs Debian's `time` when missing (root only). Returns whether /usr/bin/time exists. */
export function ensureGnuTime(log = console.error) {
  if (existsSync(GNU_TIME)) return true;
  if (process.getuid?.() !== 0) return false;
  log('bench: installing Debian package time (for CPU and peak RSS)');
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'time'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return existsSync(GNU_TIME);
}

/**
 * The environment every measured tool starts from: nothing of ours (AWS_*, proxies) leaks in.
 * @param {Record<string, string | undefined>} [extra]
 * @returns {Record<string, string>}
 */
export function baseEnv(extra = {}) {
  /** @type {Record<string, string | undefined>} */
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: process.env.LANG ?? 'C.UTF-8', ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return /** @type {Record<string, string>} */ (env);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ env: Record<string,string>, cwd?: string | undefined, timeoutMs?: number }} options
 * @returns {Promise<{ code: number|null, signal: string|null, wallMs: number, cpuMs: number|null, userMs: number|null, sysMs: number|null, rssMB: number|null, stdout: string, stderr: string, timedOut: boolean }>}
 */
export async function measure(command, args, { env, cwd, timeoutMs = 15 * 60_000 }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'pto-bench-time-'));
  const timeFile = path.join(dir, 'time');
  const withTime = existsSync(GNU_TIME);
  const [cmd, ...argv] = withTime ? [GNU_TIME, '-f', '%e %U %S %M', '-o', timeFile, command, ...args] : [command, ...args];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  // Keep only the tail: a tool printing one line per file must not grow our heap.
  child.stdout.on('data', (/** @type {Buffer} */ d) => (stdout = (stdout + d.toString()).slice(-20_000)));
  child.stderr.on('data', (/** @type {Buffer} */ d) => (stderr = (stderr + d.toString()).slice(-20_000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  /** @type {[number | null, NodeJS.Signals | null]} */
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (c, s) => resolve([c, s]));
  });
  const wallMs = performance.now() - t0;
  clearTimeout(timer);
  // 'exit' can come before the pipes drain; wait for them so the output is complete.
  /** @param {import('node:stream').Readable} stream */
  const drained = (stream) => /** @type {Promise<void>} */ (new Promise((r) => (stream.readableEnded ? r(undefined) : stream.on('close', () => r(undefined)))));
  await Promise.all([drained(child.stdout), drained(child.stderr)]);
  let userMs = null;
  let sysMs = null;
  let rssMB = null;
  if (withTime) {
    // GNU time prefixes "Command exited with non-zero status N" on failure: the numbers are the last line.
    const lines = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split('\n');
    const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(lines[lines.length - 1] ?? '');
    if (m) {
      userMs = Number(m[2]) * 1000;
      sysMs = Number(m[3]) * 1000;
      rssMB = Number(m[4]) / 1024;
    }
  }
  await rm(dir, { recursive: true, force: true });
  return { code, signal, wallMs, userMs, sysMs, cpuMs: userMs === null || sysMs === null ? null : userMs + sysMs, rssMB, stdout, stderr, timedOut };
}

/**
 * Min, median and max of the finite numbers in `values` (all null when there are none).
 * @param {readonly unknown[]} values
 * @returns {{ min: number, median: number, max: number } | { min: null, median: null, max: null }}
 */
export function stats(values) {
  const v = /** @type {number[]} */ (values.filter((x) => typeof x === 'number' && Number.isFinite(x))).sort((a, b) => a - b);
  if (v.length === 0) return { min: null, median: null, max: null };
  const at = (/** @type {number} */ i) => /** @type {number} */ (v[i]);
  const mid = Math.floor(v.length / 2);
  return { min: at(0), median: v.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2, max: at(v.length - 1) };
}

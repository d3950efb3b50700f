// `npm run bench:smoke` checks the benchmark harness itself: the quick bench against the embedded
// server must produce every case with positive timings, and every upload it timed (ours, the
// seed loop, and aws-cli / rclone where installed) must have landed in full, checked by listing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');
const UPLOAD_CASES = ['small', 'medium', 'big', 'pipeline', 'latency'];

interface ToolResult {
  label: string;
  skipped?: string;
  runs: { code: number; wallMs: number; cpuMs: number | null; verify: { ok: boolean; count: number; bytes: number } }[];
  summary?: { verified: boolean; wallMinMs: number };
}
interface Results {
  quick: boolean;
  problems: number;
  machine: { serverKind: string; aws: string | null; rclone: string | null };
  cases: Record<string, { files: number; bytes: number; tools: Record<string, ToolResult> }> & {
    startup: { ours: number[]; node: number[] };
    pages: { layouts: Record<string, { times: number[] }> };
    retention: { ok: boolean; publications: number; deleted: number; left: number; pruneMs: number };
    history: { publications: number; coldMs: number; coldGets: number; warmMs: number[]; largestPage: number; pages: number };
  };
}

let dir: string;
let run: { code: number | null; stdout: string; stderr: string };
let results: Results;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pto-bench-smoke-'));
  const out = path.join(dir, 'results.json');
  // --no-install: the test uses the peers that are there; the harness must mark the rest skipped.
  const child = spawn(process.execPath, ['scripts/bench.mjs', '--quick', '--server', 'embedded', '--no-install', '--out', out], { cwd: repoRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  run = { code, stdout, stderr };
  results = JSON.parse(await readFile(out, 'utf8')) as Results;
}, 90_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run bench:smoke', () => {
  it('exits 0, labels the embedded server, and prints the table and the JSON path', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(results.quick).toBe(true);
    expect(results.problems).toBe(0);
    expect(results.machine.serverKind).toBe('embedded');
    expect(run.stdout).toContain('embedded s3rver');
    expect(run.stdout).toMatch(/\| tool \| wall min s \| wall median s \| wall ÷ ours \|/);
    expect(run.stdout).toContain(`results: ${path.join(dir, 'results.json')}`);
  });

  it.each(UPLOAD_CASES)('%s: every tool that ran has a positive wall time and a verified upload', (name) => {
    const c = results.cases[name]!;
    expect(c, name).toBeDefined();
    const ran = Object.entries(c.tools).filter(([, t]) => !t.skipped);
    expect(ran.length).toBeGreaterThan(0);
    for (const [id, t] of ran) {
      expect(t.runs.length, id).toBeGreaterThan(0);
      for (const r of t.runs) {
        expect(r.code, id).toBe(0);
        expect(r.wallMs, id).toBeGreaterThan(0);
        expect(r.verify.ok, id).toBe(true);
        expect(r.verify.count, id).toBe(c.files);
        expect(r.verify.bytes, id).toBe(c.bytes);
      }
      expect(t.summary?.verified, id).toBe(true);
    }
  });

  it('always measures ours and the seed loop; aws-cli and rclone run exactly when installed', () => {
    for (const name of ['small', 'medium', 'big']) {
      const tools = results.cases[name]!.tools;
      expect(tools.ours?.skipped).toBeUndefined();
      expect(tools.seed?.skipped).toBeUndefined();
      const aws = existsSync('/usr/bin/aws');
      const rclone = existsSync('/usr/bin/rclone');
      for (const id of ['aws', 'aws32']) expect(tools[id]!.skipped === undefined, id).toBe(aws);
      for (const id of ['rclone', 'rclone32']) expect(tools[id]!.skipped === undefined, id).toBe(rclone);
      if (!aws) expect(run.stdout).toContain('skipped: aws not installed');
    }
  });

  it('measures start-up and the pages with positive times', () => {
    expect(results.cases.startup.ours.length).toBeGreaterThan(0);
    for (const ms of results.cases.startup.ours) expect(ms).toBeGreaterThan(0);
    const layouts = Object.values(results.cases.pages.layouts);
    expect(layouts.length).toBe(2);
    for (const l of layouts) for (const ms of l.times) expect(ms).toBeGreaterThan(0);
  });

  it('retention: every planted expired publication pruned, nothing of them left, with a positive time', () => {
    const r = results.cases.retention;
    expect(r.ok).toBe(true);
    expect(r.deleted).toBe(r.publications);
    expect(r.left).toBe(0);
    expect(r.pruneMs).toBeGreaterThan(0);
  });

  it('measures the history: a cold update that read every planted entry, warm updates, and pages written', () => {
    const h = results.cases.history;
    expect(h.coldGets).toBe(h.publications);
    expect(h.coldMs).toBeGreaterThan(0);
    expect(h.warmMs.length).toBeGreaterThan(0);
    for (const ms of h.warmMs) expect(ms).toBeGreaterThan(0);
    expect(h.pages).toBeGreaterThan(0);
    expect(h.largestPage).toBeGreaterThan(0);
  });
});

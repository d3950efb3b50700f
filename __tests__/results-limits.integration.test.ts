// A hostile JUnit report of 200 MB among the outputs, through publish() on a real S3 server
// (issue 17): one warning line naming the file and the limit, the run goes on, everything else
// is published and read, and the heap does not grow with the report (it is refused by its size,
// never read). The file is written in chunks here, never held in memory by the test either.
import { create } from '@actions/glob';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputs } from '../src/inputs.js';
import { publish } from '../src/publish.js';
import type { Manifest } from '../src/report/manifest.js';
import { storeOn, warningsLogger } from './helpers/s3-store.js';
import type { ObjectStore } from '../src/store/store.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const HUGE_BYTES = 200 * 1024 * 1024;
const HOSTILE = '&lt;img src=x onerror=alert(1)&gt; @octocat `x` | ]';

let target: S3Target;
let workspace: string;
let store: ObjectStore;

/** A well-formed-looking report of `bytes` bytes: hostile test cases, 1 MiB at a time. */
async function writeHugeReport(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  const head = `<?xml version="1.0"?><testsuite name="${HOSTILE}">`;
  const testcase = `<testcase name="${HOSTILE}"><failure message="${HOSTILE}"/></testcase>`;
  const chunk = Buffer.from(testcase.repeat(Math.floor((1024 * 1024) / testcase.length)));
  let written = 0;
  const write = async (b: Buffer | string): Promise<void> => {
    written += Buffer.byteLength(b);
    if (!out.write(b)) await once(out, 'drain');
  };
  await write(head);
  while (written + chunk.length < bytes) await write(chunk);
  await write(' '.repeat(bytes - written - '</testsuite>'.length));
  await write('</testsuite>');
  out.end();
  await once(out, 'finish');
}

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-results-limits-'));
  const out = path.join(workspace, 'out');
  await mkdir(path.join(out, 'reports'), { recursive: true });
  await writeHugeReport(path.join(out, 'reports/huge.xml'), HUGE_BYTES);
  await writeFile(path.join(out, 'reports/unit.xml'), '<testsuite name="unit"><testcase name="adds"/><testcase name="subtracts"><failure message="expected 1"/></testcase></testsuite>');
  await writeFile(path.join(out, 'log.txt'), 'ran\n');
  store = storeOn(target, await target.createBucket(), 120);
}, 120_000);
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});


describe('a 200 MB hostile JUnit report among the outputs', () => {
  it('is one warning naming it and the limit; the rest is published and read; the heap stays flat', async () => {
    expect((await stat(path.join(workspace, 'out/reports/huge.xml'))).size).toBe(HUGE_BYTES);
    const inputs: Record<string, string> = { bucket: store.bucket, path: path.join(workspace, 'out'), 'test-name': 'huge', prefix: 'limits/huge' };
    const parsed = parseInputs((n) => inputs[n] ?? '', { GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' });
    const log = warningsLogger();
    globalThis.gc?.();
    const before = process.memoryUsage();
    let peakHeap = before.heapUsed;
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 20);
    const started = Date.now();
    let result;
    try {
      result = await publish(parsed, { store, glob: create, log, now: () => new Date(), tempRoot: workspace });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    const heapGrowth = peakHeap - before.heapUsed;
    console.info(`200 MB report: publish ${seconds.toFixed(1)} s, peak heapUsed +${(heapGrowth / 2 ** 20).toFixed(1)} MiB, peak rss +${((peakRss - before.rss) / 2 ** 20).toFixed(1)} MiB`);

    const about = log.warnings.filter((w) => w.includes('reports/huge.xml'));
    expect(about).toEqual([`the JUnit report reports/huge.xml was not read: too large (200 MB, the limit is 50.0 MB): not read`]);
    expect(about[0]).not.toContain('\n');
    expect(result.failed).toEqual([]);
    expect(result.files).toBe(3);
    const manifest = JSON.parse((await store.get('limits/huge/manifest.json'))!.toString('utf8')) as Manifest;
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['log.txt', 'reports/huge.xml', 'reports/unit.xml']);
    expect(manifest.files.find((f) => f.path === 'reports/huge.xml')!.size).toBe(HUGE_BYTES);
    const r = manifest.results!;
    expect({ passed: r.passed, failed: r.failed, reports: r.reports.map((x) => x.path) }).toEqual({ passed: 1, failed: 1, reports: ['reports/unit.xml'] });
    expect(r.problems).toEqual([{ kind: 'problem', reportPath: 'reports/huge.xml', reason: 'too large (200 MB, the limit is 50.0 MB): not read' }]);
    // Refused by its size: its text never reaches the heap (a parse would take several times it).
    expect(heapGrowth).toBeLessThan(100 * 2 ** 20);
  }, 300_000);
});

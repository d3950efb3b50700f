// Index pages above the publication, shared by runs and concurrent jobs: every run and test
// listed, none lost to concurrent updates, whether the server enforces conditional writes
// (RGW, with PTO_S3_ENDPOINT) or ignores them (the embedded s3rver).
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { startProxy } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-parents-'));
  await mkdir(path.join(workspace, 'out/logs'), { recursive: true });
  await writeFile(path.join(workspace, 'out/result.txt'), 'ok\n');
  await writeFile(path.join(workspace, 'out/logs/run.log'), 'line 1\nline 2\n');
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

async function text(bucket: string, key: string): Promise<string> {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

const linked = (html: string): string[] => [...html.matchAll(/<a href="([^"]+)&#x2F;index\.html">/g)].map((m) => decodeURIComponent(m[1]!.replace(/&#x2F;/g, '/'))).filter((n) => !n.startsWith('..'));
// The children a level page links: on a repository page, the runs (each also links its tests,
// `<run>/<test>/index.html`).
const listed = (html: string): string[] => linked(html).filter((n) => !n.includes('/'));

function publish(bucket: string, testName: string, runId: string, endpoint = target.endpoint) {
  return runAction({
    cwd: workspace,
    inputs: { bucket, path: 'out', 'test-name': testName },
    env: { ...target.env(), AWS_ENDPOINT_URL_S3: endpoint, GITHUB_RUN_ID: runId },
  });
}

describe('index pages above the publication', () => {
  it('two runs × three tests: the repository page lists the runs, each run page its tests, and a crawl from the top reaches every object', async () => {
    const bucket = await target.createBucket();
    for (const run of ['1001', '1002']) {
      for (const test of ['unit', 'e2e', 'lint']) {
        const result = await publish(bucket, test, run);
        expect(result.code, result.stdout).toBe(0);
        expect(result.stdout).not.toContain('::warning::');
      }
    }
    const repo = await text(bucket, 'octo-org/octo-repo/index.html');
    expect(listed(repo).sort()).toEqual(['1001-1', '1002-1']);
    expect(listed(repo)[0]).toBe('1002-1'); // newest first
    // Each run's row links its tests' publications, from the one listing of the history root.
    expect(linked(repo).filter((n) => n.includes('/')).sort()).toEqual(['1001-1', '1002-1'].flatMap((r) => ['e2e', 'lint', 'unit'].map((t) => `${r}/${t}`)));
    for (const run of ['1001-1', '1002-1']) {
      expect(listed(await text(bucket, `octo-org/octo-repo/${run}/index.html`)).sort()).toEqual(['e2e', 'lint', 'unit']);
    }
    expect(listed(await text(bucket, 'octo-org/index.html'))).toEqual(['octo-repo']);
    const head = await target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'octo-org/octo-repo/index.html' }));
    expect(head.ContentType).toBe('text/html; charset=utf-8');
    expect(head.CacheControl).toBe('no-cache');

    // Crawl every <a> from the top: all answer 200, and every published file is reached.
    const base = `${target.endpoint}/${bucket}/`;
    const queue = [`${base}octo-org/index.html`];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const url = queue.shift()!;
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      const body = await res.text();
      if (!url.endsWith('.html')) continue;
      for (const [, raw] of body.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
        const link = new URL(raw!.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&'), url).toString();
        if (link.startsWith('https://github.com/')) continue; // commit and run links of the status line
        if (!seen.has(link)) {
          expect(link.startsWith(base), link).toBe(true);
          seen.add(link);
          queue.push(link);
        }
      }
    }
    for (const run of ['1001-1', '1002-1']) {
      for (const test of ['unit', 'e2e', 'lint']) {
        for (const file of ['result.txt', 'logs/run.log', 'manifest.json']) {
          expect(seen.has(`${base}octo-org/octo-repo/${run}/${test}/${file}`), `${run}/${test}/${file} reached`).toBe(true);
        }
      }
    }
    // The publication's own pages link up to the run and the repository.
    const testPage = (await text(bucket, 'octo-org/octo-repo/1002-1/unit/logs/index.html')).replaceAll('<wbr>', '');
    expect(testPage).toContain('<a href="..&#x2F;..&#x2F;index.html">1002-1</a>');
    expect(testPage).toContain('<a href="..&#x2F;..&#x2F;..&#x2F;index.html">octo-repo</a>');
  }, 120_000);

  it('8 concurrent publications into one run: all 8 listed, with conditional writes sent', async () => {
    const bucket = await target.createBucket();
    const proxy = await startProxy(target.endpoint);
    try {
      const names = Array.from({ length: 8 }, (_, i) => `matrix-${i + 1}`);
      const results = await Promise.all(names.map((n) => publish(bucket, n, '2001', proxy.endpoint)));
      for (const r of results) {
        expect(r.code, r.stdout).toBe(0);
        expect(r.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toEqual([]);
      }
      expect(listed(await text(bucket, 'octo-org/octo-repo/2001-1/index.html')).sort()).toEqual([...names].sort());
      expect(listed(await text(bucket, 'octo-org/octo-repo/index.html'))).toEqual(['2001-1']);
      const pagePuts = proxy.exchanges.filter((e) => e.method === 'PUT' && /\/octo-org\/octo-repo\/2001-1\/index\.html(\?|$)/.test(e.url));
      expect(pagePuts.some((e) => e.ifNoneMatch === '*'), 'the page is created with If-None-Match: *').toBe(true);
      expect(pagePuts.every((e) => e.ifNoneMatch === '*' || e.ifMatch !== undefined), 'every write of the page is conditional').toBe(true);
      if (target.kind === 'external') {
        // RGW enforces the conditions: the losers of a race were refused and read again.
        console.log(`run page writes: ${pagePuts.length}, refused with 412/409: ${pagePuts.filter((e) => e.status === 412 || e.status === 409).length}`);
      }
    } finally {
      await proxy.close();
    }
  }, 180_000);

  it('an index.html above the prefix that the action did not write is left alone, with a warning', async () => {
    const bucket = await target.createBucket();
    const mine = '<html>my own site</html>';
    await target.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'octo-org/index.html', Body: mine, ContentType: 'text/html' }));
    const result = await publish(bucket, 'unit', '3001');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/::warning::octo-org\/index\.html exists and was not written by this action/);
    expect(await text(bucket, 'octo-org/index.html')).toBe(mine);
    expect(listed(await text(bucket, 'octo-org/octo-repo/index.html'))).toEqual(['3001-1']);
  }, 60_000);

  it('parent-indexes: false writes nothing above the prefix', async () => {
    const bucket = await target.createBucket();
    const result = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'unit', 'parent-indexes': 'false' }, env: target.env() });
    expect(result.code).toBe(0);
    await expect(target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'octo-org/octo-repo/index.html' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    expect(await text(bucket, 'octo-org/octo-repo/1658821493-1/unit/index.html')).not.toContain('octo-repo</a>');
  }, 60_000);
});

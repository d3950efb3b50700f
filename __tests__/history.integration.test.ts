// The history against a real S3 server (the embedded s3rver, or Ceph RGW with PTO_S3_ENDPOINT):
// acceptance 1 of issue 14 through the built action (three runs: a push to main, two runs of
// PR 17 from feature/x → the repository page shows branch, PR, commit and tests of each, newest
// first), entries that carry the publication's tags, two publications into one run at once, and
// a paginated level whose every page links only to what exists.
import { GetObjectCommand, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { serializeEntry, type HistoryEntry } from '../src/history/entry.js';
import { refreshLevel } from '../src/history/levels.js';
import { createS3Store } from '../src/store/s3/s3-store.js';
import { HISTORY_RUNS, historyEnv, publishHistory } from './helpers/history-runs.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-history-'));
  await mkdir(path.join(workspace, 'out/logs'), { recursive: true });
  await writeFile(path.join(workspace, 'out/result.txt'), 'ok\n');
  await writeFile(path.join(workspace, 'out/logs/run.log'), 'line 1\n');
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

async function text(bucket: string, key: string): Promise<string> {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

const unescape = (s: string): string => s.replace(/&#x2F;/g, '/').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const rowsOf = (html: string): string[] => [...html.matchAll(/<tr class="run"[\s\S]*?<\/tr>/g)].map((m) => unescape(m[0]));
const hrefs = (html: string): string[] => [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => unescape(m[1]!));

describe('the history of a repository', () => {
  it('three runs (a push to main, two runs of PR 17): the repository page shows branch, PR, commit and tests of each, newest first; entries carry the tags', async () => {
    const bucket = await target.createBucket();
    await publishHistory({ cwd: workspace, outputs: 'out', bucket, env: target.env(), inputs: { tags: 'expire=history-test' } });
    const page = await text(bucket, 'octo-org/octo-repo/index.html');
    const rows = rowsOf(page);
    expect(rows).toHaveLength(3);
    const newestFirst = [...HISTORY_RUNS].reverse();
    newestFirst.forEach((run, i) => {
      const row = rows[i]!;
      expect(row, run.runId).toContain(`>#${run.runNumber}</a>`);
      expect(row).toContain(`href="https://github.com/octo-org/octo-repo/actions/runs/${run.runId}/attempts/1"`);
      expect(row).toContain(`<td>${run.branch}</td>`);
      expect(row).toContain(`data-branch="${run.branch}"`);
      expect(row).toContain(`href="https://github.com/octo-org/octo-repo/commit/${run.sha}"><code>${run.sha.slice(0, 7)}</code>`);
      if (run.pr) {
        expect(row).toContain(`<a href="https://github.com/octo-org/octo-repo/pull/17">#17</a> ${run.pr.title}`);
        expect(row).toContain('data-pr="17"');
      } else {
        expect(row).toContain('data-pr=""');
      }
      for (const test of run.tests) expect(row).toContain(`<a href="${run.runId}-1/${test}/index.html">${test}</a>`);
    });
    // Every link of the repository page and the run pages opens (the forge's links aside).
    const base = `${target.endpoint}/${bucket}/octo-org/octo-repo/`;
    for (const href of hrefs(page).filter((h) => !h.startsWith('https://github.com/'))) {
      const res = await fetch(new URL(href, base));
      expect(res.status, href).toBe(200);
    }
    const runPage = await text(bucket, 'octo-org/octo-repo/7001-1/index.html');
    expect([...runPage.matchAll(/<tr class="test"><td><a href="([^"]+)">([^<]+)<\/a><\/td><td>([a-z]*)<\/td><td class="num">(\d+)</g)].map((m) => [unescape(m[1]!), m[2], m[3], m[4]])).toEqual([
      ['e2e/index.html', 'e2e', 'complete', '2'],
      ['unit/index.html', 'unit', 'complete', '2'],
    ]);
    // The entries (claim, copy at the history root) and the markers expire with the publication.
    // s3rver keeps no x-amz-tagging of a PUT (only PutObjectTagging's): checked on RGW.
    const tagged = target.kind === 'external' ? ['octo-org/octo-repo/7001-1/_children/unit', 'octo-org/octo-repo/_children/7001-1/unit', 'octo-org/_children/octo-repo'] : [];
    // The history root lists runs by their entries' copies alone: no marker per run.
    await expect(target.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'octo-org/octo-repo/_children/7001-1' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    for (const key of tagged) {
      const tags = await target.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
      expect(tags.TagSet, key).toEqual([{ Key: 'expire', Value: 'history-test' }]);
    }
    const copy = JSON.parse(await text(bucket, 'octo-org/octo-repo/_children/7003-1/unit')) as HistoryEntry;
    expect(copy).toMatchObject({ state: 'complete', branch: 'feature/x', event: 'pull_request', pr: { number: 17, title: 'Add the loss plots (take 2)' }, runNumber: '7', files: 2, failures: 0, images: 0, link: 'unit/index.html' });
    expect(copy).toEqual(JSON.parse(await text(bucket, 'octo-org/octo-repo/7003-1/_children/unit')));
  }, 180_000);

  it('two publications into one run at once: both in the run row of the repository page and on the run page', async () => {
    const bucket = await target.createBucket();
    const env = { ...target.env(), ...(await historyEnv({ ...HISTORY_RUNS[0]!, runId: '7100' }, path.join(workspace, '.events'))) };
    const results = await Promise.all(['left', 'right'].map((t) => runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': t }, env })));
    for (const r of results) expect(r.code, r.stdout).toBe(0);
    const row = rowsOf(await text(bucket, 'octo-org/octo-repo/index.html'));
    expect(row).toHaveLength(1);
    for (const t of ['left', 'right']) expect(row[0]).toContain(`<a href="7100-1/${t}/index.html">${t}</a>`);
    const runPage = await text(bucket, 'octo-org/octo-repo/7100-1/index.html');
    for (const t of ['left', 'right']) expect(runPage).toContain(`${t}&#x2F;index.html`);
  }, 120_000);

  it('a level of 23 runs in pages of 5: every run on exactly one page, every page reachable from index.html, no link to a missing page', async () => {
    const bucket = await target.createBucket();
    const store = createS3Store({
      bucket, region: 'us-east-1', endpoint: target.endpoint, forcePathStyle: true, concurrency: 8, requestTimeout: 60,
      credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
    });
    try {
      for (let i = 1; i <= 23; i++) {
        const e: HistoryEntry = {
          kind: 'publication', version: 2, token: String(i), prefix: `o/r/${i}-1/unit`, state: 'complete', startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
          testName: 'unit', repository: 'o/r', commit: 'c', runId: String(i), runAttempt: '1', workflow: 'w', job: 'j', link: 'unit/index.html',
        };
        await store.put({ key: `o/r/_children/${i}-1`, body: Buffer.alloc(0), contentType: 'application/octet-stream' });
        await store.put({ key: `o/r/_children/${i}-1/unit`, body: serializeEntry(e), contentType: 'application/json' });
      }
      await refreshLevel({ store, acl: undefined, pageSize: 5, warning: (m) => { throw new Error(m); } }, ['o', 'r']);
      const base = `${target.endpoint}/${bucket}/o/r/`;
      const seen = new Map<string, string[]>();
      const queue = ['index.html'];
      while (queue.length > 0) {
        const name = queue.shift()!;
        const res = await fetch(base + name);
        expect(res.status, name).toBe(200);
        const html = await res.text();
        seen.set(name, rowsOf(html).map((r) => /href="(\d+)-1\/index.html"/.exec(r)![1]!));
        for (const h of hrefs(html).filter((x) => /^(index|page-\d+)\.html$/.test(x))) if (!seen.has(h) && !queue.includes(h)) queue.push(h);
      }
      expect([...seen.keys()].sort()).toEqual(['index.html', 'page-1.html', 'page-2.html', 'page-3.html', 'page-4.html']);
      expect(seen.get('index.html')).toEqual(['23', '22', '21', '20', '19']);
      expect(seen.get('page-1.html')).toEqual(['5', '4', '3', '2', '1']);
      expect(seen.get('page-4.html')).toEqual(['18', '17', '16']);
      expect([...seen.values()].flat().map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    } finally {
      store.destroy();
    }
  }, 120_000);
});

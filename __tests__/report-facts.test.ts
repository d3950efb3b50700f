// The facts a publication is reported by, derived once (src/github/report.ts): a publication made
// in-process on the fake store, then its outputs, job summary and comment rendered from the one
// report; and the pull request settled before publishing (src/github/pull-request.ts).
import { create } from '@actions/glob';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../src/config.js';
import { renderComment } from '../src/github/comment.js';
import { findPullRequest, withPullRequest } from '../src/github/pull-request.js';
import { outputsOf, reportOf } from '../src/github/report.js';
import { renderSummary } from '../src/github/summary.js';
import { parseInputs } from '../src/inputs.js';
import { publish, type Logger } from '../src/publish.js';
import { createFakeStore } from '../src/store/fake.js';

let ws: string;
beforeAll(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'pto-report-'));
  await mkdir(path.join(ws, 'out/logs'), { recursive: true });
  await writeFile(path.join(ws, 'out/a.txt'), 'a'.repeat(2048));
  await writeFile(path.join(ws, 'out/logs/b.log'), 'b\n');
  await writeFile(path.join(ws, 'event.json'), JSON.stringify({ pull_request: { number: 42, title: 'Faster pages', html_url: 'https://github.com/o/r/pull/42' } }));
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

const quiet: Logger = { info: () => undefined, warning: () => undefined, debug: () => undefined, group: (_n, fn) => fn() };
const SHA = '2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';

async function published(inputs: Record<string, string> = {}) {
  const store = createFakeStore();
  const all: Record<string, string> = { bucket: store.bucket, path: path.join(ws, 'out'), 'test-name': 'unit', prefix: 'results/unit', ...inputs };
  const env = { GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7', GITHUB_SHA: SHA, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(ws, 'event.json') };
  const parsed = parseInputs((name) => all[name] ?? '', env);
  const result = await publish(parsed, { store, glob: create, log: quiet, now: () => new Date(), tempRoot: ws });
  return { parsed, result };
}

describe('the publication report', () => {
  it('is derived once; the outputs, the summary and the comment all say what it says', async () => {
    const { parsed, result } = await published();
    const r = reportOf(parsed, result, new Date('2026-12-04T16:02:56Z'));
    expect(r).toMatchObject({ files: 2, byteCount: 2050, bytes: '2.0 KB', bucket: parsed.bucket, prefix: 'results/unit', time: '2026-12-04 16:02:56 UTC', published: true });
    expect(r.commit).toEqual({ short: '2f1e4c9', url: `https://github.com/o/r/commit/${SHA}` });
    expect(r.pullRequest).toEqual({ number: 42, title: 'Faster pages', url: 'https://github.com/o/r/pull/42' });
    expect(outputsOf(r)).toEqual({ url: result.url, prefix: 'results/unit', files: '2', bytes: '2050', 'pr-number': '42' });
    const summary = renderSummary(r);
    const comment = renderComment({ ...r, header: 'unit' });
    for (const text of [summary, comment]) {
      expect(text).toContain(result.url);
      expect(text).toContain('2.0 KB');
    }
    expect(summary).toContain('<tr><th align="left">Files</th><td>2</td></tr>');
    expect(summary).toContain('>logs/</a></td><td align="right">1</td>');
    expect(comment).toContain('· 2 files · 2.0 KB');
    expect(comment).toContain('commit [`2f1e4c9`]');
    expect(comment).toContain('2026-12-04 16:02:56 UTC');
  });

  it('reports nothing when nothing was found, and names no pull request the run has not', async () => {
    const { parsed, result } = await published({ path: path.join(ws, 'none'), 'if-no-files-found': 'ignore' });
    const { pullRequest: _event, ...context } = parsed.context;
    const r = reportOf({ ...parsed, context }, result, new Date());
    expect(r.published).toBe(false);
    expect(outputsOf(r)).toEqual({ url: '', prefix: 'results/unit', files: '0', bytes: '0' });
  });
});

describe('the pull request, settled before publishing', () => {
  const context = (pullRequest?: RunContext['pullRequest'], event = 'pull_request'): RunContext => ({
    repository: 'o/r', sha: SHA, ref: '', runId: '7', runAttempt: '1', workflow: '', job: '', serverUrl: 'https://github.com', workspace: ws, event,
    ...(pullRequest ? { pullRequest } : {}),
  });

  it('is the pr-number input first, then the one the event names; without the API nothing else', async () => {
    const event = { number: 42, title: 'Faster pages', url: 'https://github.com/o/r/pull/42' };
    expect(await findPullRequest(undefined, context(event), 9, false)).toEqual({ number: 9, source: 'input' });
    expect(await findPullRequest(undefined, context(event), undefined, false)).toEqual({ ...event, source: 'event' });
    expect(await findPullRequest(undefined, context(undefined, 'workflow_run'), undefined, true)).toBeUndefined();
    expect(await findPullRequest(undefined, context(undefined, 'push'), undefined, true)).toBeUndefined();
  });

  it('keeps the title, page and base the context has for the same number only', () => {
    const event = { number: 42, title: 'Faster pages', url: 'https://github.com/o/r/pull/42', baseBranch: 'main', baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) };
    expect(withPullRequest(context(event), { number: 42 }).pullRequest).toEqual(event);
    expect(withPullRequest(context(event), { number: 9 }).pullRequest).toEqual({ number: 9 });
    expect(withPullRequest(context(), { number: 9, title: 't' }).pullRequest).toEqual({ number: 9, title: 't' });
    expect(withPullRequest(context(event), undefined).pullRequest).toEqual(event);
  });
});

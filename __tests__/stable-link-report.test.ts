// The stable links as the drivers report them: publish() in process on the fake store writes
// them (or, in link-mode presigned and for short prefixes, does not), and the outputs, the job
// summary, the PR comment and the command line's lines carry their URLs.
import { create } from '@actions/glob';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultLines } from '../src/cli/output.js';
import { renderComment } from '../src/github/comment.js';
import { outputsOf, reportOf } from '../src/github/report.js';
import { renderSummary } from '../src/github/summary.js';
import { parseInputs } from '../src/inputs.js';
import { STABLE_LINK_GENERATED, STABLE_LINK_TARGET } from '../src/layout.js';
import { publish, type Logger } from '../src/publish.js';
import { createFakeStore } from '../src/store/fake.js';

let ws: string;
beforeAll(async () => {
  ws = await mkdtemp(path.join(tmpdir(), 'pto-stable-report-'));
  await mkdir(path.join(ws, 'out'), { recursive: true });
  await writeFile(path.join(ws, 'out/a.txt'), 'a\n');
  await writeFile(path.join(ws, 'event.json'), JSON.stringify({ pull_request: { number: 17, title: 'Faster pages', html_url: 'https://github.com/o/r/pull/17', head: { sha: 'abc' } } }));
});
afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`), debug: (m) => lines.push(`debug: ${m}`), group: (_n, fn) => fn() };
}

async function published(inputs: Record<string, string> = {}) {
  const store = createFakeStore();
  const log = logger();
  const all: Record<string, string> = { bucket: store.bucket, path: path.join(ws, 'out'), 'test-name': 'unit', ...inputs };
  const env = {
    GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1', GITHUB_SHA: 'abc', GITHUB_HEAD_REF: 'feature/x',
    GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(ws, 'event.json'),
  };
  const parsed = parseInputs((name) => all[name] ?? '', env);
  const result = await publish(parsed, { store, glob: create, log, now: () => new Date(), tempRoot: ws });
  return { store, log, parsed, result };
}

describe('stable links from publish()', () => {
  it('are written after the publication, and every report names them', async () => {
    const { store, parsed, result } = await published();
    const latestKey = [...store.objects.keys()].find((k) => k.startsWith('o/r/latest/'));
    expect(latestKey).toMatch(/^o\/r\/latest\/feature-x--[0-9a-f]{12}\/unit\/index\.html$/);
    const pr = store.objects.get('o/r/pr/17/unit/index.html');
    expect(pr?.metadata).toMatchObject({ generated: STABLE_LINK_GENERATED, [STABLE_LINK_TARGET]: encodeURIComponent('o/r/7-1/unit') });
    expect(result.stableLinks).toEqual({ latestUrl: store.publicUrl(latestKey!), prUrl: store.publicUrl('o/r/pr/17/unit/index.html') });

    const r = reportOf(parsed, result, new Date());
    expect(outputsOf(r)).toMatchObject({ 'latest-url': result.stableLinks?.latestUrl, 'pr-url': result.stableLinks?.prUrl });
    expect(renderComment({ ...r, header: 'unit' })).toContain(`[Latest outputs of this pull request](${result.stableLinks?.prUrl})`);
    const summary = renderSummary(r);
    expect(summary).toContain(`<a href="${result.stableLinks?.latestUrl}">latest on <code>feature/x</code></a>`);
    expect(summary).toContain(`<a href="${result.stableLinks?.prUrl}">latest of this pull request</a>`);
    expect(resultLines(result, parsed.bucket)).toEqual(expect.arrayContaining([`latest on this branch: ${result.stableLinks?.latestUrl}`, `latest of this pull request: ${result.stableLinks?.prUrl}`]));
    expect(resultLines(result, parsed.bucket).at(-1)).toBe(`browse the outputs: ${result.url}`);
  });

  it('are not written in link-mode presigned (they would be signed and expire): said at debug level, no outputs', async () => {
    const { store, log, parsed, result } = await published({ 'link-mode': 'presigned' });
    expect([...store.objects.keys()].filter((k) => k.includes('/latest/') || k.includes('/pr/'))).toEqual([]);
    expect(result.stableLinks).toEqual({});
    expect(log.lines).toContain('debug: link-mode presigned: no stable links (they would be signed URLs that expire, to a private bucket)');
    const outputs = outputsOf(reportOf(parsed, result, new Date()));
    expect(outputs['latest-url']).toBeUndefined();
    expect(outputs['pr-url']).toBeUndefined();
    expect(renderComment({ ...reportOf(parsed, result, new Date()), header: 'unit' })).not.toContain('Latest outputs of this pull request');
  });

  it('are not written for a prefix of fewer than three segments', async () => {
    const { store, log, result } = await published({ prefix: 'results/unit' });
    expect([...store.objects.keys()].filter((k) => k.includes('latest') || k.includes('/pr/'))).toEqual([]);
    expect(result.stableLinks).toEqual({});
    expect(log.lines.some((l) => l.startsWith('debug: prefix results/unit/ has fewer than three segments'))).toBe(true);
  });
});

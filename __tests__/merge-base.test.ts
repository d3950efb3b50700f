// The merge base of a pull request, asked of the local GitHub API server over HTTP
// (scripts/github-api.mjs): the compare endpoint's merge_base_commit; an unknown pair (404), a
// refused token (401) or no server at all leave it unknown with a debug line and never throw;
// the run context gets it only when it names the base and a token is given.
import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../src/config.js';
import { mergeBaseOf, withMergeBase } from '../src/github/merge-base.js';
import { findPullRequest } from '../src/github/pull-request.js';
import { ACTIONS_TOKEN, startGithubApi, type GithubApi } from './helpers/github-api.js';

const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);
const MERGE_BASE = 'a'.repeat(40);
const MERGE_COMMIT = 'e'.repeat(40);

let api: GithubApi;
const octokit = (token = ACTIONS_TOKEN, baseUrl = api.url) => getOctokit(token, { baseUrl, request: { retries: 0 } });

beforeAll(async () => {
  api = await startGithubApi();
  api.mergeBases.set(`${BASE}...${HEAD}`, MERGE_BASE);
  api.mergeBases.set(`feature/base...${HEAD}`, MERGE_BASE);
});
afterAll(async () => {
  await api.close();
});

const context = (pr: RunContext['pullRequest'], o: Partial<RunContext> = {}): RunContext => ({
  ci: 'github',
  repository: 'octo-org/octo-repo',
  sha: MERGE_COMMIT,
  ref: 'refs/pull/17/merge',
  runId: '1',
  runAttempt: '1',
  workflow: 'CI',
  job: 'test',
  serverUrl: 'https://github.com',
  workspace: '/w',
  ...(pr ? { pullRequest: pr } : {}),
  ...o,
});

describe('the merge base from GitHub', () => {
  it('is the compare endpoint\'s merge_base_commit for base...head, by commit or by branch name', async () => {
    const lines: string[] = [];
    expect(await mergeBaseOf(octokit(), { owner: 'octo-org', repo: 'octo-repo', base: BASE, head: HEAD, debug: (m) => lines.push(m) })).toBe(MERGE_BASE);
    expect(await mergeBaseOf(octokit(), { owner: 'octo-org', repo: 'octo-repo', base: 'feature/base', head: HEAD })).toBe(MERGE_BASE);
    const asked = api.requests.filter((r) => r.path.includes('/compare/')).map((r) => r.path);
    expect(asked[0]).toBe(`/repos/octo-org/octo-repo/compare/${BASE}...${HEAD}?per_page=1`);
    expect(decodeURIComponent(asked[1] ?? '')).toBe(`/repos/octo-org/octo-repo/compare/feature/base...${HEAD}?per_page=1`);
    expect(lines).toEqual([]);
  });

  it('is unknown, with a debug line and no error, for a pair GitHub does not know, a refused token, or no server', async () => {
    const lines: string[] = [];
    const debug = (m: string): number => lines.push(m);
    expect(await mergeBaseOf(octokit(), { owner: 'octo-org', repo: 'octo-repo', base: BASE, head: 'f'.repeat(40), debug })).toBeUndefined();
    api.refused.add('ghs_revoked');
    expect(await mergeBaseOf(octokit('ghs_revoked'), { owner: 'octo-org', repo: 'octo-repo', base: BASE, head: HEAD, debug })).toBeUndefined();
    expect(await mergeBaseOf(octokit(ACTIONS_TOKEN, 'http://127.0.0.1:9'), { owner: 'octo-org', repo: 'octo-repo', base: BASE, head: HEAD, debug })).toBeUndefined();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/HTTP 404; the merge base stays unknown/);
    expect(lines[1]).toMatch(/HTTP 401/);
  });

  it('fills the context\'s pull request: asked with its head commit (not the merge commit), only with a base, a token and no merge base yet', async () => {
    const log = { debug: () => undefined };
    const pr = { number: 17, baseBranch: 'main', baseSha: BASE, headSha: HEAD };
    const filled = await withMergeBase(context(pr), ACTIONS_TOKEN, log, (t) => octokit(t));
    expect(filled.pullRequest).toEqual({ ...pr, mergeBase: MERGE_BASE });
    // A workflow_run's commit is the pull request's head: asked with the run's commit then.
    expect((await withMergeBase(context({ number: 17, baseSha: BASE }, { sha: HEAD }), ACTIONS_TOKEN, log, (t) => octokit(t))).pullRequest?.mergeBase).toBe(MERGE_BASE);
    const before = api.requests.length;
    const unchanged = [
      context(pr),
      context({ number: 17 }),
      context({ ...pr, mergeBase: 'd'.repeat(40) }),
      context(undefined),
      context(pr, { ci: 'local', repository: 'local/dir' }),
      context(pr, { ci: 'gitlab', repository: 'group/project' }),
    ];
    for (const [i, c] of unchanged.entries()) expect(await withMergeBase(c, i === 0 ? '' : ACTIONS_TOKEN, log, (t) => octokit(t))).toBe(c);
    expect(api.requests.length).toBe(before);
    // GitHub cannot say: the context stays as it was.
    const unknown = context({ number: 17, baseSha: BASE, headSha: 'f'.repeat(40) });
    expect(await withMergeBase(unknown, ACTIONS_TOKEN, log, (t) => octokit(t))).toBe(unknown);
  });

  it('a workflow_run\'s pull request found by its head commit (a fork\'s) carries its base, for the baseline and the merge base', async () => {
    api.pulls.push({ number: 31, state: 'open', head: { sha: HEAD }, base: { ref: 'main', sha: BASE } });
    const c = context(undefined, { event: 'workflow_run', sha: HEAD });
    const found = await findPullRequest(octokit(), c, undefined, false);
    expect(found).toEqual({ number: 31, source: 'head sha', baseBranch: 'main', baseSha: BASE });
    const withBase = { ...c, pullRequest: { number: 31, baseBranch: 'main', baseSha: BASE } };
    expect((await withMergeBase(withBase, ACTIONS_TOKEN, { debug: () => undefined }, (t) => octokit(t))).pullRequest?.mergeBase).toBe(MERGE_BASE);
  });
});

// The pull-request comment, end to end: the built action, a real S3 server for the outputs,
// and a local server speaking GitHub's API, reached by the real Octokit through GITHUB_API_URL,
// with event payload files as the runner writes them. The server knows whose each token is
// and refuses what GitHub refuses, so the sticky comment is proved to be found among the
// token's own comments only.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { ACTIONS_BOT, ACTIONS_TOKEN, startGithubApi, type FakeComment, type GithubApi } from './helpers/github-api.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const SHA = '2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';
let target: S3Target;
let api: GithubApi;
let workspace: string;
let bucket: string;

beforeAll(async () => {
  target = await s3Target();
  bucket = await target.createBucket();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-comment-'));
  await mkdir(path.join(workspace, 'out'), { recursive: true });
  await writeFile(path.join(workspace, 'out/result.txt'), 'ok\n');
  await writeFile(path.join(workspace, 'event-pr.json'), JSON.stringify({ action: 'synchronize', number: 42, pull_request: { number: 42, head: { sha: SHA } } }));
  await writeFile(path.join(workspace, 'event-push.json'), JSON.stringify({ ref: 'refs/heads/main', after: SHA }));
  await writeFile(path.join(workspace, 'event-fork-run.json'), JSON.stringify({ action: 'completed', workflow_run: { head_sha: SHA, pull_requests: [], event: 'pull_request' } }));
  await writeFile(path.join(workspace, 'event-same-repo-run.json'), JSON.stringify({ action: 'completed', workflow_run: { head_sha: SHA, pull_requests: [{ number: 3 }], event: 'pull_request' } }));
});
afterAll(async () => {
  await target.deleteBucket(bucket);
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});
beforeEach(async () => {
  await api?.close();
  api = await startGithubApi();
});

// Each publication is a run attempt of its own: one prefix holds one publication.
let attempt = 0;

type Event = 'pull_request' | 'pull_request_target' | 'push' | 'workflow_run' | 'workflow_run_same_repo';

function publish(testName: string, event: Event, inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const file = {
    pull_request: 'event-pr.json',
    pull_request_target: 'event-pr.json',
    push: 'event-push.json',
    workflow_run: 'event-fork-run.json',
    workflow_run_same_repo: 'event-same-repo-run.json',
  }[event];
  return runAction({
    cwd: workspace,
    inputs: { bucket, path: 'out', 'test-name': testName, 'github-token': ACTIONS_TOKEN, ...inputs },
    env: {
      ...target.env(),
      GITHUB_EVENT_NAME: event === 'workflow_run_same_repo' ? 'workflow_run' : event,
      GITHUB_EVENT_PATH: path.join(workspace, file),
      GITHUB_API_URL: api.url,
      GITHUB_RUN_ATTEMPT: String(++attempt),
      ...env,
    },
  });
}

const warnings = (run: ActionRun): string[] => run.stdout.split('\n').filter((l) => l.startsWith('::warning::'));

describe('the pull-request comment', () => {
  it('is created on the first run and edited in place on the second: exactly one comment', async () => {
    const first = await publish('unit', 'pull_request');
    expect(first.code, first.stdout).toBe(0);
    expect(warnings(first)).toEqual([]);
    const comments = api.comments.get(42)!;
    expect(comments).toHaveLength(1);
    expect(first.outputs['comment-id']).toBe(String(comments[0]!.id));
    expect(first.outputs['pr-number']).toBe('42');
    expect(first.outputs['comment-url']).toBe(comments[0]!.html_url);
    const body = comments[0]!.body;
    expect(body).toContain('<!-- publish-test-outputs:unit -->');
    expect(body).toContain(`[Browse the outputs](${first.outputs['url']})`);
    expect(body).toContain(`commit [\`2f1e4c9\`](https://github.com/octo-org/octo-repo/commit/${SHA})`);
    expect(api.requests.every((r) => r.authorization === 'token ghs_testtoken123')).toBe(true);
    expect(first.stdout.replace('::add-mask::ghs_testtoken123', '')).not.toContain('ghs_testtoken123');

    const second = await publish('unit', 'pull_request');
    expect(second.code).toBe(0);
    expect(api.comments.get(42)).toHaveLength(1);
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('finds its comment among 150 others, on the second page', async () => {
    const others: FakeComment[] = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, body: `chatter ${i}`, html_url: `u${i}`, user: { login: 'someone', type: 'User' } }));
    others[120] = { id: 121, body: '<!-- publish-test-outputs:unit -->\nearlier run', html_url: 'u120', user: ACTIONS_BOT };
    api.comments.set(42, others);
    const run = await publish('unit', 'pull_request');
    expect(run.code).toBe(0);
    expect(api.comments.get(42)).toHaveLength(150);
    expect(api.comments.get(42)![120]!.body).toContain('[Browse the outputs]');
    expect(run.outputs['comment-id']).toBe('121');
    expect(api.requests.filter((r) => r.method === 'GET' && r.path.includes('/comments')).map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1')).toEqual(['1', '2']);
  });

  it('keeps one comment per test name: two matrix jobs never overwrite each other', async () => {
    await publish('unit', 'pull_request');
    await publish('e2e', 'pull_request');
    await publish('unit', 'pull_request');
    const bodies = api.comments.get(42)!.map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toContain('publish-test-outputs:unit');
    expect(bodies[1]).toContain('publish-test-outputs:e2e');
  });

  it('in new mode adds a comment on every run; off posts none', async () => {
    await publish('unit', 'pull_request', { comment: 'new' });
    await publish('unit', 'pull_request', { comment: 'new' });
    expect(api.comments.get(42)).toHaveLength(2);
    await publish('unit', 'pull_request', { comment: 'off' });
    expect(api.comments.get(42)).toHaveLength(2);
  });

  it('turns a 403 (read-only fork token) into a warning that says what fixes it; the step succeeds', async () => {
    api.readOnly = true;
    const run = await publish('unit', 'pull_request');
    expect(run.code).toBe(0);
    expect(warnings(run)).toEqual([
      '::warning::could not comment on pull request #42: the token cannot comment (HTTP 403): give the job `permissions: pull-requests: write`. For pull requests from forks the token is read-only: publish from a workflow_run workflow instead (see the README).',
    ]);
    expect(run.outputs['url']).toMatch(/index\.html$/);
  });

  it('on a fork PR\'s workflow_run (no pull_requests in the payload) finds the PR by its head sha, and links the tested commit', async () => {
    api.pulls.push({ number: 5, state: 'open', head: { sha: 'a'.repeat(40) } }, { number: 7, state: 'open', head: { sha: SHA } });
    const run = await publish('unit', 'workflow_run', {}, { GITHUB_SHA: 'b'.repeat(40) });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['pr-number']).toBe('7');
    expect(api.comments.get(7)).toHaveLength(1);
    expect(api.comments.get(5)).toBeUndefined();
    // GITHUB_SHA is the default branch's in a workflow_run; the comment names the PR's commit.
    expect(api.comments.get(7)![0]!.body).toContain(`/commit/${SHA}`);
  });

  it('settles the pull request before publishing: found by head sha even when nothing is published', async () => {
    api.pulls.push({ number: 7, state: 'open', head: { sha: SHA } });
    const run = await publish('unit', 'workflow_run', { path: 'nothing-here', 'if-no-files-found': 'ignore' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['pr-number']).toBe('7');
    expect(run.outputs['files']).toBe('0');
    expect(api.comments.get(7)).toBeUndefined();
  });

  it('turns a lookup the token may not make into a warning before publishing; the outputs are published', async () => {
    api.refused.add('ghp_revoked');
    const run = await publish('unit', 'workflow_run', { 'github-token': 'ghp_revoked' });
    expect(run.code, run.stdout).toBe(0);
    expect(warnings(run)).toEqual(['::warning::could not comment on the pull request: the token was refused (HTTP 401): check that input `github-token` is a valid, unexpired token']);
    expect(run.outputs['url']).toMatch(/index\.html$/);
    expect(run.outputs['pr-number']).toBeUndefined();
  });

  it('on a same-repo workflow_run takes the PR from the payload', async () => {
    const run = await publish('unit', 'workflow_run_same_repo');
    expect(run.outputs['pr-number']).toBe('3');
    expect(api.comments.get(3)).toHaveLength(1);
    expect(api.requests.some((r) => r.path.includes('/pulls'))).toBe(false);
  });

  it('on pull_request_target takes the PR from the payload', async () => {
    const run = await publish('unit', 'pull_request_target');
    expect(run.code).toBe(0);
    expect(run.outputs['pr-number']).toBe('42');
    expect(api.comments.get(42)).toHaveLength(1);
  });

  it('on push posts no comment and no warning; an explicit pr-number wins', async () => {
    const push = await publish('unit', 'push');
    expect(push.code).toBe(0);
    expect(warnings(push)).toEqual([]);
    expect(api.requests).toEqual([]);
    const explicit = await publish('unit', 'push', { 'pr-number': '9' });
    expect(explicit.outputs['pr-number']).toBe('9');
    expect(api.comments.get(9)).toHaveLength(1);
  });

  it('on push with comment-on-push finds the open PR of the pushed commit', async () => {
    api.pulls.push({ number: 11, state: 'open', head: { sha: SHA } });
    const run = await publish('unit', 'push', { 'comment-on-push': 'true' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['pr-number']).toBe('11');
    expect(api.comments.get(11)).toHaveLength(1);
    expect(api.requests.some((r) => r.path.endsWith(`/commits/${SHA}/pulls`))).toBe(true);
  });

  it('talks to GitHub Enterprise Server at GITHUB_API_URL and links to GITHUB_SERVER_URL', async () => {
    await api.close();
    api = await startGithubApi({ basePath: '/api/v3' });
    const run = await publish('unit', 'pull_request', {}, { GITHUB_SERVER_URL: 'https://ghe.example.com' });
    expect(run.code, run.stdout).toBe(0);
    // REST under /api/v3, GraphQL (who the token is) at /api/graphql, as GitHub Enterprise Server serves them.
    expect(api.requests.every((r) => r.path.startsWith('/api/v3/') || r.path === '/api/graphql')).toBe(true);
    expect(api.requests.some((r) => r.path === '/api/graphql')).toBe(true);
    expect(api.comments.get(42)![0]!.body).toContain(`https://ghe.example.com/octo-org/octo-repo/commit/${SHA}`);
  });
});

describe('the sticky comment is our own', () => {
  const MARKER = '<!-- publish-test-outputs:unit -->';
  const planted = (id: number, login: string): FakeComment => ({
    id,
    body: `${MARKER}\n**[Browse the outputs](https://evil.example/phish)**`,
    html_url: `https://github.example/pull/42#issuecomment-${id}`,
    user: { login, type: 'User' },
  });
  const byId = (id: number) => api.comments.get(42)!.find((c) => c.id === id)!;

  it("never edits another user's comment that carries our marker: ours is created, then edited, with no 403", async () => {
    api.comments.set(42, [planted(1, 'mallory')]);
    const first = await publish('unit', 'pull_request');
    expect(first.code, first.stdout).toBe(0);
    expect(warnings(first)).toEqual([]);
    const second = await publish('unit', 'pull_request');
    expect(warnings(second)).toEqual([]);
    const comments = api.comments.get(42)!;
    expect(comments).toHaveLength(2);
    expect(byId(1)).toEqual(planted(1, 'mallory'));
    expect(comments[1]!.user).toEqual(ACTIONS_BOT);
    expect(comments[1]!.body).toContain(`[Browse the outputs](${second.outputs['url']})`);
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/octo-org/octo-repo/issues/comments/${comments[1]!.id}`]);
  });

  it('with the default token asks GraphQL who it is (GET /user is refused to it): github-actions[bot]', async () => {
    api.comments.set(42, [planted(1, 'mallory'), { ...planted(2, 'x'), user: ACTIONS_BOT, body: `${MARKER}\nour last run` }]);
    const run = await publish('unit', 'pull_request');
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['comment-id']).toBe('2');
    expect(byId(2).body).toContain(`[Browse the outputs](${run.outputs['url']})`);
    expect(byId(1).body).toContain('evil.example');
    expect(api.requests.map((r) => `${r.method} ${r.path}`).slice(0, 2)).toEqual(['GET /user', 'POST /graphql']);
  });

  it("with a maintainer's personal access token uses the login from GET /user, though that token could edit anyone's comment", async () => {
    api.tokens.set('ghp_alice', { user: { login: 'alice', type: 'User' }, kind: 'user' });
    api.comments.set(42, [planted(1, 'mallory'), planted(2, 'Alice')]);
    const run = await publish('unit', 'pull_request', { 'github-token': 'ghp_alice' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['comment-id']).toBe('2');
    expect(byId(1).body).toContain('evil.example');
    expect(byId(2).body).toContain(`[Browse the outputs](${run.outputs['url']})`);
    expect(api.requests.some((r) => r.path === '/user')).toBe(true);
    expect(api.requests.some((r) => r.path === '/graphql')).toBe(false);
  });

  it("with a GitHub App's token finds the app's comment, not the one github-actions[bot] wrote before the switch", async () => {
    api.tokens.set('ghs_app', { user: { login: 'my-app[bot]', type: 'Bot' }, kind: 'installation' });
    api.comments.set(42, [{ ...planted(1, 'x'), user: ACTIONS_BOT }]);
    const first = await publish('unit', 'pull_request', { 'github-token': 'ghs_app' });
    expect(warnings(first)).toEqual([]);
    const second = await publish('unit', 'pull_request', { 'github-token': 'ghs_app' });
    expect(warnings(second)).toEqual([]);
    const comments = api.comments.get(42)!;
    expect(comments.map((c) => c.user.login)).toEqual(['github-actions[bot]', 'my-app[bot]']);
    expect(byId(1).body).toContain('evil.example');
    expect(second.outputs['comment-id']).toBe(String(comments[1]!.id));
  });

  it('when the token cannot say who it is, warns and posts nothing rather than guess', async () => {
    api.graphqlDown = true;
    api.comments.set(42, [{ ...planted(1, 'x'), user: ACTIONS_BOT }]);
    const run = await publish('unit', 'pull_request');
    expect(run.code).toBe(0);
    expect(warnings(run)).toEqual([
      "::warning::could not comment on pull request #42: could not tell which account the token comments as (GET /user: HTTP 403; GraphQL viewer: HTTP 403): use the job's token, a GitHub App's or a personal access token in `github-token`, or set `comment: new`",
    ]);
    expect(api.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql')).toEqual([]);
    const fresh = await publish('unit', 'pull_request', { comment: 'new' });
    expect(warnings(fresh)).toEqual([]);
    expect(api.comments.get(42)).toHaveLength(2);
  });

  it('a refused token (401) is a warning naming the input', async () => {
    api.refused.add('ghp_revoked');
    const run = await publish('unit', 'pull_request', { 'github-token': 'ghp_revoked' });
    expect(run.code).toBe(0);
    expect(warnings(run)).toEqual(['::warning::could not comment on pull request #42: the token was refused (HTTP 401): check that input `github-token` is a valid, unexpired token']);
  });

  it('a header of 10,000 characters with --> and line breaks keeps one comment, its marker intact', async () => {
    const header = `${'h'.repeat(10_000)}\n--> <b>\n-- x`;
    await publish('unit', 'pull_request', { 'comment-header': header });
    await publish('unit', 'pull_request', { 'comment-header': header });
    const comments = api.comments.get(42)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.split('\n')[0]).toMatch(/^<!-- publish-test-outputs#sha256:[0-9a-f]{64} -->$/);
    expect(comments[0]!.body.length).toBeLessThan(2000);
  });

  it('with 40 failed files of 1,100-character names, GitHub (which refuses bodies over 65,536) takes the comment: the list is shortened and says so', async () => {
    const deep = Array.from({ length: 4 }, (_, i) => `${i}${'_'.repeat(229)}`).join('/');
    for (let i = 0; i < 40; i++) {
      await mkdir(path.join(workspace, 'long', deep), { recursive: true });
      await writeFile(path.join(workspace, 'long', deep, `${i}${'_'.repeat(200)}.txt`), 'x\n');
    }
    const run = await publish('unit', 'pull_request', { path: 'long' });
    expect(run.code).toBe(1);
    expect(warnings(run).filter((w) => w.includes('comment'))).toEqual([]);
    const body = api.comments.get(42)![0]!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('**40 failed to upload**');
    expect(body).toMatch(/^- and \d+ more \(not listed to stay under GitHub's limit of 65,536 characters per comment\)$/m);
    await rm(path.join(workspace, 'long'), { recursive: true });
  });

  it('pings nobody from a test name: mentions and references are broken in the comment and the job summary', async () => {
    const name = 'e2e @octo-org/core fixes #12 GH-3';
    const run = await publish(name, 'pull_request');
    expect(run.code, run.stdout).toBe(0);
    const body = api.comments.get(42)![0]!.body;
    expect(body).toContain('### Test outputs: e2e @\u200Bocto-org/core fixes #\u200B12 GH-\u200B3');
    expect(run.summary).toContain('<h3>Test outputs: e2e @\u200Bocto-org/core fixes #\u200B12 GH-\u200B3</h3>');
    expect(run.summary).not.toContain(name);
    expect(body).not.toContain(name);
  });
});

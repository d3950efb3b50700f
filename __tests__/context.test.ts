// The run context readers (src/context/), each fed the variables its CI documents, and the
// command line's choice among them, git's facts in a plain terminal and the flags' overrides.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildkite } from '../src/context/buildkite.js';
import { circleci } from '../src/context/circleci.js';
import { readGithubContext } from '../src/context/github.js';
import { gitlab } from '../src/context/gitlab.js';
import { readRunContext } from '../src/context/index.js';
import { jenkins } from '../src/context/jenkins.js';
import type { Git } from '../src/context/local.js';
import { slugFromGitUrl } from '../src/context/shared.js';
import { defaultPrefix } from '../src/inputs.js';
import { InputError } from '../src/util/errors.js';

const NOW = new Date('2026-11-27T16:02:56.789Z');
const SHA = '2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d';
const CWD = '/work/checkout';
const noGit: Git = () => undefined;

// https://docs.github.com/actions/reference/variables-reference
const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/pull/42/merge',
  GITHUB_HEAD_REF: 'feature/plots',
  GITHUB_REF_NAME: '42/merge',
  GITHUB_RUN_ID: '1658821493',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'test',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKSPACE: '/home/runner/work/octo-repo/octo-repo',
};
// https://docs.gitlab.com/ci/variables/predefined_variables/
const GITLAB = {
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_PROJECT_PATH: 'group/sub/project',
  CI_PROJECT_URL: 'https://gitlab.example.com/group/sub/project',
  CI_COMMIT_SHA: SHA,
  CI_COMMIT_BRANCH: 'main',
  CI_COMMIT_REF_NAME: 'main',
  CI_PIPELINE_ID: '4711',
  CI_PIPELINE_URL: 'https://gitlab.example.com/group/sub/project/-/pipelines/4711',
  CI_PIPELINE_NAME: 'nightly',
  CI_JOB_NAME: 'unit',
  CI_JOB_URL: 'https://gitlab.example.com/group/sub/project/-/jobs/99',
};
// https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables, Git plugin
const JENKINS = {
  JENKINS_URL: 'https://ci.example.com/',
  BUILD_NUMBER: '153',
  BUILD_ID: '153',
  BUILD_URL: 'https://ci.example.com/job/widgets/job/main/153/',
  BUILD_DISPLAY_NAME: '#153',
  JOB_NAME: 'widgets/main',
  JOB_BASE_NAME: 'main',
  GIT_COMMIT: SHA,
  GIT_BRANCH: 'origin/main',
  GIT_URL: 'https://github.com/octo-org/widgets.git',
};
// https://buildkite.com/docs/pipelines/environment-variables
const BUILDKITE = {
  BUILDKITE: 'true',
  BUILDKITE_ORGANIZATION_SLUG: 'acme',
  BUILDKITE_PIPELINE_SLUG: 'widgets',
  BUILDKITE_PIPELINE_NAME: 'Widgets',
  BUILDKITE_COMMIT: SHA,
  BUILDKITE_BRANCH: 'main',
  BUILDKITE_TAG: '',
  BUILDKITE_BUILD_NUMBER: '1514',
  BUILDKITE_BUILD_URL: 'https://buildkite.com/acme/widgets/builds/1514',
  BUILDKITE_JOB_ID: 'e44f9784-e20e-4b93-a21d-f41fd5869db9',
  BUILDKITE_LABEL: ':hammer: Tests',
  BUILDKITE_RETRY_COUNT: '1',
};
// https://circleci.com/docs/reference/variables/
const CIRCLECI = {
  CIRCLECI: 'true',
  CIRCLE_PROJECT_USERNAME: 'octo-org',
  CIRCLE_PROJECT_REPONAME: 'widgets',
  CIRCLE_SHA1: SHA,
  CIRCLE_BRANCH: 'main',
  CIRCLE_BUILD_NUM: '321',
  CIRCLE_BUILD_URL: 'https://circleci.com/gh/octo-org/widgets/321',
  CIRCLE_JOB: 'test',
  CIRCLE_WORKFLOW_ID: '6d6d9d0c-2f2e-4a8c-9b1a-1c2d3e4f5a6b',
};

describe('GitHub Actions', () => {
  it('reads GITHUB_* as the action always has, and links the commit and the run attempt', () => {
    expect(readGithubContext(GITHUB, NOW)).toEqual({
      ci: 'github',
      repository: 'octo-org/octo-repo',
      sha: SHA,
      ref: 'refs/pull/42/merge',
      branch: 'feature/plots',
      runId: '1658821493',
      runAttempt: '2',
      workflow: 'CI',
      job: 'test',
      serverUrl: 'https://github.com',
      workspace: '/home/runner/work/octo-repo/octo-repo',
      commitUrl: `https://github.com/octo-org/octo-repo/commit/${SHA}`,
      runUrl: 'https://github.com/octo-org/octo-repo/actions/runs/1658821493/attempts/2',
      runLabel: '#1658821493 attempt 2',
    });
  });

  it('names no branch for a tag push', () => {
    expect(readGithubContext({ ...GITHUB, GITHUB_HEAD_REF: '', GITHUB_REF: 'refs/tags/v1', GITHUB_REF_NAME: 'v1', GITHUB_REF_TYPE: 'tag' }, NOW).branch).toBeUndefined();
  });

  it('takes the tested commit of a workflow_run event from the event file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-event-'));
    const event = path.join(dir, 'event.json');
    const head = 'aaaabbbbccccddddeeeeffff0000111122223333';
    await writeFile(event, JSON.stringify({ workflow_run: { head_sha: head } }));
    const c = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: event }, NOW);
    await rm(dir, { recursive: true });
    expect(c.sha).toBe(head);
    expect(c.commitUrl).toBe(`https://github.com/octo-org/octo-repo/commit/${head}`);
  });

  it('reads the event, the run number and the pull request of a pull_request event from the event file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-event-'));
    const event = path.join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 42, title: 'Plots: <b>log</b> scale', html_url: 'https://github.com/octo-org/octo-repo/pull/42' } }));
    const c = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_RUN_NUMBER: '87' }, NOW);
    const push = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event }, NOW);
    await writeFile(event, JSON.stringify({ workflow_run: { head_sha: SHA, head_branch: 'feature/x', pull_requests: [{ number: 17 }] } }));
    const run = readGithubContext({ ...GITHUB, GITHUB_HEAD_REF: '', GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: event }, NOW);
    await writeFile(event, '{not json');
    const broken = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }, NOW);
    await rm(dir, { recursive: true });
    expect(c).toMatchObject({ event: 'pull_request', runNumber: '87', pullRequest: { number: 42, title: 'Plots: <b>log</b> scale', url: 'https://github.com/octo-org/octo-repo/pull/42' } });
    // A push names no PR (the comment step may still find one by the commit).
    expect(push.event).toBe('push');
    expect(push.pullRequest).toBeUndefined();
    expect(run).toMatchObject({ event: 'workflow_run', branch: 'feature/x', pullRequest: { number: 17 } });
    expect(broken.pullRequest).toBeUndefined();
  });

  it('reads the base branch and commits of a pull_request(_target) and a workflow_run event\'s pull request', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-event-'));
    const event = path.join(dir, 'event.json');
    const base = 'b'.repeat(40);
    const head = 'c'.repeat(40);
    const pr = { number: 42, base: { ref: 'main', sha: base }, head: { ref: 'feature/plots', sha: head } };
    await writeFile(event, JSON.stringify({ pull_request: pr }));
    const opened = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }, NOW);
    const target = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: event }, NOW);
    await writeFile(event, JSON.stringify({ workflow_run: { head_sha: head, head_branch: 'feature/plots', pull_requests: [{ ...pr, number: 17 }] } }));
    const run = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: event }, NOW);
    await writeFile(event, JSON.stringify({ pull_request: { number: 42, base: { ref: 7, sha: 'not a sha' } } }));
    const junk = readGithubContext({ ...GITHUB, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event }, NOW);
    await rm(dir, { recursive: true });
    expect(opened.pullRequest).toEqual({ number: 42, baseBranch: 'main', baseSha: base, headSha: head });
    expect(target.pullRequest).toEqual(opened.pullRequest);
    expect(run.pullRequest).toEqual({ number: 17, baseBranch: 'main', baseSha: base, headSha: head });
    // GitHub's events never name the merge base: the action asks the API (github/merge-base.ts).
    expect(opened.pullRequest?.mergeBase).toBeUndefined();
    expect(junk.pullRequest).toEqual({ number: 42 });
  });

  it('outside Actions names the run local/<dir>, local-<UTC time>, with no links', () => {
    const c = readGithubContext({ GITHUB_WORKSPACE: '/tmp/my-project' }, NOW);
    expect(c).toMatchObject({ ci: 'local', repository: 'local/my-project', runId: 'local-20261127T160256Z', runAttempt: '1' });
    expect(c.commitUrl).toBeUndefined();
    expect(c.runUrl).toBeUndefined();
  });
});

describe('other CIs, from their documented variables', () => {
  it('GitLab CI: the project path, the pipeline as the run, links to the commit, pipeline and job', () => {
    expect(gitlab.detect(GITLAB)).toBe(true);
    const { context } = gitlab.read(GITLAB, NOW);
    expect(context).toMatchObject({
      ci: 'gitlab',
      repository: 'group/sub/project',
      sha: SHA,
      ref: 'refs/heads/main',
      branch: 'main',
      runId: '4711',
      runAttempt: '1',
      workflow: 'nightly',
      job: 'unit',
      serverUrl: 'https://gitlab.example.com',
      commitUrl: `https://gitlab.example.com/group/sub/project/-/commit/${SHA}`,
      runUrl: GITLAB.CI_PIPELINE_URL,
      runLabel: 'pipeline #4711',
      jobUrl: GITLAB.CI_JOB_URL,
    });
  });

  it('GitLab CI: a merge-request pipeline builds the source branch; a tag pipeline the tag', () => {
    const mr = { ...GITLAB, CI_COMMIT_BRANCH: '', CI_COMMIT_REF_NAME: 'feature', CI_MERGE_REQUEST_IID: '17', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature' };
    expect(gitlab.read(mr, NOW).context).toMatchObject({ branch: 'feature', ref: 'refs/merge-requests/17/head' });
    const tag = { ...GITLAB, CI_COMMIT_BRANCH: '', CI_COMMIT_REF_NAME: 'v1.2.0', CI_COMMIT_TAG: 'v1.2.0' };
    const c = gitlab.read(tag, NOW).context;
    expect(c.ref).toBe('refs/tags/v1.2.0');
    expect(c.branch).toBeUndefined();
  });

  it('Jenkins: the repository from GIT_URL, the build as the run, its page linked, the remote branch name without origin/', () => {
    expect(jenkins.detect(JENKINS)).toBe(true);
    const { context, commitUrlFor } = jenkins.read(JENKINS, NOW);
    expect(context).toMatchObject({
      ci: 'jenkins',
      repository: 'octo-org/widgets',
      sha: SHA,
      branch: 'main',
      ref: 'refs/heads/main',
      runId: '153',
      workflow: 'widgets/main',
      job: 'main',
      runUrl: JENKINS.BUILD_URL,
      runLabel: 'build #153',
      serverUrl: 'https://ci.example.com',
    });
    // Jenkins gives no address for commits.
    expect(context.commitUrl).toBeUndefined();
    expect(commitUrlFor).toBeUndefined();
    expect(jenkins.read({ ...JENKINS, GIT_URL: '', BRANCH_NAME: 'PR-24' }, NOW).context).toMatchObject({ repository: 'jenkins/widgets/main', branch: 'PR-24' });
  });

  it('Buildkite: organization/pipeline, the build number as the run, a retried job as the next attempt, the job anchor', () => {
    expect(buildkite.detect(BUILDKITE)).toBe(true);
    expect(buildkite.read(BUILDKITE, NOW).context).toMatchObject({
      ci: 'buildkite',
      repository: 'acme/widgets',
      sha: SHA,
      branch: 'main',
      ref: 'refs/heads/main',
      runId: '1514',
      runAttempt: '2',
      workflow: 'Widgets',
      job: ':hammer: Tests',
      runUrl: BUILDKITE.BUILDKITE_BUILD_URL,
      runLabel: 'build #1514',
      jobUrl: `${BUILDKITE.BUILDKITE_BUILD_URL}#${BUILDKITE.BUILDKITE_JOB_ID}`,
    });
    // Before the checkout BUILDKITE_COMMIT may be the symbolic HEAD: no commit then.
    expect(buildkite.read({ ...BUILDKITE, BUILDKITE_COMMIT: 'HEAD' }, NOW).context.sha).toBe('');
  });

  it('CircleCI: user/repository, the workflow as the run, the job\'s page linked', () => {
    expect(circleci.detect(CIRCLECI)).toBe(true);
    expect(circleci.read(CIRCLECI, NOW).context).toMatchObject({
      ci: 'circleci',
      repository: 'octo-org/widgets',
      sha: SHA,
      branch: 'main',
      runId: CIRCLECI.CIRCLE_WORKFLOW_ID,
      job: 'test',
      runUrl: CIRCLECI.CIRCLE_BUILD_URL,
      runLabel: 'job #321',
      jobUrl: CIRCLECI.CIRCLE_BUILD_URL,
    });
  });

  it('reads each CI\'s pull (merge) request, event and run number where it documents them, and nothing from "false" or junk', () => {
    const mr = gitlab.read({ ...GITLAB, CI_PIPELINE_SOURCE: 'merge_request_event', CI_PIPELINE_IID: '12', CI_MERGE_REQUEST_IID: '17', CI_MERGE_REQUEST_TITLE: 'Fix plots', CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.example.com/group/sub/project' }, NOW).context;
    expect(mr).toMatchObject({ event: 'merge_request_event', runNumber: '12', pullRequest: { number: 17, title: 'Fix plots', url: 'https://gitlab.example.com/group/sub/project/-/merge_requests/17' } });
    expect(gitlab.read(GITLAB, NOW).context.pullRequest).toBeUndefined();
    const change = jenkins.read({ ...JENKINS, CHANGE_ID: '9', CHANGE_TITLE: 'Faster', CHANGE_URL: 'https://github.com/octo-org/widgets/pull/9' }, NOW).context;
    expect(change).toMatchObject({ event: 'pull_request', runNumber: '153', pullRequest: { number: 9, title: 'Faster', url: 'https://github.com/octo-org/widgets/pull/9' } });
    expect(jenkins.read(JENKINS, NOW).context.pullRequest).toBeUndefined();
    expect(buildkite.read({ ...BUILDKITE, BUILDKITE_PULL_REQUEST: '5', BUILDKITE_SOURCE: 'webhook' }, NOW).context).toMatchObject({ event: 'webhook', runNumber: '1514', pullRequest: { number: 5 } });
    expect(buildkite.read({ ...BUILDKITE, BUILDKITE_PULL_REQUEST: 'false' }, NOW).context.pullRequest).toBeUndefined();
    expect(circleci.read({ ...CIRCLECI, CIRCLE_PULL_REQUEST: 'https://github.com/octo-org/widgets/pull/23' }, NOW).context).toMatchObject({ runNumber: '321', pullRequest: { number: 23, url: 'https://github.com/octo-org/widgets/pull/23' } });
    expect(circleci.read({ ...CIRCLECI, CIRCLE_PR_NUMBER: '0' }, NOW).context.pullRequest).toBeUndefined();
  });

  it('reads the base of a pull (merge) request where the CI documents it: branch, commits, merge base', () => {
    const base = 'b'.repeat(40);
    const head = 'c'.repeat(40);
    const mergeBase = 'd'.repeat(40);
    const mr = gitlab.read({ ...GITLAB, CI_COMMIT_BRANCH: '', CI_MERGE_REQUEST_IID: '17', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature/x', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_MERGE_REQUEST_DIFF_BASE_SHA: mergeBase }, NOW).context;
    expect(mr.branch).toBe('feature/x');
    expect(mr.pullRequest).toEqual({ number: 17, baseBranch: 'main', mergeBase });
    // Merged-results pipelines also name the target's and the source's commits.
    const merged = gitlab.read({ ...GITLAB, CI_MERGE_REQUEST_IID: '17', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main', CI_MERGE_REQUEST_TARGET_BRANCH_SHA: base, CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: head, CI_MERGE_REQUEST_DIFF_BASE_SHA: mergeBase }, NOW).context;
    expect(merged.pullRequest).toEqual({ number: 17, baseBranch: 'main', baseSha: base, headSha: head, mergeBase });
    const external = gitlab.read({ ...GITLAB, CI_COMMIT_BRANCH: '', CI_COMMIT_REF_NAME: 'feature/y', CI_PIPELINE_SOURCE: 'external_pull_request_event', CI_EXTERNAL_PULL_REQUEST_IID: '8', CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME: 'feature/y', CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA: head, CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME: 'main', CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_SHA: base }, NOW).context;
    expect(external).toMatchObject({ branch: 'feature/y', pullRequest: { number: 8, baseBranch: 'main', baseSha: base, headSha: head } });
    expect(external.pullRequest?.mergeBase).toBeUndefined();
    expect(buildkite.read({ ...BUILDKITE, BUILDKITE_PULL_REQUEST: '5', BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'develop' }, NOW).context.pullRequest).toEqual({ number: 5, baseBranch: 'develop' });
    // Not a pull request: its base branch says nothing.
    expect(buildkite.read({ ...BUILDKITE, BUILDKITE_PULL_REQUEST: 'false', BUILDKITE_PULL_REQUEST_BASE_BRANCH: 'develop' }, NOW).context.pullRequest).toBeUndefined();
    expect(jenkins.read({ ...JENKINS, CHANGE_ID: '9', CHANGE_TARGET: 'release/2' }, NOW).context.pullRequest).toEqual({ number: 9, baseBranch: 'release/2' });
    // CircleCI documents no base branch; a commit that is not a hash is left out.
    expect(circleci.read({ ...CIRCLECI, CIRCLE_PR_NUMBER: '23' }, NOW).context.pullRequest).toEqual({ number: 23 });
    expect(gitlab.read({ ...GITLAB, CI_MERGE_REQUEST_IID: '17', CI_MERGE_REQUEST_DIFF_BASE_SHA: 'HEAD~1' }, NOW).context.pullRequest).toEqual({ number: 17 });
  });

  it('gives each CI its own default prefix level for the run', () => {
    const prefix = (env: Record<string, string>): string => defaultPrefix(readRunContext({ env, now: NOW, cwd: CWD, git: noGit }), 'unit');
    expect(prefix(GITLAB)).toMatch(/^group\/sub-project--[0-9a-f]{12}\/4711-1\/unit$/);
    expect(prefix(BUILDKITE)).toBe('acme/widgets/1514-2/unit');
    expect(prefix(CIRCLECI)).toBe(`octo-org/widgets/${CIRCLECI.CIRCLE_WORKFLOW_ID}-1/unit`);
  });

  it('reads clone URLs in https and scp form', () => {
    expect(slugFromGitUrl('https://github.com/octo-org/widgets.git')).toBe('octo-org/widgets');
    expect(slugFromGitUrl('git@gitlab.com:group/sub/project.git')).toBe('group/sub/project');
    expect(slugFromGitUrl('ssh://git@host:22/a/b')).toBe('a/b');
    expect(slugFromGitUrl('https://host/just-one')).toBeUndefined();
  });
});

describe('the command line\'s run context', () => {
  const git = (answers: Record<string, string>): Git => (args) => answers[args.join(' ')];
  const repo = git({ 'rev-parse --verify --quiet HEAD': SHA, 'rev-parse --abbrev-ref HEAD': 'feature/x', 'rev-parse --show-toplevel': '/home/me/widgets' });

  it('is the first CI whose marker is set, with the terminal\'s directory as the workspace', () => {
    expect(readRunContext({ env: { ...GITLAB, ...JENKINS }, now: NOW, cwd: CWD, git: noGit })).toMatchObject({ ci: 'gitlab', workspace: CWD });
    expect(readRunContext({ env: GITHUB, now: NOW, cwd: CWD, git: noGit })).toMatchObject({ ci: 'github', workspace: CWD });
    // GitHub's reader outside Actions is not chosen: GITHUB_ACTIONS is its marker.
    expect(readRunContext({ env: { GITHUB_REPOSITORY: 'a/b' }, now: NOW, cwd: CWD, git: noGit }).ci).toBe('local');
  });

  it('in a plain terminal comes from git: HEAD, the branch, the repository\'s folder, local-<UTC time>', () => {
    expect(readRunContext({ env: {}, now: NOW, cwd: '/home/me/widgets/sub', git: repo })).toEqual({
      ci: 'local',
      repository: 'local/widgets',
      sha: SHA,
      ref: 'refs/heads/feature/x',
      branch: 'feature/x',
      runId: 'local-20261127T160256Z',
      runAttempt: '1',
      workflow: '',
      job: '',
      serverUrl: '',
      workspace: '/home/me/widgets/sub',
    });
    const detached = git({ 'rev-parse --verify --quiet HEAD': SHA, 'rev-parse --abbrev-ref HEAD': 'HEAD' });
    const onDetached = readRunContext({ env: {}, now: NOW, cwd: '/tmp/x', git: detached });
    expect(onDetached).toMatchObject({ repository: 'local/x', sha: SHA, ref: '' });
    expect(onDetached.branch).toBeUndefined();
    expect(readRunContext({ env: {}, now: NOW, cwd: '/tmp/x', git: noGit })).toMatchObject({ sha: '', repository: 'local/x' });
  });

  it('asks git for the commit when the CI does not say (Jenkins without the Git plugin)', () => {
    const { GIT_COMMIT: _c, ...withoutGit } = JENKINS;
    expect(readRunContext({ env: withoutGit, now: NOW, cwd: CWD, git: repo }).sha).toBe(SHA);
  });

  it('takes --commit, --branch, --run-id and --repository over the CI\'s, keeping only the links that still hold', () => {
    const other = 'aaaabbbbccccddddeeeeffff0000111122223333';
    const c = readRunContext({ env: GITLAB, now: NOW, cwd: CWD, git: noGit, overrides: { commit: other, branch: 'release', runId: 'nightly-3', repository: 'octo/w' } });
    expect(c).toMatchObject({ sha: other, branch: 'release', ref: 'refs/heads/release', runId: 'nightly-3', repository: 'octo/w' });
    expect(c.commitUrl).toBe(`https://gitlab.example.com/group/sub/project/-/commit/${other}`);
    expect(c.runUrl).toBeUndefined();
    expect(c.runLabel).toBeUndefined();
    expect(c.jobUrl).toBeUndefined();
    // The same run id keeps the CI's links.
    expect(readRunContext({ env: GITLAB, now: NOW, cwd: CWD, git: noGit, overrides: { runId: '4711' } }).runUrl).toBe(GITLAB.CI_PIPELINE_URL);
    // Jenkins cannot link another commit.
    expect(readRunContext({ env: JENKINS, now: NOW, cwd: CWD, git: noGit, overrides: { commit: other } }).commitUrl).toBeUndefined();
  });

  it('refuses a --commit that is not a hash and a --run-id that is not one line', () => {
    expect(() => readRunContext({ env: {}, now: NOW, cwd: CWD, git: noGit, overrides: { commit: 'main' } })).toThrow(InputError);
    expect(() => readRunContext({ env: {}, now: NOW, cwd: CWD, git: noGit, overrides: { runId: 'a\nb' } })).toThrow(/`--run-id`/);
  });
});

// The run context of GitHub Actions, from GITHUB_* and the event file. Outside Actions (no
// GITHUB_REPOSITORY) it names the run `local/<dir>`, `local-<time>`, with no links, as the
// action always has.
import { readFileSync } from 'node:fs';
import type { PullRequestRef, RunContext } from '../config.js';
import { compact, localRepository, localRunId, pullRequestOf, type CiReader, type Env, type PullRequestBase } from './shared.js';

/** A pull request's base or head as the payload gives it. */
interface EventRef {
  ref?: unknown;
  sha?: unknown;
}

interface EventPayload {
  pull_request?: { number?: unknown; title?: unknown; html_url?: unknown; base?: EventRef; head?: EventRef };
  workflow_run?: { head_sha?: unknown; head_branch?: unknown; pull_requests?: { number?: unknown; base?: EventRef; head?: EventRef }[] };
}

/** The event file, read once; {} when there is none or it is not JSON. */
function readPayload(env: Env): EventPayload {
  if (!env['GITHUB_EVENT_PATH']) return {};
  try {
    const payload = JSON.parse(readFileSync(env['GITHUB_EVENT_PATH'], 'utf8')) as unknown;
    return payload !== null && typeof payload === 'object' ? (payload as EventPayload) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The base branch and commits a payload's pull request names (the merge base it does not:
 * github/merge-base.ts asks the API). */
const baseOf = (pr: { base?: EventRef; head?: EventRef } | undefined): PullRequestBase => ({ baseBranch: str(pr?.base?.ref), baseSha: str(pr?.base?.sha), headSha: str(pr?.head?.sha) });

/** A `workflow_run` workflow publishes what another run tested: its commit is the one that
 * counts (GITHUB_SHA is the default branch's there). */
function testedCommit(event: string | undefined, payload: EventPayload): string | undefined {
  if (event !== 'workflow_run') return undefined;
  const sha = payload.workflow_run?.head_sha;
  return typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}

/** The PR the event names: a pull_request(_target) event's own, or the first a workflow_run
 * lists (GitHub lists none for forks; the comment step then looks it up by head commit). */
function eventPullRequest(event: string | undefined, payload: EventPayload): PullRequestRef | undefined {
  if (event === 'pull_request' || event === 'pull_request_target') {
    const pr = payload.pull_request;
    const url = str(pr?.html_url);
    return pullRequestOf(typeof pr?.number === 'number' ? pr.number : undefined, str(pr?.title), url?.startsWith('https://') || url?.startsWith('http://') ? url : undefined, baseOf(pr));
  }
  if (event === 'workflow_run') {
    const pr = payload.workflow_run?.pull_requests?.[0];
    return pullRequestOf(typeof pr?.number === 'number' ? pr.number : undefined, undefined, undefined, baseOf(pr));
  }
  return undefined;
}

function repositoryUrl(serverUrl: string, repository: string): string {
  return `${serverUrl}/${repository.split('/').map(encodeURIComponent).join('/')}`;
}

export function readGithubContext(env: Env, now: Date): RunContext {
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const repository = env['GITHUB_REPOSITORY'] || localRepository(workspace);
  const serverUrl = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const event = env['GITHUB_EVENT_NAME'] || undefined;
  const payload = readPayload(env);
  const sha = testedCommit(event, payload) ?? env['GITHUB_SHA'] ?? '';
  const runId = env['GITHUB_RUN_ID'] || localRunId(now);
  const runAttempt = env['GITHUB_RUN_ATTEMPT'] || '1';
  const local = repository.startsWith('local/');
  const repo = repositoryUrl(serverUrl, repository);
  const linkRun = /^\d+$/.test(runId) && !local;
  return compact({
    ci: local ? 'local' : 'github',
    repository,
    sha,
    ref: env['GITHUB_REF'] ?? '',
    branch: (event === 'workflow_run' ? str(payload.workflow_run?.head_branch) : undefined) || env['GITHUB_HEAD_REF'] || (env['GITHUB_REF_TYPE'] === 'tag' ? undefined : env['GITHUB_REF_NAME']) || undefined,
    runId,
    runAttempt,
    workflow: env['GITHUB_WORKFLOW'] ?? '',
    job: env['GITHUB_JOB'] ?? '',
    serverUrl,
    workspace,
    commitUrl: sha && !local ? `${repo}/commit/${encodeURIComponent(sha)}` : undefined,
    runUrl: linkRun ? `${repo}/actions/runs/${runId}/attempts/${encodeURIComponent(runAttempt)}` : undefined,
    runLabel: linkRun ? `#${runId} attempt ${runAttempt}` : undefined,
    jobUrl: undefined,
    event,
    runNumber: env['GITHUB_RUN_NUMBER'] || undefined,
    pullRequest: local ? undefined : eventPullRequest(event, payload),
  });
}

export const github: CiReader = {
  ci: 'github',
  detect: (env) => env['GITHUB_ACTIONS'] === 'true',
  read: (env, now) => {
    const context = readGithubContext(env, now);
    if (context.ci === 'local') return { context };
    const repo = repositoryUrl(context.serverUrl, context.repository);
    return { context, commitUrlFor: (sha) => `${repo}/commit/${encodeURIComponent(sha)}` };
  },
};

// The run context of GitHub Actions, from GITHUB_* and the event file. Outside Actions (no
// GITHUB_REPOSITORY) it names the run `local/<dir>`, `local-<time>`, with no links, as the
// action always has.
import { readFileSync } from 'node:fs';
import type { RunContext } from '../config.js';
import { compact, localRepository, localRunId, type CiReader, type Env } from './shared.js';

/** A `workflow_run` workflow publishes what another run tested: its commit is the one that
 * counts (GITHUB_SHA is the default branch's there). */
function testedCommit(env: Env): string | undefined {
  if (env['GITHUB_EVENT_NAME'] !== 'workflow_run' || !env['GITHUB_EVENT_PATH']) return undefined;
  try {
    const payload = JSON.parse(readFileSync(env['GITHUB_EVENT_PATH'], 'utf8')) as { workflow_run?: { head_sha?: unknown } };
    const sha = payload.workflow_run?.head_sha;
    return typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

function repositoryUrl(serverUrl: string, repository: string): string {
  return `${serverUrl}/${repository.split('/').map(encodeURIComponent).join('/')}`;
}

export function readGithubContext(env: Env, now: Date): RunContext {
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const repository = env['GITHUB_REPOSITORY'] || localRepository(workspace);
  const serverUrl = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const sha = testedCommit(env) ?? env['GITHUB_SHA'] ?? '';
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
    branch: env['GITHUB_HEAD_REF'] || (env['GITHUB_REF_TYPE'] === 'tag' ? undefined : env['GITHUB_REF_NAME']) || undefined,
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

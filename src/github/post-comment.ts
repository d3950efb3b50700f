// Posts (or updates) the PR comment for a publication. A comment that cannot be posted never
// fails the step: the outputs are published; the warning says which permission or which
// workflow pattern fixes it.
import { getOctokit } from '@actions/github';
import { readFile } from 'node:fs/promises';
import type { GithubInputs, RunContext } from '../config.js';
import { markerFor, renderComment, type CommentFacts } from './comment.js';
import { IdentityError } from './identity.js';
import { findPullRequest, type EventInfo } from './pull-request.js';
import { upsertComment, type PostedComment } from './sticky.js';

export interface CommentResult {
  prNumber: number | undefined;
  comment: PostedComment | undefined;
}

export async function readEvent(env: NodeJS.ProcessEnv, repository: string): Promise<EventInfo> {
  const [owner = '', repo = ''] = repository.split('/');
  const file = env['GITHUB_EVENT_PATH'];
  let payload: Record<string, unknown> = {};
  if (file) {
    try {
      payload = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    } catch {
      // No readable event: treated like an event without a pull request.
    }
  }
  return { name: env['GITHUB_EVENT_NAME'] ?? '', payload, owner, repo };
}

function hint(error: unknown, eventName: string): string {
  // Without knowing whose comments are ours, editing one could hijack someone else's: `new`
  // needs no lookup.
  if (error instanceof IdentityError) return `${error.message}: use the job's token, a GitHub App's or a personal access token in \`github-token\`, or set \`comment: new\``;
  const status = (error as { status?: number }).status;
  if (status === 401) return 'the token was refused (HTTP 401): check that input `github-token` is a valid, unexpired token';
  if (status === 403 || status === 404) {
    const fork = eventName === 'pull_request'
      ? ' For pull requests from forks the token is read-only: publish from a workflow_run workflow instead (see the README).'
      : '';
    return `the token cannot comment (HTTP ${status}): give the job \`permissions: pull-requests: write\`.${fork}`;
  }
  return `HTTP ${status ?? 'error'}`;
}

export async function postComment(
  github: GithubInputs,
  context: RunContext,
  facts: Omit<CommentFacts, 'header'>,
  env: NodeJS.ProcessEnv,
  warning: (message: string) => void,
): Promise<CommentResult> {
  const none: CommentResult = { prNumber: undefined, comment: undefined };
  if (github.comment === 'off') return none;
  const event = await readEvent(env, context.repository);
  const octokit = github.token ? getOctokit(github.token) : undefined;
  let prNumber: number | undefined;
  try {
    const pr = await findPullRequest(octokit, event, github.prNumber, { enabled: github.commentOnPush, sha: context.sha });
    if (!pr) return none;
    prNumber = pr.number;
    if (!octokit) {
      warning(`no comment posted on pull request #${pr.number}: input \`github-token\` is empty (outside GitHub Actions, set GITHUB_TOKEN)`);
      return { prNumber, comment: undefined };
    }
    const comment = await upsertComment(octokit, {
      owner: event.owner,
      repo: event.repo,
      issueNumber: pr.number,
      marker: markerFor(github.commentHeader),
      body: renderComment({ ...facts, header: github.commentHeader }),
      mode: github.comment,
    });
    return { prNumber, comment };
  } catch (error) {
    warning(`could not comment on ${prNumber ? `pull request #${prNumber}` : 'the pull request'}: ${hint(error, event.name)}`);
    return { prNumber, comment: undefined };
  }
}

// Posts (or updates) the PR comment for a publication, on the pull request the run context
// names (settled before publishing, pull-request.ts). A comment that cannot be posted never
// fails the step: the outputs are published; the warning says which permission or which
// workflow pattern fixes it.
import { getOctokit } from '@actions/github';
import type { GithubInputs, RunContext } from '../config.js';
import { markerFor, renderComment, type CommentFacts } from './comment.js';
import { apiHint } from './hints.js';
import { upsertComment, type PostedComment } from './sticky.js';

export interface CommentResult {
  prNumber: number | undefined;
  comment: PostedComment | undefined;
}

export async function postComment(
  github: GithubInputs,
  context: RunContext,
  facts: Omit<CommentFacts, 'header'>,
  warning: (message: string) => void,
): Promise<CommentResult> {
  const none: CommentResult = { prNumber: undefined, comment: undefined };
  const prNumber = context.pullRequest?.number;
  if (github.comment === 'off' || prNumber === undefined) return none;
  if (!github.token) {
    warning(`no comment posted on pull request #${prNumber}: input \`github-token\` is empty (outside GitHub Actions, set GITHUB_TOKEN)`);
    return { prNumber, comment: undefined };
  }
  const [owner = '', repo = ''] = context.repository.split('/');
  try {
    const comment = await upsertComment(getOctokit(github.token), {
      owner,
      repo,
      issueNumber: prNumber,
      marker: markerFor(github.commentHeader),
      body: renderComment({ ...facts, header: github.commentHeader }),
      mode: github.comment,
    });
    return { prNumber, comment };
  } catch (error) {
    warning(`could not comment on pull request #${prNumber}: ${apiHint(error, context.event)}`);
    return { prNumber, comment: undefined };
  }
}

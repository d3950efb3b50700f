// Which pull request a run belongs to, settled before anything is published, so that the core
// (history, stable links) and the comment see one PR: the `pr-number` input first, then the one
// the event names (read with the run context, src/context/github.ts), then, when the event does
// not say, by the head commit through the API. Fork pull requests are published from a
// privileged `workflow_run` workflow, whose payload lists no pull requests for forks: the PR is
// then found among the open ones by its head commit.
import { getOctokit } from '@actions/github';
import type { GithubInputs, PullRequestRef, RunContext } from '../config.js';
import { apiHint } from './hints.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface FoundPullRequest extends PullRequestRef {
  /** How it was found, for the log. */
  source: 'input' | 'event' | 'head sha';
}

function ownerRepo(context: RunContext): { owner: string; repo: string } {
  const [owner = '', repo = ''] = context.repository.split('/');
  return { owner, repo };
}

/** `octokit` undefined: no API call, only the input and the event. */
export async function findPullRequest(
  octokit: Octokit | undefined,
  context: RunContext,
  explicit: number | undefined,
  onPush: boolean,
): Promise<FoundPullRequest | undefined> {
  if (explicit !== undefined) return { number: explicit, source: 'input' };
  if (context.pullRequest) return { ...context.pullRequest, source: 'event' };
  const sha = context.sha;
  if (!octokit || !sha) return undefined;
  const { owner, repo } = ownerRepo(context);
  if (context.event === 'push') {
    if (!onPush) return undefined;
    const prs = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
    const open = prs.data.find((pr) => pr.state === 'open' && pr.head.sha === sha);
    return open ? { number: open.number, source: 'head sha' } : undefined;
  }
  if (context.event === 'workflow_run') {
    // The context's commit is the workflow_run's head commit, the one the other run tested.
    const open = await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: 'open', per_page: 100 });
    const match = open.find((pr) => pr.head.sha === sha);
    if (!match) return undefined;
    // Its base, as the event would have named it: the baseline is looked for there.
    const base = (match as { base?: { ref?: unknown; sha?: unknown } }).base;
    const ref = typeof base?.ref === 'string' && base.ref !== '' ? base.ref : undefined;
    const baseSha = typeof base?.sha === 'string' && /^[0-9a-f]{40,64}$/i.test(base.sha) ? base.sha : undefined;
    return { number: match.number, source: 'head sha', ...(ref ? { baseBranch: ref } : {}), ...(baseSha ? { baseSha } : {}) };
  }
  return undefined;
}

/** `context` naming `pr`: the title, page and base the context has for the same number are kept. */
export function withPullRequest(context: RunContext, pr: PullRequestRef | undefined): RunContext {
  if (pr === undefined) return context;
  const known = context.pullRequest?.number === pr.number ? context.pullRequest : undefined;
  const title = known?.title ?? pr.title;
  const url = known?.url ?? pr.url;
  const base = Object.fromEntries((['baseBranch', 'baseSha', 'headSha', 'mergeBase'] as const).map((f) => [f, known?.[f] ?? pr[f]]).filter(([, v]) => v !== undefined)) as Partial<PullRequestRef>;
  return { ...context, pullRequest: { number: pr.number, ...(title ? { title } : {}), ...(url ? { url } : {}), ...base } };
}

/**
 * The action's run context with its pull request settled. The API is asked only when a comment
 * is wanted (as the comment step always has), and a failed lookup is a warning, never a failure:
 * the outputs are published all the same.
 */
export async function resolvePullRequest(github: GithubInputs, context: RunContext, log: { warning(m: string): void; debug(m: string): void }): Promise<RunContext> {
  const commenting = github.comment !== 'off';
  const octokit = commenting && github.token ? getOctokit(github.token) : undefined;
  try {
    const found = await findPullRequest(octokit, context, github.prNumber, commenting && github.commentOnPush);
    if (found) log.debug(`pull request #${found.number} (from the ${found.source})`);
    return withPullRequest(context, found);
  } catch (error) {
    log.warning(`could not comment on the pull request: ${apiHint(error, context.event)}`);
    return context;
  }
}

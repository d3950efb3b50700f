// Which pull request a run belongs to, from the event that started it. Fork pull requests are
// published from a privileged `workflow_run` workflow, whose payload lists no pull requests for
// forks: the PR is then found among the open ones by its head commit.
import type { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

export interface EventInfo {
  name: string;
  payload: Record<string, unknown>;
  owner: string;
  repo: string;
}

export interface FoundPullRequest {
  number: number;
  /** How it was found, for the log. */
  source: 'input' | 'event' | 'head sha';
}

interface WorkflowRunPayload {
  workflow_run?: { head_sha?: string; pull_requests?: { number?: number }[] };
}

export async function findPullRequest(
  octokit: Octokit | undefined,
  event: EventInfo,
  explicit: number | undefined,
  onPush: { enabled: boolean; sha: string },
): Promise<FoundPullRequest | undefined> {
  if (explicit !== undefined) return { number: explicit, source: 'input' };
  if (event.name === 'push') {
    if (!onPush.enabled || !octokit || !onPush.sha) return undefined;
    const prs = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner: event.owner, repo: event.repo, commit_sha: onPush.sha });
    const open = prs.data.find((pr) => pr.state === 'open' && pr.head.sha === onPush.sha);
    return open ? { number: open.number, source: 'head sha' } : undefined;
  }
  if (event.name === 'pull_request' || event.name === 'pull_request_target') {
    const number = (event.payload['pull_request'] as { number?: number } | undefined)?.number;
    return number ? { number, source: 'event' } : undefined;
  }
  if (event.name === 'workflow_run') {
    const run = (event.payload as WorkflowRunPayload).workflow_run;
    const listed = run?.pull_requests?.[0]?.number;
    if (listed) return { number: listed, source: 'event' };
    if (!run?.head_sha || !octokit) return undefined;
    const open = await octokit.paginate(octokit.rest.pulls.list, { owner: event.owner, repo: event.repo, state: 'open', per_page: 100 });
    const match = open.find((pr) => pr.head.sha === run.head_sha);
    return match ? { number: match.number, source: 'head sha' } : undefined;
  }
  return undefined;
}

// The merge base of a GitHub pull request, for the baseline (compare/baseline.ts): GitHub's
// events name the base branch and its tip, never where the pull request's branch left it, and
// the core reads only the bucket. So the action asks the compare API once, before publishing,
// and puts the answer in the run context. It is a nicety: a token without access, a missing
// commit (a force-push), GitHub Enterprise without the endpoint or no network at all leave the
// merge base unknown (the baseline is then the newest publication on the base branch), and
// never fail the step.
import { getOctokit } from '@actions/github';
import type { RunContext } from '../config.js';
import type { Octokit } from './pull-request.js';

export interface MergeBaseQuery {
  owner: string;
  repo: string;
  /** A commit or branch of the base. */
  base: string;
  /** The pull request's head commit. */
  head: string;
  debug?: (message: string) => void;
}

const status = (error: unknown): string => {
  const s = (error as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? `HTTP ${s}` : error instanceof Error ? error.message : String(error);
};

/** `GET /repos/{owner}/{repo}/compare/{base}...{head}` → `merge_base_commit.sha`; undefined (and
 * a debug line) when GitHub cannot say. */
export async function mergeBaseOf(octokit: Octokit, q: MergeBaseQuery): Promise<string | undefined> {
  try {
    // One commit a page: only the merge base is read, not the list of commits between.
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: q.owner, repo: q.repo, basehead: `${q.base}...${q.head}`, per_page: 1 });
    const sha = (data as { merge_base_commit?: { sha?: unknown } }).merge_base_commit?.sha;
    if (typeof sha === 'string' && /^[0-9a-f]{40,64}$/i.test(sha)) return sha.toLowerCase();
    q.debug?.(`compare ${q.base}...${q.head}: GitHub named no merge base`);
  } catch (error) {
    q.debug?.(`compare ${q.base}...${q.head}: ${status(error)}; the merge base stays unknown`);
  }
  return undefined;
}

/**
 * `context` with its pull request's merge base, asked of GitHub when the context names the base
 * (branch or commit) and not the merge base, and a token is given; else `context` as it is.
 */
export async function withMergeBase(context: RunContext, token: string, log: { debug(message: string): void }, octokitFor: (token: string) => Octokit = (t) => getOctokit(t)): Promise<RunContext> {
  const pr = context.pullRequest;
  const base = pr?.baseSha ?? pr?.baseBranch;
  // On pull_request events the run's commit is GitHub's merge commit, whose merge base with the
  // base is the base's tip: the pull request's own head is the one to ask about.
  const head = pr?.headSha ?? context.sha;
  const [owner, repo, ...rest] = context.repository.split('/');
  // Only a GitHub run's repository is one GitHub knows (a hand-written context names no CI).
  const onGithub = context.ci === undefined || context.ci === 'github';
  if (pr === undefined || pr.mergeBase !== undefined || base === undefined || !head || !token || !onGithub || !owner || !repo || rest.length > 0) return context;
  const mergeBase = await mergeBaseOf(octokitFor(token), { owner, repo, base, head, debug: (m) => log.debug(m) });
  if (mergeBase === undefined) return context;
  log.debug(`pull request #${pr.number}: merge base ${mergeBase} on ${pr.baseBranch ?? base}`);
  return { ...context, pullRequest: { ...pr, mergeBase } };
}

// Which account the token writes comments as. The sticky comment is looked up only among that
// account's comments: a marker alone proves nothing, since anyone can paste it into a comment.
import type { Octokit } from './pull-request.js';

const status = (error: unknown): number | undefined => (error as { status?: number }).status;

export class IdentityError extends Error {}

/**
 * The login GitHub puts in `user.login` of the comments this token writes. A user token (a
 * personal access token) reads it from `GET /user`; an installation token (the job's
 * GITHUB_TOKEN, a GitHub App's) is refused there, but GraphQL's `viewer` answers its bot login
 * (`github-actions[bot]`, `my-app[bot]`).
 */
export async function tokenLogin(octokit: Octokit): Promise<string> {
  let refusedBy: string;
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    if (data.login) return data.login;
    refusedBy = 'GET /user answered no login';
  } catch (error) {
    // 401 is a bad token: no other way in will work, and the caller's hint says so.
    if (status(error) !== 403) throw error;
    refusedBy = 'GET /user: HTTP 403';
  }
  let viewer: string | undefined;
  try {
    viewer = (await octokit.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }')).viewer?.login;
  } catch (error) {
    throw new IdentityError(`could not tell which account the token comments as (${refusedBy}; GraphQL viewer: HTTP ${status(error) ?? 'error'})`);
  }
  if (!viewer) throw new IdentityError(`could not tell which account the token comments as (${refusedBy}; GraphQL viewer: no login)`);
  return viewer;
}

// What a refused GitHub API call tells the user to do: the permission, token or workflow
// pattern that fixes it. Shared by the pull-request lookup and the comment, which warn alike.
import { IdentityError } from './identity.js';

export function apiHint(error: unknown, eventName: string | undefined): string {
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

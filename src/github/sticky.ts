// Creates the pull-request comment, or in sticky mode edits the one this token wrote before for
// the same header. Only comments whose author is the token's own account count: another user's
// comment that carries the marker (pasted, quoted, or planted) is never touched, so it can
// neither hijack the link nor make the edit fail with a 403.
import { tokenLogin } from './identity.js';
import type { Octokit } from './pull-request.js';

export interface UpsertOptions {
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
  body: string;
  mode: 'sticky' | 'new';
}

export interface PostedComment {
  id: number;
  url: string;
  created: boolean;
}

interface ListedComment {
  id: number;
  body?: string;
  user: { login: string } | null;
}

/** The oldest comment by `login` that starts with `marker` (every comment of ours does). */
export function findOwnComment<C extends ListedComment>(comments: C[], login: string, marker: string): C | undefined {
  // Logins are case-insensitive on GitHub.
  const me = login.toLowerCase();
  return comments.find((c) => c.user?.login.toLowerCase() === me && (c.body ?? '').startsWith(marker));
}

export async function upsertComment(octokit: Octokit, o: UpsertOptions): Promise<PostedComment> {
  const where = { owner: o.owner, repo: o.repo };
  if (o.mode === 'sticky') {
    const author = await tokenLogin(octokit);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: o.issueNumber, per_page: 100 });
    const mine = findOwnComment(comments, author, o.marker);
    if (mine) {
      const updated = await octokit.rest.issues.updateComment({ ...where, comment_id: mine.id, body: o.body });
      return { id: updated.data.id, url: updated.data.html_url, created: false };
    }
  }
  const created = await octokit.rest.issues.createComment({ ...where, issue_number: o.issueNumber, body: o.body });
  return { id: created.data.id, url: created.data.html_url, created: true };
}

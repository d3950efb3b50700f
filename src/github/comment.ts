// The pull-request comment: rendered from the publication's facts (pure), and kept as one
// comment per test name, found again by a hidden marker and edited in place on every run.
import { escapeHtml } from './summary.js';
import type { Octokit } from './pull-request.js';

/** GitHub refuses comments over 65,536 characters. */
export const MAX_COMMENT_LENGTH = 65_536;
const MAX_THUMBNAILS = 6;
const MAX_FAILURES = 30;

export interface CommentFacts {
  header: string;
  testName: string;
  url: string;
  files: number;
  bytes: string;
  failed: { path: string; reason: string }[];
  thumbnails: { name: string; url: string }[];
  commit: { short: string; url: string } | undefined;
  run: { label: string; url: string } | undefined;
  time: string;
  linksExpire?: string;
}

export function markerFor(header: string): string {
  // Escaped so that no header can close the HTML comment early.
  return `<!-- publish-test-outputs:${encodeURIComponent(header)} -->`;
}

export function renderComment(f: CommentFacts): string {
  const lines = [
    markerFor(f.header),
    `### Test outputs: ${escapeHtml(f.testName)}`,
    '',
    `**[Browse the outputs](${f.url.replace(/\)/g, '%29')})** · ${f.files} files · ${escapeHtml(f.bytes)}${f.failed.length > 0 ? ` · **${f.failed.length} failed to upload**` : ''}`,
  ];
  if (f.linksExpire) lines.push('', `The links are presigned and stop working at ${escapeHtml(f.linksExpire)}.`);
  if (f.thumbnails.length > 0) {
    lines.push('', f.thumbnails.slice(0, MAX_THUMBNAILS).map((t) => `<a href="${escapeHtml(t.url)}"><img src="${escapeHtml(t.url)}" alt="${escapeHtml(t.name)}" height="120"></a>`).join(' '));
  }
  if (f.failed.length > 0) {
    lines.push('', '<details><summary>Failed to upload</summary>', '');
    for (const x of f.failed.slice(0, MAX_FAILURES)) lines.push(`- <code>${escapeHtml(x.path)}</code>: ${escapeHtml(x.reason)}`);
    if (f.failed.length > MAX_FAILURES) lines.push(`- and ${f.failed.length - MAX_FAILURES} more`);
    lines.push('', '</details>');
  }
  const meta = [f.commit ? `commit [\`${f.commit.short}\`](${f.commit.url})` : '', f.run ? `run [${escapeHtml(f.run.label)}](${f.run.url})` : '', escapeHtml(f.time)];
  lines.push('', `<sub>${meta.filter((m) => m !== '').join(' · ')}</sub>`);
  const body = lines.join('\n') + '\n';
  // Names are bounded, but a long URL list could still pass the cap: never send a refused body.
  return body.length <= MAX_COMMENT_LENGTH ? body : `${body.slice(0, MAX_COMMENT_LENGTH - 40)}\n\n…(cut to fit GitHub's limit)\n`;
}

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

export async function upsertComment(octokit: Octokit, o: UpsertOptions): Promise<PostedComment> {
  const where = { owner: o.owner, repo: o.repo };
  if (o.mode === 'sticky') {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...where, issue_number: o.issueNumber, per_page: 100 });
    const mine = comments.find((c) => c.body?.includes(o.marker));
    if (mine) {
      const updated = await octokit.rest.issues.updateComment({ ...where, comment_id: mine.id, body: o.body });
      return { id: updated.data.id, url: updated.data.html_url, created: false };
    }
  }
  const created = await octokit.rest.issues.createComment({ ...where, issue_number: o.issueNumber, body: o.body });
  return { id: created.data.id, url: created.data.html_url, created: true };
}

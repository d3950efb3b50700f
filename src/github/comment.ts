// The pull-request comment's text (pure): rendered from the publication's facts, with the hidden
// marker that tells one sticky comment from another, always under GitHub's length limit.
import { createHash } from 'node:crypto';
import { escapeHtml, safeText } from './text.js';
import { THUMBNAILS, type ComparisonReport } from '../publication/types.js';
import { comparisonLine } from './comparison-line.js';
import type { ResultsReport } from '../results/types.js';
import { COMMENT_FAILURES, failureLine, moreLine, problemsLine, sinceBaseLine, statusLine, tracesLine } from './results-lines.js';

/** GitHub refuses comments over 65,536 characters. */
export const MAX_COMMENT_LENGTH = 65_536;
const MAX_FAILURES = 30;
/** A reason is an error message: its first words say what went wrong. */
const MAX_REASON_LENGTH = 300;
/** Headers longer than this once encoded are hashed: the marker stays short. */
const MAX_PLAIN_HEADER = 100;

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
  /** The pull request's stable link (always its newest run's outputs). */
  prUrl?: string;
  /** The comparison with the baseline. */
  comparison?: ComparisonReport;
  /** The test results read from the JUnit reports among the outputs. */
  results?: ResultsReport;
}

/**
 * The first line of every comment for `header`. A short header is kept readable (percent-encoded,
 * so that `>` can never end the HTML comment); one that is long, holds `--` (which HTML comments
 * must not contain) or cannot be encoded is replaced by its SHA-256. `:` and `#` never occur in
 * an encoded header, so the two forms never meet.
 */
export function markerFor(header: string): string {
  let encoded: string | undefined;
  try {
    encoded = encodeURIComponent(header);
  } catch {
    // A lone surrogate: hashed like any other odd header.
  }
  const id = encoded !== undefined && encoded.length <= MAX_PLAIN_HEADER && !encoded.includes('--')
    ? `:${encoded}`
    : `#sha256:${createHash('sha256').update(header).digest('hex')}`;
  return `<!-- publish-test-outputs${id} -->`;
}

/** Cut to `max` characters with an ellipsis, never between the halves of a surrogate pair. */
const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`);
const LIMIT_NOTE = "to stay under GitHub's limit of 65,536 characters per comment";

/**
 * The marker, the link and the counts are always there (the test results' status line first);
 * the failed tests, then the files that failed to upload, then the thumbnails take what room is
 * left, and say how many they leave out.
 */
export function renderComment(f: CommentFacts): string {
  const r = f.results;
  // The test results come first: whether the tests passed is what a reviewer looks for.
  const status = r ? [`**${statusLine(r)}**`, '', ...(r.sinceBase ? [sinceBaseLine(r.sinceBase), ''] : [])] : [];
  const head = [
    markerFor(f.header),
    `### Test outputs: ${safeText(f.testName)}`,
    '',
    ...status,
    `**[Browse the outputs](${f.url.replace(/\)/g, '%29')})** · ${f.files} files · ${safeText(f.bytes)}${f.failed.length > 0 ? ` · **${f.failed.length} failed to upload**` : ''}`,
  ];
  const after: string[] = [];
  const problems = r && problemsLine(r);
  if (problems !== undefined) after.push('', problems);
  if (f.comparison) after.push('', comparisonLine(f.comparison));
  if (f.prUrl) after.push('', `[Latest outputs of this pull request](${f.prUrl.replace(/\)/g, '%29')}): this link always leads to its newest run.`);
  if (f.linksExpire) after.push('', `The links are presigned and stop working at ${safeText(f.linksExpire)}.`);
  const meta = [
    f.commit ? `commit [\`${f.commit.short}\`](${f.commit.url})` : '',
    // `#17` is the run's number, ours, and link text is never read as a reference.
    f.run ? `run [${escapeHtml(f.run.label)}](${f.run.url})` : '',
    safeText(f.time),
  ];
  const tail = ['', `<sub>${meta.filter((m) => m !== '').join(' · ')}</sub>`];
  const fixed = (lines: string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);
  // Room for the lists, keeping enough back for the two lines that say what was left out.
  let room = MAX_COMMENT_LENGTH - fixed(head) - fixed(after) - fixed(tail) - 3 * 200;

  // The failed tests first: what a reviewer opens the comment for.
  const tests: string[] = [];
  if (r && r.failures.length + r.moreFailures > 0) {
    const listed: string[] = [];
    // "and N more" links the page: its room (the URL, presigned perhaps) is kept first.
    room -= (moreLine(r, 0)?.length ?? 0) + 3;
    for (let i = 0; i < Math.min(r.failures.length, COMMENT_FAILURES); i++) {
      const line = `- ${failureLine(r, i)}`;
      if (line.length + 1 > room) break;
      listed.push(line);
      room -= line.length + 1;
    }
    const more = moreLine(r, listed.length);
    tests.push('', ...listed, ...(more !== undefined ? [`- ${more}`] : []));
  }
  const traces = r && tracesLine(r, Math.min(r.failures.length, COMMENT_FAILURES));
  if (traces !== undefined && traces.length + 2 <= room) {
    tests.push('', traces);
    room -= traces.length + 2;
  }

  // The files that failed to upload come next: they get the room first, the previews what is left.
  const failures: string[] = [];
  if (f.failed.length > 0) {
    const open = ['', '<details><summary>Failed to upload</summary>', ''];
    const close = ['', '</details>'];
    room -= fixed(open) + fixed(close);
    const listed: string[] = [];
    for (const x of f.failed.slice(0, MAX_FAILURES)) {
      const line = `- <code>${safeText(x.path)}</code>: ${safeText(shorten(x.reason, MAX_REASON_LENGTH))}`;
      if (line.length + 1 > room) break;
      listed.push(line);
      room -= line.length + 1;
    }
    const more = f.failed.length - listed.length;
    const cut = listed.length < Math.min(f.failed.length, MAX_FAILURES);
    if (more > 0) listed.push(`- and ${more} more${cut ? ` (not listed ${LIMIT_NOTE})` : ''}`);
    failures.push(...open, ...listed, ...close);
  }

  const previews: string[] = [];
  const thumbnails = f.thumbnails.slice(0, THUMBNAILS).map((t) => `<a href="${escapeHtml(t.url)}"><img src="${escapeHtml(t.url)}" alt="${safeText(t.name)}" height="120"></a>`);
  const shown: string[] = [];
  for (const t of thumbnails) {
    if (t.length + 1 > room) break;
    shown.push(t);
    room -= t.length + 1;
  }
  if (shown.length > 0) previews.push('', shown.join(' '));
  if (shown.length < thumbnails.length) previews.push('', `<sub>${thumbnails.length - shown.length} more thumbnails left out ${LIMIT_NOTE}.</sub>`);

  // Over the limit only if the URL alone is: GitHub then refuses the comment, and the warning
  // says so; a cut URL would be a broken link.
  return [...head, ...tests, ...after, ...previews, ...failures, ...tail].join('\n') + '\n';
}

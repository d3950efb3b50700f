// The job summary (pure): the same facts as the outputs, readable at a glance. GitHub renders
// the summary as Markdown with HTML allowed: names are escaped, and their mentions and issue
// references broken (safeText), URLs only escaped.
import type { ComparisonReport, SummaryEntry } from '../publication/types.js';
import { changedImages, comparisonLine } from './comparison-line.js';
import { humanBytes } from '../util/format.js';
import { escapeHtml, safeText } from './text.js';
import { THUMBNAILS } from '../publication/types.js';

export type { SummaryEntry };

export interface SummaryFacts {
  testName: string;
  url: string;
  files: number;
  bytes: string;
  failed: { path: string; reason: string }[];
  prefix: string;
  bucket: string;
  /** Presigned links: when they stop working, e.g. "2026-12-04 16:02:56 UTC". */
  linksExpire?: string;
  entries?: SummaryEntry[];
  thumbnails?: { name: string; url: string }[];
  /** The HTTP status the browse URL answered without credentials, when reviewers cannot open it. */
  browseRefused?: number;
  /** The stable links: the branch's and the pull request's newest publication of this test. */
  latestUrl?: string;
  prUrl?: string;
  branch?: string;
  comparison?: ComparisonReport;
}

/** GitHub drops a job summary over 1 MiB whole; stay well under it. */
export const MAX_SUMMARY_BYTES = 512 * 1024;
const MAX_ENTRIES_LISTED = 100;

const MAX_FAILURES_LISTED = 50;

/** The stable links, which always lead to the newest publication (empty when there are none). */
function stableLinkLines(f: SummaryFacts): string[] {
  const links = [
    f.latestUrl ? `<a href="${escapeHtml(f.latestUrl)}">latest on ${f.branch ? `<code>${safeText(f.branch)}</code>` : 'this branch'}</a>` : '',
    f.prUrl ? `<a href="${escapeHtml(f.prUrl)}">latest of this pull request</a>` : '',
  ].filter((l) => l !== '');
  return links.length === 0 ? [] : [`<p>Stable links, always to the newest run: ${links.join(' · ')}</p>`];
}

export function renderSummary(f: SummaryFacts): string {
  const lines = [
    `<h3>Test outputs: ${safeText(f.testName)}</h3>`,
    `<p><a href="${escapeHtml(f.url)}"><strong>Browse the outputs</strong></a></p>`,
    ...stableLinkLines(f),
    ...(f.comparison ? [`<p>${comparisonLine(f.comparison)}</p>`, ...(f.comparison.images.length > 0 ? [`<p>${changedImages(f.comparison, THUMBNAILS)}</p>`] : [])] : []),
    ...(f.browseRefused !== undefined
      ? [`<p>⚠️ This link answered <strong>HTTP ${f.browseRefused}</strong> to a browser without credentials: reviewers cannot open it. The step's warning says how to fix it.</p>`]
      : []),
    ...(f.linksExpire ? [`<p>These are presigned links to a private bucket: they stop working at <strong>${safeText(f.linksExpire)}</strong>.</p>`] : []),
    '<table>',
    `<tr><th align="left">Files</th><td>${f.files}</td></tr>`,
    `<tr><th align="left">Size</th><td>${safeText(f.bytes)}</td></tr>`,
    `<tr><th align="left">Failed</th><td>${f.failed.length}</td></tr>`,
    `<tr><th align="left">Location</th><td><code>s3://${safeText(f.bucket)}/${safeText(f.prefix)}/</code></td></tr>`,
    '</table>',
  ];
  const entries = f.entries ?? [];
  if (entries.length > 0) {
    lines.push('<table>', '<tr><th align="left">Name</th><th align="right">Files</th><th align="right">Size</th></tr>');
    for (const e of entries.slice(0, MAX_ENTRIES_LISTED)) {
      lines.push(`<tr><td><a href="${escapeHtml(e.url)}">${safeText(e.name)}${e.folder ? '/' : ''}</a></td><td align="right">${e.files}</td><td align="right">${escapeHtml(humanBytes(e.bytes))}</td></tr>`);
    }
    if (entries.length > MAX_ENTRIES_LISTED) lines.push(`<tr><td colspan="3">and ${entries.length - MAX_ENTRIES_LISTED} more</td></tr>`);
    lines.push('</table>');
  }
  const thumbnails = (f.thumbnails ?? []).slice(0, THUMBNAILS);
  if (thumbnails.length > 0) {
    lines.push(`<p>${thumbnails.map((t) => `<a href="${escapeHtml(t.url)}"><img src="${escapeHtml(t.url)}" alt="${safeText(t.name)}" height="120"></a>`).join(' ')}</p>`);
  }
  if (f.failed.length > 0) {
    lines.push('<p><strong>Failed to upload:</strong></p>', '<ul>');
    for (const x of f.failed.slice(0, MAX_FAILURES_LISTED)) {
      lines.push(`<li><code>${safeText(x.path)}</code>: ${safeText(x.reason)}</li>`);
    }
    if (f.failed.length > MAX_FAILURES_LISTED) lines.push(`<li>and ${f.failed.length - MAX_FAILURES_LISTED} more</li>`);
    lines.push('</ul>');
  }
  const text = lines.join('\n') + '\n';
  // Every list above is capped, so only absurdly long names get here; cut rather than lose all.
  return Buffer.byteLength(text) <= MAX_SUMMARY_BYTES ? text : `${text.slice(0, MAX_SUMMARY_BYTES / 4)}\n<p>(summary cut to stay under GitHub's limit)</p>\n`;
}

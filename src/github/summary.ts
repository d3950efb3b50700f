// The job summary (pure): the same facts as the outputs, readable at a glance. GitHub renders
// the summary as Markdown with HTML allowed: names are escaped, and their mentions and issue
// references broken (safeText), URLs only escaped.
import type { ComparisonReport, SummaryEntry } from '../publication/types.js';
import { changedImages, comparisonLine } from './comparison-line.js';
import { humanBytes } from '../util/format.js';
import { escapeHtml, safeText } from './text.js';
import { THUMBNAILS } from '../publication/types.js';
import type { ResultsReport } from '../results/types.js';
import { MAX_MESSAGE_CHARS, MAX_NAME_CHARS, moreLine, oneLine, problemsLine, reportText, sinceBaseLine, statusLine, tracesLine, webUrl } from './results-lines.js';

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
  /** The test results read from the JUnit reports among the outputs. */
  results?: ResultsReport;
}

/** GitHub drops a job summary over 1 MiB whole; stay well under it. */
export const MAX_SUMMARY_BYTES = 512 * 1024;
const MAX_ENTRIES_LISTED = 100;

const MAX_FAILURES_LISTED = 50;
/** The failed tests' table stops before this many bytes (100 rows of long names and presigned
 * links would pass it), and says how many it leaves out. */
const MAX_RESULTS_TABLE_BYTES = 192 * 1024;
const REPORTS_LISTED = 10;

/** The status line and the change since the baseline, above the browse link. */
export function resultsStatus(r: ResultsReport): string {
  return `<p><strong>${statusLine(r)}</strong>${r.sinceBase ? `<br>${sinceBaseLine(r.sinceBase)}` : ''}</p>`;
}

/** The failed tests' table (each row linking its outputs and trace), the traces no row links,
 * the reports read and those that could not be. */
export function resultsLines(r: ResultsReport): string[] {
  const lines: string[] = [];
  if (r.failures.length > 0) {
    lines.push('<table>', '<tr><th align="left">Suite</th><th align="left">Test</th><th align="left">Message</th><th align="left">Outputs</th></tr>');
    let bytes = 0;
    let listed = 0;
    for (const [i, f] of r.failures.entries()) {
      const url = webUrl(r.failureUrls[i]);
      const folder = f.outputsPath?.endsWith('/') ? f.outputsPath : undefined;
      const t = folder === undefined ? -1 : r.traces.findIndex((p, j) => p.startsWith(folder) && webUrl(r.traceViewerUrls[j]) !== undefined);
      const trace = t < 0 ? undefined : r.traceViewerUrls[t];
      const outputs = [url !== undefined ? `<a href="${escapeHtml(url)}">outputs</a>` : '', trace !== undefined ? `<a href="${escapeHtml(trace)}">trace</a>` : ''].filter((x) => x !== '').join(' · ');
      const row = `<tr><td>${reportText(f.suite, MAX_NAME_CHARS)}</td><td>${reportText(f.name, MAX_NAME_CHARS)}</td><td>${reportText(oneLine(f.message), MAX_MESSAGE_CHARS)}</td><td>${outputs}</td></tr>`;
      bytes += Buffer.byteLength(row) + 1;
      if (bytes > MAX_RESULTS_TABLE_BYTES) break;
      lines.push(row);
      listed++;
    }
    const more = moreLine(r, listed);
    if (more !== undefined) lines.push(`<tr><td colspan="4">${more}</td></tr>`);
    lines.push('</table>');
  }
  const traces = tracesLine(r, r.failures.length);
  if (traces !== undefined) lines.push(`<p>${traces}</p>`);
  if (r.reports.length > 0) {
    const named = r.reports.slice(0, REPORTS_LISTED).map((x, i) => {
      const url = webUrl(r.reportUrls[i]);
      const name = `<code>${reportText(x.path, MAX_NAME_CHARS)}</code>`;
      return url !== undefined ? `<a href="${escapeHtml(url)}">${name}</a>` : name;
    });
    const more = r.reports.length > REPORTS_LISTED ? ` and ${r.reports.length - REPORTS_LISTED} more` : '';
    lines.push(`<p>${r.reports.length === 1 ? 'Test report' : 'Test reports'}: ${named.join(' · ')}${more}</p>`);
  }
  const problems = problemsLine(r);
  if (problems !== undefined) lines.push(`<p>${problems}</p>`);
  return lines;
}

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
    ...(f.results ? [resultsStatus(f.results)] : []),
    `<p><a href="${escapeHtml(f.url)}"><strong>Browse the outputs</strong></a></p>`,
    ...(f.results ? resultsLines(f.results) : []),
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

// The test results' lines in the PR comment and the job summary (pure): the status line
// ("❌ 3 failed · 120 passed · 4 skipped · 1 flaky"), the change since the baseline, one line per
// failure with the link to its outputs (and its trace), the reports that could not be read. Both
// render HTML inside Markdown, so the lines are HTML. Every string from a report is hostile: it
// is cut to one bounded line first, then escaped with its mentions broken (text.ts safeText).
import type { ResultsReport, ResultsSinceBase } from '../results/types.js';
import { countsText, failureName, oneLine, shorten, sinceBaseWords, statusLine } from '../results/wording.js';
import { escapeHtml, safeText } from './text.js';

// The shared wording (results/wording.ts), for the comment's and the summary's imports.
export { countsText, failureName, oneLine, shorten, statusLine };

/** Failures the comment lists; the rest are behind "and N more", which links the page. */
export const COMMENT_FAILURES = 10;
/** A failure's name (suite › name) and message are cut to these many characters. */
export const MAX_NAME_CHARS = 200;
export const MAX_MESSAGE_CHARS = 200;
const PROBLEMS_NAMED = 3;
const TRACES_NAMED = 5;

/** A report's text for a text position: one line, bounded, escaped, mentions broken; `~`
 * (strikethrough, which escapeHtml leaves) too. */
export function reportText(text: string, max: number): string {
  return safeText(shorten(oneLine(text), max)).replace(/~/g, '&#126;');
}

/** Only web links become links: URLs come from the store, but a link is never `javascript:`. */
export function webUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

const link = (url: string, text: string): string => `<a href="${escapeHtml(url)}">${text}</a>`;

/** "2 newly failing, 1 fixed since <code>main</code>"; "no change in failures since …". */
export function sinceBaseLine(s: ResultsSinceBase): string {
  return `${sinceBaseWords(s)} since <code>${reportText(s.label, MAX_NAME_CHARS)}</code>`;
}

/** The trace viewer's link of each failure, by its outputs folder holding a `trace.zip`. */
function traceOf(r: ResultsReport, i: number): string | undefined {
  const folder = r.failures[i]?.outputsPath;
  if (folder === undefined || !folder.endsWith('/')) return undefined;
  const t = r.traces.findIndex((path, j) => path.startsWith(folder) && webUrl(r.traceViewerUrls[j]) !== undefined);
  return t < 0 ? undefined : r.traceViewerUrls[t];
}

/** The traces no listed failure links, for a line of their own. */
function otherTraces(r: ResultsReport, listed: number): { name: string; url: string }[] {
  const folders = r.failures.slice(0, listed).map((f) => f.outputsPath).filter((p): p is string => p !== undefined && p.endsWith('/'));
  return r.traces.flatMap((path, j) => {
    const url = webUrl(r.traceViewerUrls[j]);
    if (url === undefined || folders.some((f) => path.startsWith(f))) return [];
    const parts = path.split('/');
    return [{ name: parts.length > 1 ? parts[parts.length - 2]! : path, url }];
  });
}

/** One failure: "<a>suite › name</a> — message · trace", linking its outputs when it has any. */
export function failureLine(r: ResultsReport, i: number): string {
  const f = r.failures[i]!;
  const name = reportText(failureName(f), MAX_NAME_CHARS);
  const url = webUrl(r.failureUrls[i]);
  const message = oneLine(f.message);
  const trace = traceOf(r, i);
  return [
    url !== undefined ? link(url, name) : name,
    message !== '' ? ` — ${reportText(message, MAX_MESSAGE_CHARS)}` : '',
    trace !== undefined ? ` · ${link(trace, 'trace')}` : '',
  ].join('');
}

/** "and 12 more", linking the page's results section. */
export function moreLine(r: ResultsReport, listed: number): string | undefined {
  const more = r.failures.length - listed + r.moreFailures;
  if (more <= 0) return undefined;
  const url = webUrl(r.pageUrl);
  const text = `and ${more} more`;
  return url !== undefined ? link(url, text) : text;
}

/** "Traces: <a>checkout-chromium</a> · … and 3 more", for traces no listed failure links. */
export function tracesLine(r: ResultsReport, listed: number): string | undefined {
  const traces = otherTraces(r, listed);
  if (traces.length === 0) return undefined;
  const named = traces.slice(0, TRACES_NAMED).map((t) => link(t.url, reportText(t.name, MAX_NAME_CHARS)));
  const more = traces.length > TRACES_NAMED ? ` and ${traces.length - TRACES_NAMED} more` : '';
  return `Playwright traces in the trace viewer: ${named.join(' · ')}${more}`;
}

/** "⚠️ 2 test reports could not be read: <code>a.xml</code> (too large …), …", or undefined. */
export function problemsLine(r: ResultsReport): string | undefined {
  if (r.problems.length === 0) return undefined;
  const named = r.problems.slice(0, PROBLEMS_NAMED).map((p) => `<code>${reportText(p.reportPath, MAX_NAME_CHARS)}</code> (${reportText(p.reason, MAX_MESSAGE_CHARS)})`);
  const more = r.problems.length > PROBLEMS_NAMED ? ` and ${r.problems.length - PROBLEMS_NAMED} more` : '';
  const which = r.problems.length === 1 ? '1 test report could not be read' : `${r.problems.length} test reports could not be read`;
  return `⚠️ ${which}: ${named.join(', ')}${more}`;
}

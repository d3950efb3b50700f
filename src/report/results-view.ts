// The root page's section on the test results (pure): the status line with its mark, the
// counts, each failure (suite › name, message, a link to its outputs and its trace), a link to
// each JUnit report, the reports that could not be read, the Playwright traces, and the change
// since the baseline. Built from the manifest's record (results/types.ts ResultsRecord), in the
// words the comment and the summary use (results/wording.ts). Every string is a report's text,
// hostile: the template escapes it (mustache), and names are cut to one bounded line here so no
// report can make the page grow without end. Hrefs are relative to the root page (at the
// publication's root), encoded segment by segment; in link-mode presigned, publication/
// write-pages.ts signs them (storage/presign.ts signLinks signs `href` and `…Href` fields).
import { encodeKey } from '../files/keys.js';
import type { ResultCounts, ResultsRecord } from '../results/types.js';
import { countsText, failureName, oneLine, resultMark, shorten, sinceBaseWords } from '../results/wording.js';

/** A failure's name on the page is cut to this many characters (the comment cuts to 200). */
export const PAGE_NAME_CHARS = 500;
export const PAGE_MESSAGE_CHARS = 300;
/** Newly failing tests named under the since-base line; the failures list has them all. */
const SINCE_BASE_NAMED = 20;

export interface ResultsMark {
  mark: '❌' | '✅';
  /** For `aria-label`: the emoji alone reads differently in each screen reader. */
  markLabel: 'failed' | 'passed';
}

export interface FailureView {
  name: string;
  message: string;
  /** The test's own outputs: a folder's index page, or the file. */
  outputsHref?: string;
  /** Its trace (`trace.zip` in its outputs folder), and the trace viewer's link to it. */
  traceHref?: string;
  viewerHref?: string;
}

export interface ResultsSectionView extends ResultsMark {
  /** "3 failed · 120 passed · 4 skipped · 1 flaky" */
  counts: string;
  /** "127 tests in 3 reports · 12.3 s" */
  totals: string;
  failures: FailureView[];
  /** Failures beyond those the manifest keeps (0: none). */
  moreFailures: number;
  reports: (ResultsMark & { path: string; href: string; counts: string })[];
  problems: { path: string; reason: string }[];
  traces: { name: string; href: string; viewerHref?: string }[];
  sinceBase?: { words: string; label: string; names: string[]; more: number };
}

export interface ResultsViewOptions {
  /** The trace viewer's link to a trace (a path in the publication); unset when the viewer cannot
   * fetch it (link-mode presigned: signed links expire before a reviewer looks). */
  traceViewer?: (tracePath: string) => string;
}

const text = (value: string, max: number): string => shorten(oneLine(value), max);
const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const mark = (c: Pick<ResultCounts, 'failed'>): ResultsMark => {
  const m = resultMark(c);
  return { mark: m.mark, markLabel: m.label };
};

/** A folder (ends in `/`) opens its index page; a file opens itself. */
export function outputsHref(outputsPath: string): string {
  return encodeKey(outputsPath.endsWith('/') ? `${outputsPath}index.html` : outputsPath);
}

function seconds(ms: number): string {
  if (ms <= 0) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function resultsView(r: ResultsRecord, o: ResultsViewOptions = {}): ResultsSectionView {
  const traceLink = (path: string): { href: string; viewerHref?: string } => ({
    href: encodeKey(path),
    ...(o.traceViewer ? { viewerHref: o.traceViewer(path) } : {}),
  });
  const failures = r.failures.map((f): FailureView => {
    const folder = f.outputsPath !== undefined && f.outputsPath.endsWith('/') ? f.outputsPath : undefined;
    const trace = folder === undefined ? undefined : r.traces.find((t) => t.startsWith(folder));
    const link = trace === undefined ? undefined : traceLink(trace);
    return {
      name: text(failureName(f), PAGE_NAME_CHARS),
      message: text(f.message, PAGE_MESSAGE_CHARS),
      ...(f.outputsPath !== undefined ? { outputsHref: outputsHref(f.outputsPath) } : {}),
      ...(link ? { traceHref: link.href, ...(link.viewerHref !== undefined ? { viewerHref: link.viewerHref } : {}) } : {}),
    };
  });
  const totals = [`${plural(r.total, 'test', 'tests')} in ${plural(r.reports.length, 'report', 'reports')}`, seconds(r.durationMs)].filter((p) => p !== '');
  const s = r.sinceBase;
  return {
    ...mark(r),
    counts: countsText(r),
    totals: totals.join(' · '),
    failures,
    moreFailures: r.moreFailures,
    reports: r.reports.map((x) => ({ ...mark(x), path: x.path, href: encodeKey(x.path), counts: countsText(x) })),
    problems: r.problems.map((p) => ({ path: text(p.reportPath, PAGE_NAME_CHARS), reason: text(p.reason, PAGE_MESSAGE_CHARS) })),
    traces: r.traces.map((t) => {
      const parts = t.split('/');
      return { name: parts.length > 1 ? parts.slice(0, -1).join('/') : t, ...traceLink(t) };
    }),
    ...(s
      ? {
          sinceBase: {
            words: sinceBaseWords(s),
            label: text(s.label, PAGE_NAME_CHARS),
            names: s.newlyFailingNames.slice(0, SINCE_BASE_NAMED).map((n) => text(n, PAGE_NAME_CHARS)),
            more: Math.max(0, s.newlyFailing - Math.min(SINCE_BASE_NAMED, s.newlyFailingNames.length)),
          },
        }
      : {}),
  };
}

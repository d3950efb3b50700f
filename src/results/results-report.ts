// The record with its links made absolute (ResultsReport), for the comment, the summary and the
// outputs. Links are made as the publication's others are: public URLs, or presigned ones.
import { joinKey } from '../files/keys.js';
import type { ResultsRecord, ResultsReport } from './types.js';

/** The trace viewer loads a trace from a URL it fetches itself (the bucket must allow it: CORS). */
const TRACE_VIEWER = 'https://trace.playwright.dev/?trace=';

/** The trace viewer's link to a trace of the publication, by its public URL: never a presigned
 * one, which expires before a reviewer looks (the comment's links and the pages' alike). */
export function traceViewerUrl(publicUrl: (key: string) => string, prefix: string, tracePath: string): string {
  return `${TRACE_VIEWER}${encodeURIComponent(publicUrl(joinKey(prefix, tracePath)))}`;
}

export interface ReportLinks {
  prefix: string;
  /** The root page's URL (signed in link-mode presigned). */
  rootUrl: string;
  /** A key's URL: public, or presigned. */
  link: (key: string) => Promise<string>;
  /** A key's public URL; undefined in link-mode presigned, where the viewer gets no link: signed
   * links expire before a reviewer may look, and the viewer would need them to stay. */
  publicUrl: ((key: string) => string) | undefined;
}

// A folder links to its index page (every folder of a publication has one).
const keyOf = (prefix: string, p: string): string => joinKey(prefix, p.endsWith('/') ? `${p}index.html` : p);

export async function resultsReport(record: ResultsRecord, l: ReportLinks): Promise<ResultsReport> {
  const pageUrl = `${l.rootUrl.replace(/#.*$/, '')}#results`;
  const failureUrls = await Promise.all(record.failures.map((f) => (f.outputsPath === undefined ? Promise.resolve(undefined) : l.link(keyOf(l.prefix, f.outputsPath)))));
  const reportUrls = await Promise.all(record.reports.map((r) => l.link(keyOf(l.prefix, r.path))));
  const { publicUrl } = l;
  const traceViewerUrls = record.traces.map((t) => (publicUrl === undefined ? undefined : traceViewerUrl(publicUrl, l.prefix, t)));
  return { ...record, pageUrl, failureUrls, reportUrls, traceViewerUrls };
}

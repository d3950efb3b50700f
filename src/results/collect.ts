// Finds the JUnit reports among the files of a publication and reads them, with bounded work
// whatever the outputs hold: a sniff of each candidate's first bytes (junit-file.ts), then at most
// MAX_REPORTS reports and MAX_TOTAL_BYTES read in all, a few at a time. An unreadable report is a
// warning, never a failure; what was read is merged (merge.ts).
import pLimit from 'p-limit';
import { humanBytes } from '../util/format.js';
import { isJUnitFile, parseJUnitFile } from './junit-file.js';
import { MAX_JUNIT_BYTES } from './junit.js';
import { mergeResults } from './merge.js';
import type { ParseProblem, ResultFile, TestResults } from './types.js';

/** Reports read at most in one publication; the rest are counted in a warning. */
export const MAX_REPORTS = 1000;
/** Bytes of reports read at most in one publication (each report is also bound: junit.ts). */
export const MAX_TOTAL_BYTES = 256 * 1024 * 1024;
const SNIFF_CONCURRENCY = 16;
// Parsing is CPU work on the one thread: two at a time overlap one's read with the other's parse.
const PARSE_CONCURRENCY = 2;

/** A file that may be a JUnit report. */
export interface ReportCandidate {
  /** Its path in the publication. */
  path: string;
  absolutePath: string;
  size: number;
  /** Named by an explicit `results` glob: read whatever its extension (and a non-JUnit file is
   * a warning, as the user asked for it). */
  explicit: boolean;
}

/** Which files are sniffed: `.xml` ones, and any an explicit glob named. */
export function isCandidate(path: string, explicit: boolean): boolean {
  return explicit || /\.xml$/i.test(path);
}

export interface CollectOptions {
  warning: (message: string) => void;
  maxReports?: number;
  maxTotalBytes?: number;
  /** Each report's own bound (junit.ts MAX_JUNIT_BYTES by default). */
  maxBytes?: number;
}

/** The reports among `candidates`, read; undefined when none is a JUnit report. */
export async function collectResults(candidates: readonly ReportCandidate[], o: CollectOptions): Promise<TestResults | undefined> {
  const maxReports = o.maxReports ?? MAX_REPORTS;
  const maxTotal = o.maxTotalBytes ?? MAX_TOTAL_BYTES;
  const sorted = [...candidates].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sniff = pLimit(SNIFF_CONCURRENCY);
  const looks = await Promise.all(sorted.map((c) => (c.explicit ? Promise.resolve(true) : sniff(() => isJUnitFile(c.absolutePath)))));
  const reports = sorted.filter((_, i) => looks[i]);
  if (reports.length === 0) return undefined;

  const taken: ReportCandidate[] = [];
  let bytes = 0;
  for (const r of reports) {
    if (taken.length >= maxReports) break;
    // An oversized report costs nothing to refuse (parseJUnitFile stats it): it does not count.
    const counted = r.size > (o.maxBytes ?? MAX_JUNIT_BYTES) ? 0 : r.size;
    if (bytes + counted > maxTotal && taken.length > 0) break;
    bytes += counted;
    taken.push(r);
  }
  if (taken.length < reports.length) {
    o.warning(`${reports.length - taken.length} of ${reports.length} JUnit reports were not read: one publication reads at most ${maxReports} reports and ${humanBytes(maxTotal)} of them`);
  }
  const parse = pLimit(PARSE_CONCURRENCY);
  const parsed: (ResultFile | ParseProblem)[] = await Promise.all(
    taken.map((r) => parse(() => parseJUnitFile(r.absolutePath, r.path, o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}))),
  );
  for (const p of parsed) if (p.kind === 'problem') o.warning(`the JUnit report ${p.reportPath} was not read: ${p.reason}`);
  return mergeResults(parsed);
}

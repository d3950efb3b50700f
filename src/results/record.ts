// The run's results as the publication keeps them (ResultsRecord: the manifest's `results`, the
// root page's section): the counts, each report's counts, the first failures with their outputs,
// the unreadable reports, the Playwright traces. Pure.
import { MAX_RECORDED_FAILURES, type ResultCounts, type ResultsRecord, type ResultsSinceBase, type TestResults, type FailedTest, type RecordedFailure } from './types.js';

/** Traces the record lists at most (a suite that traces every test can write thousands). */
export const MAX_TRACES = 1000;

/** Playwright's traces among the published paths: every `trace.zip`, sorted. */
export function tracesAmong(paths: readonly string[]): string[] {
  return paths
    .filter((p) => /(?:^|\/)trace\.zip$/i.test(p))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_TRACES);
}

export const countsOf = (c: ResultCounts): ResultCounts => ({ passed: c.passed, failed: c.failed, skipped: c.skipped, flaky: c.flaky, total: c.total, durationMs: c.durationMs });

export interface RecordInput {
  results: TestResults;
  /** A failure's outputs in the publication (outputs-of.ts), when found. */
  outputsOf: (failure: FailedTest) => string | undefined;
  traces: string[];
  sinceBase?: ResultsSinceBase;
}

export function buildRecord(o: RecordInput): ResultsRecord {
  const r = o.results;
  const failures = r.failures.slice(0, MAX_RECORDED_FAILURES).map((f): RecordedFailure => {
    const outputsPath = o.outputsOf(f);
    return {
      suite: f.suite,
      name: f.name,
      ...(f.classname !== undefined ? { classname: f.classname } : {}),
      message: f.message,
      reportPath: f.reportPath,
      ...(outputsPath !== undefined ? { outputsPath } : {}),
    };
  });
  return {
    ...countsOf(r),
    reports: r.files.map((f) => ({ path: f.reportPath, ...countsOf(f) })),
    failures,
    moreFailures: r.failures.length - failures.length,
    problems: r.problems,
    traces: o.traces,
    ...(o.sinceBase ? { sinceBase: o.sinceBase } : {}),
  };
}

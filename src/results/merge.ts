// Several JUnit reports of one run → one TestResults: counts summed, problems kept for the
// warnings, failures in one stable order so that the comment and pages do not reshuffle between
// runs when the reports are found in another order. Pure.
import type { FailedTest, ParseProblem, ResultFile, TestResults } from './types.js';

/** The run's results from each report's parse, in the order the reports were found. */
export function mergeResults(parsed: readonly (ResultFile | ParseProblem)[]): TestResults {
  const files = parsed.filter((p): p is ResultFile => p.kind === 'results');
  const problems = parsed.filter((p): p is ParseProblem => p.kind === 'problem');
  const sum = (count: (file: ResultFile) => number): number => files.reduce((total, file) => total + count(file), 0);
  return {
    files,
    problems,
    passed: sum((f) => f.passed),
    failed: sum((f) => f.failed),
    skipped: sum((f) => f.skipped),
    flaky: sum((f) => f.flaky),
    total: sum((f) => f.total),
    // Reports of one run are usually written one after the other (or by parallel shards, where
    // the sum is the machine time spent): the sum is what the run's tests took.
    durationMs: sum((f) => f.durationMs),
    failures: files.flatMap((f) => f.failures).sort(compareFailures),
  };
}

// By code point, not by locale: the order must be the same on every machine.
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Suite, then name, then report path, then classname: a total order on distinct failures. */
export function compareFailures(a: FailedTest, b: FailedTest): number {
  return byCodePoint(a.suite, b.suite) || byCodePoint(a.name, b.name) || byCodePoint(a.reportPath, b.reportPath) || byCodePoint(a.classname ?? '', b.classname ?? '');
}

// Test results as the renderers get them (results/types.ts ResultsRecord, ResultsReport), made
// from the committed real JUnit reports (__fixtures__/junit/, parsed and merged as a run's are),
// and hostile ones made here. The publication side (src/results/) fills these in a real run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseJUnit } from '../../src/results/junit.js';
import { mergeResults } from '../../src/results/merge.js';
import { MAX_RECORDED_FAILURES, type RecordedFailure, type ResultsRecord, type ResultsReport, type TestResults } from '../../src/results/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../__fixtures__/junit');
export const SAMPLE_REPORTS = ['vitest/results.xml', 'pytest/results.xml', 'playwright/results.xml', 'surefire/TEST-demo.CartTest.xml', 'gotestsum/results.xml'];

/** The five real reports of __fixtures__/junit/, read as published at `reports/<tool>/…`. */
export function sampleResults(reports = SAMPLE_REPORTS): TestResults {
  return mergeResults(reports.map((r) => parseJUnit(readFileSync(path.join(FIXTURES, r)), `reports/${r}`)));
}

/** The record a publication keeps; `outputsOf` says where a failure's outputs are. */
export function recordOf(t: TestResults, o: { outputsOf?: (f: RecordedFailure) => string | undefined; traces?: string[] } = {}): ResultsRecord {
  const failures = t.failures.slice(0, MAX_RECORDED_FAILURES).map((f) => {
    const recorded: RecordedFailure = { suite: f.suite, name: f.name, message: f.message, reportPath: f.reportPath, ...(f.classname !== undefined ? { classname: f.classname } : {}) };
    const outputs = o.outputsOf?.(recorded);
    return outputs !== undefined ? { ...recorded, outputsPath: outputs } : recorded;
  });
  const counts = (c: TestResults | TestResults['files'][number]) => ({ passed: c.passed, failed: c.failed, skipped: c.skipped, flaky: c.flaky, total: c.total, durationMs: c.durationMs });
  return {
    ...counts(t),
    reports: t.files.map((f) => ({ ...counts(f), path: f.reportPath })),
    failures,
    moreFailures: t.failures.length - failures.length,
    problems: t.problems,
    traces: o.traces ?? [],
  };
}

/** The record with absolute links, as PublishResult.results carries it (`base` ends in `/`). */
export function reportFor(record: ResultsRecord, base: string, o: { viewer?: boolean } = {}): ResultsReport {
  const url = (p: string): string => base + p.split('/').map(encodeURIComponent).join('/');
  return {
    ...record,
    pageUrl: `${base}index.html#results`,
    failureUrls: record.failures.map((f) => (f.outputsPath !== undefined ? url(f.outputsPath.endsWith('/') ? `${f.outputsPath}index.html` : f.outputsPath) : undefined)),
    reportUrls: record.reports.map((r) => url(r.path)),
    traceViewerUrls: record.traces.map((t) => (o.viewer === false ? undefined : `https://trace.playwright.dev/?trace=${encodeURIComponent(url(t))}`)),
  };
}

/** `n` failures with long, hostile names and messages. */
export function hostileRecord(n: number): ResultsRecord {
  const failures: RecordedFailure[] = Array.from({ length: Math.min(n, MAX_RECORDED_FAILURES) }, (_, i) => ({
    suite: `<script>alert(${i})</script> suite | with pipes`,
    name: `test ${i} @octocat \`rm -rf\` ](javascript:alert(1)) ${'x'.repeat(400)}\n# heading`,
    message: `expected <b>1</b> to be 2 @org/team #12 ~~strike~~\nsecond line ${'y'.repeat(400)}`,
    reportPath: 'reports/hostile.xml',
    outputsPath: `test-results/test-${i}/`,
  }));
  return {
    passed: 5, failed: n, skipped: 1, flaky: 0, total: n + 6, durationMs: 1000,
    reports: [{ path: 'reports/hostile.xml', passed: 5, failed: n, skipped: 1, flaky: 0, total: n + 6, durationMs: 1000 }],
    failures,
    moreFailures: n - failures.length,
    problems: [{ kind: 'problem', reportPath: 'reports/<img src=x>.xml', reason: 'the report declares a DOCTYPE @octocat' }],
    traces: [],
  };
}

// The test results of a run, as read from its JUnit XML reports: the one shape that every report
// format becomes (junit.ts makes a ResultFile per report, merge.ts sums them into TestResults),
// so that the renderers (comment, summary, pages, history) know nothing of XML. Types only.
//
// Every string here is the report's text verbatim, markup and `@mentions` included: escaping for
// HTML or Markdown is each renderer's job, since only it knows where the text lands.

/** The counts shared by one report file and by the whole run. */
export interface ResultCounts {
  /** Test cases whose final outcome was a pass (flaky ones included). */
  passed: number;
  /** Test cases that ended in a failure or an error. */
  failed: number;
  /** Test cases skipped, disabled, to-do or expected to fail (pytest's xfail). */
  skipped: number;
  /** Of the passed, those that failed first and passed on a retry, where the report shows it. */
  flaky: number;
  /** passed + failed + skipped: every test case once, whatever its retries. */
  total: number;
  /** Wall time the report gives (its `time` attributes, seconds → ms); 0 when it gives none. */
  durationMs: number;
}

/** One failed test case. */
export interface FailedTest {
  /** Name of the innermost `<testsuite>` that holds it ("" when it has none). */
  suite: string;
  name: string;
  classname?: string;
  /** Source file, when the report names one (`file` on the case or its suite). */
  file?: string;
  /** First line of the failure's message (or of its text when it has no message), bounded. */
  message: string;
  /** The report it came from, as given to the parser (a path relative to the outputs). */
  reportPath: string;
  /** Paths the report ties to the test (`[[ATTACHMENT|path]]` lines), as written there. */
  attachments: string[];
}

/** What one JUnit report holds. */
export interface ResultFile extends ResultCounts {
  kind: 'results';
  reportPath: string;
  /** Failed tests in the report's order. */
  failures: FailedTest[];
}

/** A report that could not be read: a warning for the run, never a failure of it. */
export interface ParseProblem {
  kind: 'problem';
  reportPath: string;
  /** One line, for a warning: "too large (200.0 MB, the limit is 50.0 MB)". */
  reason: string;
}

/** Every report of a run together. */
export interface TestResults extends ResultCounts {
  /** The reports read, in the order given. */
  files: ResultFile[];
  /** The reports that could not be read, in the order given. */
  problems: ParseProblem[];
  /** All failures, sorted by suite, name, then report (a stable order between runs). */
  failures: FailedTest[];
}

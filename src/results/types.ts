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

// ---------------------------------------------------------------------------------------------
// As published (issue 17): what the publication keeps of the results (the manifest's `results`,
// the root page, the history entry) and what the drivers report (comment, summary, outputs).
// Paths are relative to the publication's root, as the manifest's file paths are; the renderers
// make links of them (relativeHref for pages, the store's URLs for the comment and summary).

/** Failures the manifest, the root page and the drivers keep at most; the rest are counted. */
export const MAX_RECORDED_FAILURES = 100;

/** A failed test as published: the report's facts and where its outputs are, when found. */
export interface RecordedFailure {
  suite: string;
  name: string;
  classname?: string;
  message: string;
  /** The report it came from (a path in the publication). */
  reportPath: string;
  /** The test's own outputs: a folder (ends in `/`) or a file in the publication, when found
   * (Playwright's `test-results/<test>/`, a file named after the test, an ATTACHMENT line). */
  outputsPath?: string;
}

/** How the failures changed since the baseline of the comparison (compare/), by suite + name. */
export interface ResultsSinceBase {
  /** The baseline's label, as the comparison shows it (`main`, `#12`, a prefix). */
  label: string;
  /** Failing here, passing (or absent) in the baseline. */
  newlyFailing: number;
  /** Failing in the baseline, passing here. */
  fixed: number;
  /** Names ("suite › name") of the newly failing, at most MAX_RECORDED_FAILURES. */
  newlyFailingNames: string[];
}

/** The manifest's `results` record and what the root page shows. */
export interface ResultsRecord extends ResultCounts {
  /** The JUnit reports read (paths in the publication), each with its own counts. */
  reports: (ResultCounts & { path: string })[];
  /** The first MAX_RECORDED_FAILURES failures, in mergeResults' order. */
  failures: RecordedFailure[];
  /** Failures beyond those listed. */
  moreFailures: number;
  /** Reports that could not be read, with why (each was also a warning). */
  problems: ParseProblem[];
  /** Playwright traces (`trace.zip`) among the outputs, paths in the publication. */
  traces: string[];
  sinceBase?: ResultsSinceBase;
}

/** What the drivers get (PublishResult.results): the record with links made absolute (signed in
 * link-mode presigned), for the comment, the summary and the outputs. */
export interface ResultsReport extends ResultsRecord {
  /** The root page's results section (`…/index.html#results`). */
  pageUrl: string;
  /** Parallel to `failures`: the URL of each failure's outputs, when it has any. */
  failureUrls: (string | undefined)[];
  /** Parallel to `reports`. */
  reportUrls: string[];
  /** Parallel to `traces`: the trace viewer's link for each, when the link mode allows one
   * (a URL the viewer can fetch: not for presigned links that expire before a reviewer looks). */
  traceViewerUrls: (string | undefined)[];
}

// One JUnit XML report → a ResultFile (counts, failures, their attachments), or a ParseProblem
// with a one-line reason. Pure: the bytes come in, a value goes out (junit-file.ts reads files).
//
// JUnit is a family of dialects, not one schema. What is read, and from which tools it comes:
// - counts from the `<testcase>` elements, never from the suites' `tests`/`failures` attributes,
//   which tools get wrong (Surefire with reruns counts a test once per run);
// - failed: a case with `<failure>` or `<error>` (Surefire's `<rerunFailure>` beside them changes
//   nothing: it still failed); skipped: a case with `<skipped>` (pytest's xfail, Vitest's todo);
// - a test written once per attempt (gotestsum --rerun-fails, the `flaky` pytest plugin) counts
//   once: see tally();
// - flaky: a passed case with `<flakyFailure>`/`<flakyError>` (Maven Surefire, Gradle's
//   mergeReruns), a passing attempt beside failed ones (tally()), or a Playwright case that
//   passed while listing the `error-context.md` Playwright writes only for a failed attempt (its
//   JUnit reporter has no retry element). Vitest's JUnit shows no retries, and
//   pytest-rerunfailures writes only the last attempt (its pending change would add
//   `<flakyFailure>`, read here): their flaky tests count as plain passes;
// - durations from `time` (seconds): the root's when it has one, else the suites' summed;
// - attachments: `[[ATTACHMENT|path]]` lines in `<system-out>`/`<system-err>` (Jenkins' JUnit
//   attachments convention, which Playwright's reporter writes for every attachment), or in the
//   failure's text (Go's converters put the test's output there).
import { humanBytes } from '../util/format.js';
import { decodeXmlBytes, readProlog } from './junit-sniff.js';
import type { FailedTest, ParseProblem, ResultFile } from './types.js';
import { attribute, childElements, parseXml, textOf, type XmlElement } from './xml-tree.js';

/** Reports above this are refused unread: a parse holds several times the file in memory. */
export const MAX_JUNIT_BYTES = 50 * 1024 * 1024;

/** A failure message is cut to this many characters (it lands in a comment and a table). */
export const MAX_MESSAGE_CHARS = 300;

/** At most this many attachments are kept per test (a loop can print thousands). */
export const MAX_ATTACHMENTS = 50;

export interface JUnitOptions {
  maxBytes?: number;
}

/** The counts and failures of one JUnit report; `reportPath` names it in what comes out. */
export function parseJUnit(xml: Buffer | string, reportPath: string, options: JUnitOptions = {}): ResultFile | ParseProblem {
  const problem = (reason: string): ParseProblem => ({ kind: 'problem', reportPath, reason });
  const maxBytes = options.maxBytes ?? MAX_JUNIT_BYTES;
  const bytes = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
  if (bytes > maxBytes) return problem(tooLarge(bytes, maxBytes));

  const text = typeof xml === 'string' ? xml.replace(/^\uFEFF/, '') : decodeXmlBytes(xml);
  const prolog = readProlog(text);
  // JUnit reports have no DOCTYPE; one that brings its own is refused rather than half-read
  // (its entities would show as raw `&name;` references).
  if (prolog.doctype) return problem('has a DOCTYPE (entity declarations are not expanded): not a JUnit report this action reads');
  if (prolog.root !== 'testsuites' && prolog.root !== 'testsuite') {
    return problem(prolog.root === undefined ? 'no root element' : `its root element is <${prolog.root}>, not <testsuites> or <testsuite>`);
  }
  const tree = parseXml(text);
  if (typeof tree === 'string') return problem(tree);
  const root = childElements(tree, prolog.root)[0];
  if (root === undefined) return problem(`no <${prolog.root}> element`);

  const file: ResultFile = { kind: 'results', reportPath, passed: 0, failed: 0, skipped: 0, flaky: 0, total: 0, durationMs: 0, failures: [] };
  // `<testsuites>` reads as a suite too: a case right under it (rare, but seen) is not lost.
  const attempts: Attempt[] = [];
  readSuite(root, undefined, reportPath, attempts);
  tally(attempts, file);
  file.total = file.passed + file.failed + file.skipped;
  file.durationMs = durationMs(root);
  return file;
}

/** The one-line reason for a report over the size limit. */
export function tooLarge(bytes: number, maxBytes: number): string {
  return `too large (${humanBytes(bytes)}, the limit is ${humanBytes(maxBytes)}): not read`;
}

/** One `<testcase>` element: a test, or one attempt of it when a tool reports each retry. */
interface Attempt {
  key: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** A pass whose element shows a failed earlier attempt. */
  flaky: boolean;
  failure?: FailedTest;
}

// Suites nest (Jest, PHPUnit): a case belongs to its innermost suite, and inherits a `file`.
function readSuite(suite: XmlElement, parentFile: string | undefined, reportPath: string, into: Attempt[]): void {
  const suiteName = attribute(suite, 'name') ?? '';
  const suiteFile = attribute(suite, 'file') ?? parentFile;
  for (const testcase of childElements(suite, 'testcase')) into.push(readCase(testcase, suiteName, suiteFile, reportPath));
  for (const inner of childElements(suite, 'testsuite')) readSuite(inner, suiteFile, reportPath, into);
}

function readCase(testcase: XmlElement, suite: string, suiteFile: string | undefined, reportPath: string): Attempt {
  const name = attribute(testcase, 'name') ?? '';
  const classname = attribute(testcase, 'classname');
  const file = attribute(testcase, 'file') ?? suiteFile;
  const key = JSON.stringify([suite, classname ?? '', name, file ?? '']);
  const failure = childElements(testcase, 'failure')[0] ?? childElements(testcase, 'error')[0];
  if (failure !== undefined) {
    const failed: FailedTest = { suite, name, message: messageOf(failure), reportPath, attachments: attachmentsOf(testcase) };
    if (classname !== undefined) failed.classname = classname;
    if (file !== undefined) failed.file = file;
    return { key, outcome: 'failed', flaky: false, failure: failed };
  }
  if (childElements(testcase, 'skipped').length > 0) return { key, outcome: 'skipped', flaky: false };
  return { key, outcome: 'passed', flaky: isFlaky(testcase) };
}

/**
 * Counts each test once. gotestsum's `--rerun-fails` (and other rerunners) write one `<testcase>`
 * per attempt, same suite, class and name: a test with a passing attempt passed, and was flaky
 * if another attempt failed; one that never passed failed, with its first failure's message and
 * every failed attempt's attachments.
 */
function tally(attempts: readonly Attempt[], into: ResultFile): void {
  const tests = new Map<string, Attempt[]>();
  for (const attempt of attempts) {
    const same = tests.get(attempt.key);
    if (same === undefined) tests.set(attempt.key, [attempt]);
    else same.push(attempt);
  }
  for (const test of tests.values()) {
    const failures = test.flatMap((a) => (a.failure === undefined ? [] : [a.failure]));
    if (test.some((a) => a.outcome === 'passed')) {
      into.passed++;
      if (failures.length > 0 || test.some((a) => a.flaky)) into.flaky++;
    } else if (failures[0] !== undefined) {
      into.failed++;
      const attachments = [...new Set(failures.flatMap((f) => f.attachments))].slice(0, MAX_ATTACHMENTS);
      into.failures.push({ ...failures[0], attachments });
    } else into.skipped++;
  }
}

const isFlaky = (testcase: XmlElement): boolean =>
  childElements(testcase, 'flakyFailure').length > 0 ||
  childElements(testcase, 'flakyError').length > 0 ||
  attachmentsOf(testcase).some((p) => /(^|[/\\])error-context\.md$/.test(p));

/**
 * The first line of the message attribute, else of the element's text, bounded. Go's converters
 * (gotestsum, go-junit-report) write the message "Failed" and put the test's output in the text:
 * there the first output line says more.
 */
function messageOf(failure: XmlElement): string {
  const message = firstLine(attribute(failure, 'message') ?? '');
  const text = firstLine(textOf(failure));
  const line = (message === 'Failed' && text) || message || text || attribute(failure, 'type') || 'failed';
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line;
}

// Lines that frame a message rather than say it: `go test -v`'s markers, attachment lines.
const FRAMING = /^(?:=== (?:RUN|PAUSE|CONT|NAME)\b|--- (?:FAIL|PASS|SKIP):|(?:\S+\.go:\d+: )?\[\[ATTACHMENT\|[^\]]*\]\]$)/;

const firstLine = (text: string): string => {
  for (const line of text.split(/\r?\n|\r/)) {
    const trimmed = line.trim();
    if (trimmed !== '' && !FRAMING.test(trimmed)) return trimmed;
  }
  return '';
};

/**
 * `[[ATTACHMENT|path]]` lines of the case's output, in order, each once: `<system-out>` and
 * `<system-err>` (Jenkins' convention, Playwright, pytest) and the failure's text, where Go's
 * converters put the test's output.
 */
function attachmentsOf(testcase: XmlElement): string[] {
  const found = new Set<string>();
  const outputs = ['system-out', 'system-err', 'failure', 'error'].flatMap((name) => childElements(testcase, name));
  for (const output of outputs) {
    for (const match of textOf(output).matchAll(/\[\[ATTACHMENT\|([^\]\r\n]+)\]\]/g)) {
      const path = match[1]!.trim();
      if (path !== '' && found.size < MAX_ATTACHMENTS) found.add(path);
    }
  }
  return [...found];
}

/** The element's own `time`, else the sum of its suites' and cases' durations. */
function durationMs(element: XmlElement): number {
  const own = seconds(attribute(element, 'time'));
  if (own !== undefined) return Math.round(own * 1000);
  const parts = [...childElements(element, 'testsuite'), ...childElements(element, 'testcase')];
  return parts.reduce((sum, part) => sum + durationMs(part), 0);
}

// Some tools write thousands separators ("1,234.5"); a value that is not a duration is none.
const seconds = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value.replace(/,/g, ''));
  return Number.isFinite(number) && number >= 0 ? number : undefined;
};

// fail-on-test-failure: the step's failure when any test failed (pure; the drivers fail with it
// after publishing and reporting, as fail-on-change does, so the pages and the comment show the
// failures first).
import type { ResultCounts } from './types.js';

/** The one-line failure, or undefined when no test failed (or no results were read). */
export function testFailure(results: ResultCounts | undefined): string | undefined {
  if (results === undefined || results.failed === 0) return undefined;
  return `${results.failed} ${results.failed === 1 ? 'test' : 'tests'} failed (fail-on-test-failure)`;
}

// A run's test results on the history pages (pure): a pass/fail mark and the compact counts
// ("3 failed · 120 passed"), for a publication's row on the run page and, summed over its
// publications, for the run's row on the repository page. Entries are read back from the bucket,
// where anyone who can write could plant anything: counts that are not whole numbers show nothing.
import type { ResultCounts } from '../results/types.js';
import { countsText, resultMark } from '../results/wording.js';

export interface ResultsCell {
  mark: '❌' | '✅';
  /** For `aria-label` (role="img"): "failed" or "passed". */
  markLabel: 'failed' | 'passed';
  /** "3 failed · 120 passed" (skipped and flaky are on the publication's root page). */
  counts: string;
}

const whole = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The counts an entry records, when they are counts. */
export function entryCounts(results: unknown): Pick<ResultCounts, 'passed' | 'failed'> | undefined {
  if (typeof results !== 'object' || results === null) return undefined;
  const { passed, failed } = results as Record<string, unknown>;
  return whole(passed) && whole(failed) ? { passed, failed } : undefined;
}

/** The cell for the entries' results together; undefined when none has any. */
export function resultsCell(entries: readonly unknown[]): ResultsCell | undefined {
  const counts = entries.map(entryCounts).filter((c) => c !== undefined);
  if (counts.length === 0) return undefined;
  const sum = { passed: 0, failed: 0, skipped: 0, flaky: 0, total: 0, durationMs: 0 };
  for (const c of counts) {
    sum.passed += c.passed;
    sum.failed += c.failed;
  }
  const m = resultMark(sum);
  return { mark: m.mark, markLabel: m.label, counts: countsText(sum) };
}

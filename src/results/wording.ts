// The words every renderer of test results shares (pure, plain text): the counts
// ("3 failed · 120 passed · 4 skipped · 1 flaky"), the status line with its mark, a failure's
// name ("suite › name"), and the cuts that keep a report's text to one bounded line. Here, not in
// github/, so that the comment, the summary, the root page and the history pages say the same
// thing without report/ or history/ importing the drivers' code. Escaping is each caller's job.
import type { ResultCounts, ResultsSinceBase } from './types.js';

/** Cut to `max` characters with an ellipsis, never between the halves of a surrogate pair. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/** One line: a newline in a name would end a Markdown list item and start a heading or a fence;
 * control characters go too. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** The counts in words: "3 failed · 120 passed · 4 skipped · 1 flaky"; passed is always there,
 * the others only when not 0. */
export function countsText(c: ResultCounts): string {
  return [
    c.failed > 0 ? `${c.failed} failed` : '',
    `${c.passed} passed`,
    c.skipped > 0 ? `${c.skipped} skipped` : '',
    c.flaky > 0 ? `${c.flaky} flaky` : '',
  ].filter((p) => p !== '').join(' · ');
}

/** The mark of a run: ❌ when a test failed, ✅ otherwise, and its words for a screen reader. */
export function resultMark(c: Pick<ResultCounts, 'failed'>): { mark: '❌' | '✅'; label: 'failed' | 'passed' } {
  return c.failed > 0 ? { mark: '❌', label: 'failed' } : { mark: '✅', label: 'passed' };
}

/** "❌ 3 failed · 120 passed · 4 skipped · 1 flaky", or "✅ 124 passed" when none failed. */
export function statusLine(c: ResultCounts): string {
  return `${resultMark(c).mark} ${countsText(c)}`;
}

/** "suite › name", one line; just the name when the suite is empty or is the name. */
export function failureName(f: { suite: string; name: string }): string {
  const suite = oneLine(f.suite);
  const name = oneLine(f.name);
  return suite === '' || suite === name ? name : `${suite} › ${name}`;
}

/** "2 newly failing, 1 fixed"; "No change in failures" (each renderer adds "since <label>"). */
export function sinceBaseWords(s: Pick<ResultsSinceBase, 'newlyFailing' | 'fixed'>): string {
  const parts = [s.newlyFailing > 0 ? `${s.newlyFailing} newly failing` : '', s.fixed > 0 ? `${s.fixed} fixed` : ''].filter((p) => p !== '');
  return parts.length === 0 ? 'No change in failures' : parts.join(', ');
}

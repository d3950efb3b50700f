// The test results as the command line prints them (issue 17): the status line the comment
// starts with, the change since the baseline, then up to 10 failures with the link to their
// outputs, the rest behind "and N more" and the page. Plain text for a terminal: every string from
// a report is hostile, so control characters (escape sequences that would recolour or rewrite
// the terminal, C1 controls) and bidirectional overrides (which reorder what the line seems to
// say) are removed, and each name and message is cut to one bounded line.
import { COMMENT_FAILURES, MAX_MESSAGE_CHARS, MAX_NAME_CHARS, failureName, shorten, statusLine } from '../github/results-lines.js';
import type { ResultsReport } from '../results/types.js';
import { sinceBaseWords } from '../results/wording.js';

/** A report's text for the terminal: one line, no control or bidi characters, bounded. */
export function terminalText(text: string, max: number): string {
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  return shorten(plain, max);
}

/** "tests: ❌ 3 failed · 120 passed", the change since the baseline, the failures listed. The
 * unreadable reports are not repeated: each was a warning on stderr. */
export function resultsText(r: ResultsReport): string[] {
  const lines = [`tests: ${statusLine(r)}`];
  const s = r.sinceBase;
  if (s) {
    lines.push(`  ${sinceBaseWords(s)} since ${terminalText(s.label, MAX_NAME_CHARS)}`);
  }
  const listed = r.failures.slice(0, COMMENT_FAILURES);
  for (const [i, f] of listed.entries()) {
    const message = terminalText(f.message, MAX_MESSAGE_CHARS);
    lines.push(`  failed: ${terminalText(failureName(f), MAX_NAME_CHARS)}${message !== '' ? ` — ${message}` : ''}`);
    const url = r.failureUrls[i];
    if (url !== undefined) lines.push(`    ${url}`);
  }
  const more = r.failures.length - listed.length + r.moreFailures;
  if (more > 0) lines.push(`  and ${more} more: ${r.pageUrl}`);
  return lines;
}

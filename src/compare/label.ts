// How a baseline is named on pages, in the comment and in the summary (pure):
// `main @ abc1234 (run #120)`, with only what is known.
import type { Baseline } from './types.js';

export function baselineLabel(b: Baseline): string {
  const where = b.branch !== undefined && b.branch !== '' ? b.branch : b.prefix;
  const commit = b.commit !== undefined && b.commit !== '' ? ` @ ${b.commit.slice(0, 7)}` : '';
  const run = b.runNumber !== undefined && b.runNumber !== '' ? ` (run #${b.runNumber})` : b.runId !== undefined && b.runId !== '' ? ` (run ${b.runId})` : '';
  return `${where}${commit}${run}`;
}

/** `3 changed · 1 added · 1 removed`, leaving out the zeros; `no changes` when all are. */
export function changeCounts(c: { changed: number; added: number; removed: number }): string {
  const parts = [
    ...(c.changed > 0 ? [`${c.changed} changed`] : []),
    ...(c.added > 0 ? [`${c.added} added`] : []),
    ...(c.removed > 0 ? [`${c.removed} removed`] : []),
  ];
  return parts.length === 0 ? 'no changes' : parts.join(' · ');
}

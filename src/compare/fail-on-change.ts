// fail-on-change: the step's failure when a golden-output publication differs from its baseline
// (pure; the drivers fail with it after publishing and reporting, so the pages show the change).
import type { ComparisonReport } from './types.js';
import { changeCounts } from './label.js';

const LISTED = 20;

/** The failure message, or undefined when nothing changed or there was nothing to compare with. */
export function changeFailure(c: ComparisonReport | undefined): string | undefined {
  if (c === undefined || c.outcome === 'no-baseline') return undefined;
  if (c.outcome === 'failed') return `fail-on-change: the comparison with the baseline could not be made (${c.reason ?? 'unknown reason'}), so the outputs could not be checked`;
  const all = [...c.changed.map((p) => `  changed: ${p}`), ...c.added.map((p) => `  added: ${p}`), ...c.removed.map((p) => `  removed: ${p}`)];
  if (all.length === 0) return undefined;
  const more = all.length > LISTED ? [`  and ${all.length - LISTED} more${c.url ? `: ${c.url}` : ''}`] : [];
  const counts = changeCounts({ changed: c.changed.length, added: c.added.length, removed: c.removed.length });
  return [`fail-on-change: ${counts} since ${c.label ?? 'the baseline'}:`, ...all.slice(0, LISTED), ...more].join('\n');
}

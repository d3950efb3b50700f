// The list of a comparison's changes as a page shows it (pure): on the publication's root page
// (the first rows of each kind, and a link to the rest) and on the comparison's own page (all of
// them). Links are relative to the page that shows them: the base versions are in the other
// publication of the same bucket.
import { joinKey, relativeHref } from '../files/keys.js';
import { INDEX_NAME } from '../layout.js';
import { humanBytes } from '../util/format.js';
import { baselineLabel, changeCounts } from './label.js';
import type { ChangeRowView, ComparisonSectionView } from '../report/comparison-view.js';
import type { ComparisonOutcome, FileChange } from './types.js';

export type { ChangeRowView, ComparisonSectionView };

/** Rows of each kind the root page shows; the comparison's page shows them all. */
export const ROOT_PAGE_ROWS = 20;
/** Rows of each kind the comparison's page shows at most (a page stays a page). */
export const LIST_PAGE_ROWS = 5000;


export interface SectionOptions {
  /** Key of the page that shows the section. */
  pageKey: string;
  prefix: string;
  rows: number;
}

function row(change: FileChange, o: SectionOptions, page?: string, summary?: string): ChangeRowView {
  return {
    name: change.path,
    ...(page !== undefined ? { compareHref: relativeHref(o.pageKey, joinKey(o.prefix, page)) } : {}),
    ...(change.base ? { baseHref: relativeHref(o.pageKey, change.base.key) } : {}),
    ...(change.head ? { headHref: relativeHref(o.pageKey, change.head.key) } : {}),
    summary: summary ?? humanBytes((change.head ?? change.base)?.size ?? 0),
  };
}

export function comparisonSection(outcome: ComparisonOutcome, o: SectionOptions): ComparisonSectionView {
  if (outcome.kind !== 'compared') {
    const heading = 'Changes';
    const none = outcome.kind === 'no-baseline' ? `Not compared: ${outcome.reason}.` : `The comparison could not be made: ${outcome.reason}.`;
    return { heading, counts: '', none, changed: [], added: [], removed: [] };
  }
  const c = outcome.comparison;
  const counts = changeCounts({ changed: c.changed.length, added: c.added.length, removed: c.removed.length });
  const hidden = Math.max(0, c.changed.length - o.rows) + Math.max(0, c.added.length - o.rows) + Math.max(0, c.removed.length - o.rows);
  const listKey = joinKey(o.prefix, c.listPath);
  return {
    heading: `Changes since ${baselineLabel(c.baseline)}`,
    baselineHref: relativeHref(o.pageKey, joinKey(c.baseline.prefix, INDEX_NAME)),
    ...(c.baseline.note !== '' ? { note: c.baseline.note } : {}),
    counts: `${counts}${c.unchanged > 0 ? ` · ${c.unchanged} unchanged` : ''}`,
    changed: c.changed.slice(0, o.rows).map((x) => row(x, o, x.page, x.summary)),
    added: c.added.slice(0, o.rows).map((x) => row(x, o)),
    removed: c.removed.slice(0, o.rows).map((x) => row(x, o)),
    ...(hidden > 0 && listKey !== o.pageKey ? { allHref: relativeHref(o.pageKey, listKey), more: `${hidden} more` } : {}),
  };
}

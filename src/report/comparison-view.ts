// What the root page's section on the comparison with the baseline shows (pure types); built by
// compare/list-model.ts, rendered by templates/compare-list.mustache.
export interface ChangeRowView {
  name: string;
  /** The comparison page (changed images and text). */
  compareHref?: string;
  baseHref?: string;
  headHref?: string;
  summary: string;
}

export interface ComparisonSectionView {
  heading: string;
  /** The baseline publication's root page. */
  baselineHref?: string;
  note?: string;
  counts: string;
  /** Why there is no comparison. */
  none?: string;
  changed: ChangeRowView[];
  added: ChangeRowView[];
  removed: ChangeRowView[];
  /** The full list, when the rows here are not all of them. */
  allHref?: string;
  more?: string;
}

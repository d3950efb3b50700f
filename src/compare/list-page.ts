// The comparison's own page, `<compareDir>/index.html`: every change, with the same rows as the
// root page's section (list-model.ts). No script: its CSP allows none.
import Mustache from 'mustache';
import { relativeHref } from '../files/keys.js';
import { INDEX_NAME } from '../layout.js';
import { wbrLambda } from '../report/break-names.js';
import { COMPARE_CSP } from '../report/csp.js';
import { templates } from '../report/templates.generated.js';
import { comparisonSection, LIST_PAGE_ROWS, type ComparisonSectionView } from './list-model.js';
import type { ComparisonOutcome } from './types.js';


export interface ListPageView {
  title: string;
  testName: string;
  breadcrumbs: { name: string; href: string }[];
  section: ComparisonSectionView;
}

export function listPageView(outcome: ComparisonOutcome & { kind: 'compared' }, o: { prefix: string; testName: string; pageKey: string }): ListPageView {
  return {
    title: `changes · ${o.testName}`,
    testName: o.testName,
    breadcrumbs: [{ name: o.testName, href: relativeHref(o.pageKey, `${o.prefix}/${INDEX_NAME}`) }],
    section: comparisonSection(outcome, { pageKey: o.pageKey, prefix: o.prefix, rows: LIST_PAGE_ROWS }),
  };
}

export function renderListPage(view: ListPageView): string {
  return Mustache.render(templates['compare-index.mustache'], { ...view, csp: COMPARE_CSP, wbr: wbrLambda }, { head: templates['head.mustache'], compareList: templates['compare-list.mustache'] });
}

// Renders the pages of a history level to HTML (pure), with the report's head and stylesheet.
// The repository page's filter is its one inline script, allowed by its hash in the page's
// Content-Security-Policy like the file tables' sort script (report/render.ts).
import Mustache from 'mustache';
import { pageCsp } from '../report/csp.js';
import { templates } from '../report/templates.generated.js';
import type { RunRow, TestRow } from './model.js';
import type { HistoryPage, LevelView } from './pages.js';

const filterScript = templates['history-filter.js.txt'];
export const HISTORY_CSP = pageCsp(filterScript);

const partials = { head: templates['head.mustache'], pageStyle: templates['history-style.mustache'], pageNav: templates['page-nav.mustache'] };

export function renderRepository(view: LevelView<RunRow>): string {
  return Mustache.render(templates['repository.mustache'], { ...view, csp: HISTORY_CSP, script: filterScript }, partials);
}

export function renderRun(view: LevelView<TestRow>): string {
  return Mustache.render(templates['run.mustache'], { ...view, csp: HISTORY_CSP }, partials);
}

export function renderHistoryPage(p: HistoryPage): string {
  return p.kind === 'repository' ? renderRepository(p.page.view) : renderRun(p.page.view);
}

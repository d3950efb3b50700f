// Renders views to HTML with mustache (pure). Mustache escapes names for HTML; URLs are
// encoded by the model, segment by segment, before they get here. The templates are edited in
// templates/ and reach this file as a generated module (scripts/gen-templates.mjs says why), so
// that the bundle, tsx and vitest all load them alike.
import Mustache from 'mustache';
import { wbrLambda } from './break-names.js';
import { pageCsp } from './csp.js';
import type { DirectoryView } from './model.js';
import type { ParentView } from './parent-model.js';
import { templates } from './templates.generated.js';

const directoryTemplate = templates['directory.mustache'];
const parentTemplate = templates['parent.mustache'];
const sortScript = templates['sort-table.js.txt'];

// The pages allow their one script, the file tables' sort (csp.ts).
export const PAGE_CSP = pageCsp(sortScript);

// Every page shares its head: metadata, the Content-Security-Policy and the stylesheet.
const partials = { head: templates['head.mustache'], compareList: templates['compare-list.mustache'], resultsSection: templates['results-section.mustache'] };
// The results section's style joins the head only on the page that has one, so that every other
// page keeps its bytes (and its golden file).
const withResults = { ...partials, pageStyle: templates['results-style.mustache'] };

export function renderDirectory(view: DirectoryView): string {
  return Mustache.render(directoryTemplate, { ...view, csp: PAGE_CSP, script: sortScript, wbr: wbrLambda }, view.results ? withResults : partials);
}

export function renderParent(view: ParentView): string {
  return Mustache.render(parentTemplate, { ...view, csp: PAGE_CSP, wbr: wbrLambda }, partials);
}

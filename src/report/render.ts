// Renders views to HTML with mustache (pure). Mustache escapes names for HTML; URLs are
// encoded by the model, segment by segment, before they get here. The templates are edited in
// templates/ and reach this file as a generated module (scripts/gen-templates.mjs says why), so
// that the bundle, tsx and vitest all load them alike.
import Mustache from 'mustache';
import { createHash } from 'node:crypto';
import { wbrLambda } from './break-names.js';
import type { DirectoryView } from './model.js';
import type { ParentView } from './parent-model.js';
import { templates } from './templates.generated.js';

const directoryTemplate = templates['directory.mustache'];
const parentTemplate = templates['parent.mustache'];
const sortScript = templates['sort-table.js.txt'];

// The pages allow nothing but their own inline style and this one script (by hash), and
// images from their own origin: a hostile file name can never bring script or load anything.
const SCRIPT_HASH = `'sha256-${createHash('sha256').update(sortScript).digest('base64')}'`;
export const PAGE_CSP = `default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; base-uri 'none'; form-action 'none'`;

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

// Renders views to HTML with mustache (pure). Mustache escapes names for HTML; URLs are
// encoded by the model, segment by segment, before they get here.
import Mustache from 'mustache';
import type { DirectoryView } from './model.js';
import type { ParentView } from './parent-model.js';
import directoryTemplate from './templates/directory.mustache';
import parentTemplate from './templates/parent.mustache';

export function renderDirectory(view: DirectoryView): string {
  return Mustache.render(directoryTemplate, view);
}

export function renderParent(view: ParentView): string {
  return Mustache.render(parentTemplate, view);
}

// Renders views to HTML with mustache (pure). Mustache escapes names for HTML; URLs are
// encoded by the model, segment by segment, before they get here.
import Mustache from 'mustache';
import type { DirectoryView } from './model.js';
import directoryTemplate from './templates/directory.mustache';

export function renderDirectory(view: DirectoryView): string {
  return Mustache.render(directoryTemplate, view);
}

// The comparison's one line in the PR comment and the job summary (pure): "3 changed · 1 added ·
// 1 removed since main @ abc1234 (run #120)", linking the list of changes. HTML (both render it):
// names escaped, mentions broken (text.ts).
import { changeCounts } from '../compare/label.js';
import type { ComparisonReport } from '../publication/types.js';
import { escapeHtml, safeText } from './text.js';

export function comparisonLine(c: ComparisonReport): string {
  if (c.outcome === 'no-baseline') return `Not compared with a baseline: ${safeText(c.reason ?? 'none found')}.`;
  if (c.outcome === 'failed') return `⚠️ The comparison with the baseline could not be made: ${safeText(c.reason ?? 'unknown reason')}.`;
  const counts = changeCounts({ changed: c.changed.length, added: c.added.length, removed: c.removed.length });
  const text = counts === 'no changes' ? 'No changes' : counts;
  const linked = c.url !== undefined ? `<a href="${escapeHtml(c.url)}">${text}</a>` : text;
  return `${linked} since <code>${safeText(c.label ?? 'the baseline')}</code>`;
}

/** The changed images' difference overlays, each linking its comparison page. */
export function changedImages(c: ComparisonReport, max: number): string {
  return c.images
    .slice(0, max)
    .map((i) => `<a href="${escapeHtml(i.url)}"><img src="${escapeHtml(i.imageUrl)}" alt="${safeText(`changes in ${i.name}`)}" height="120"></a>`)
    .join(' ');
}

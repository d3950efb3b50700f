// The job summary (pure): the same facts as the outputs, readable at a glance. Names are
// HTML-escaped; GitHub renders the summary as Markdown with HTML allowed.
export interface SummaryFacts {
  testName: string;
  url: string;
  files: number;
  bytes: string;
  failed: { path: string; reason: string }[];
  prefix: string;
  bucket: string;
  /** Presigned links: when they stop working, e.g. "2026-12-04 16:02:56 UTC". */
  linksExpire?: string;
}

const MAX_FAILURES_LISTED = 50;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|\\[\]*_]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderSummary(f: SummaryFacts): string {
  const lines = [
    `<h3>Test outputs: ${escapeHtml(f.testName)}</h3>`,
    `<p><a href="${escapeHtml(f.url)}"><strong>Browse the outputs</strong></a></p>`,
    ...(f.linksExpire ? [`<p>These are presigned links to a private bucket: they stop working at <strong>${escapeHtml(f.linksExpire)}</strong>.</p>`] : []),
    '<table>',
    `<tr><th align="left">Files</th><td>${f.files}</td></tr>`,
    `<tr><th align="left">Size</th><td>${escapeHtml(f.bytes)}</td></tr>`,
    `<tr><th align="left">Failed</th><td>${f.failed.length}</td></tr>`,
    `<tr><th align="left">Location</th><td><code>s3://${escapeHtml(f.bucket)}/${escapeHtml(f.prefix)}/</code></td></tr>`,
    '</table>',
  ];
  if (f.failed.length > 0) {
    lines.push('<p><strong>Failed to upload:</strong></p>', '<ul>');
    for (const x of f.failed.slice(0, MAX_FAILURES_LISTED)) {
      lines.push(`<li><code>${escapeHtml(x.path)}</code>: ${escapeHtml(x.reason)}</li>`);
    }
    if (f.failed.length > MAX_FAILURES_LISTED) lines.push(`<li>and ${f.failed.length - MAX_FAILURES_LISTED} more</li>`);
    lines.push('</ul>');
  }
  return lines.join('\n') + '\n';
}

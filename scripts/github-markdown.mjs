// @ts-check
// The job summary and the pull-request comment as GitHub shows them, for the demo: GitHub-
// flavoured Markdown (markdown-it: tables, strikethrough, autolinks) with raw HTML allowed, as
// GitHub allows it, then sanitised (sanitize-html) to the elements and attributes GitHub keeps
// (its html-pipeline allowlist, in short): details/summary, img, table, sub… stay; script, style,
// event handlers, iframes and javascript: URLs go. The page around it has a
// Content-Security-Policy with no script source at all, so even markup the sanitiser let through
// could not run. Pure.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: true, linkify: true });

/** @type {sanitizeHtml.IOptions} */
const GITHUB_ALLOWLIST = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'div', 'span', 'a', 'img', 'picture', 'source',
    'b', 'i', 'strong', 'em', 'code', 'pre', 'kbd', 'samp', 'var', 'tt', 'del', 's', 'strike', 'ins', 'sub', 'sup', 'q', 'mark', 'small',
    'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details', 'summary',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'name'],
    img: ['src', 'alt', 'title', 'width', 'height', 'align'],
    source: ['srcset', 'media'],
    details: ['open'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    div: ['align'],
    p: ['align'],
    ol: ['start'],
    '*': ['id'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'srcset'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

// No script source at all; images from the S3 server the pages live on; the page's own style.
export const MARKDOWN_PAGE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Markdown with HTML, as GitHub renders a comment or a job summary. @param {string} text */
export function renderGithubMarkdown(text) {
  return sanitizeHtml(markdown.render(text), GITHUB_ALLOWLIST);
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A page that shows rendered Markdown as GitHub frames it: a title, what the reader is looking at,
 * and the body in a bordered box.
 * @param {{ title: string, caption: string, markdown: string }} page
 */
export function markdownPage({ title, caption, markdown: text }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${MARKDOWN_PAGE_CSP}">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --line: #d1d9e0; --row: #f6f8fa; --link: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --row: #151b23; --link: #4493f8; } }
body { margin: 0; padding: 1.5rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 56rem; margin: 0 auto; }
a { color: var(--link); }
.caption { color: var(--muted); margin: 0 0 1rem; }
.markdown { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; overflow-wrap: break-word; }
.markdown table { border-collapse: collapse; display: block; max-width: 100%; overflow: auto; }
.markdown th, .markdown td { border: 1px solid var(--line); padding: .3rem .8rem; }
.markdown img { max-width: 100%; }
.markdown code { background: var(--row); padding: .1rem .3rem; border-radius: 4px; }
@media (max-width: 40rem) { body { padding: .75rem; } .markdown { padding: .75rem; } }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="caption">${escapeHtml(caption)}</p>
<article class="markdown">
${renderGithubMarkdown(text)}
</article>
</main>
</body>
</html>
`;
}

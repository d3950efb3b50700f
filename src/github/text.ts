// Text from users (test names, headers, file names, error reasons) made safe to put in GitHub
// Markdown: HTML and Markdown syntax escaped, and mentions, issue references and autolinks
// broken, so that a comment or a job summary never pings anyone or cross-links an issue.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|\\[\]*_]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Invisible, and breaks every pattern below: GitHub matches mentions and references on the
 * text after HTML entities are decoded, so escaping `@` or `#` as an entity would not do. */
const ZWSP = '\u200B';

/**
 * `@user`, `@org/team`, `#12`, `owner/repo#12`, `GH-12`, `https://…` and `www.…` with a zero-width
 * space after the character GitHub keys on: the text reads the same and links nothing.
 */
export function neutraliseReferences(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWSP}`)
    .replace(/#(?=\p{N})/gu, `#${ZWSP}`)
    .replace(/\b(gh)-(?=\p{N})/giu, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/** User text for a text position (not a URL): references broken first, since escaping adds `&#…;`
 * entities that would read as issue references. */
export function safeText(text: string): string {
  return escapeHtml(neutraliseReferences(text));
}

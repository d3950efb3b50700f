// Where a long name may wrap on a narrow screen: after `/`, `-`, `_` and `.`, the boundaries a
// reader sees in a path ("photos/", "open-report"), never mid-word. The pages mark those places
// with <wbr> (a break opportunity that adds no character: copying the name copies it as it is);
// CSS `overflow-wrap: anywhere` breaks inside a segment only when one alone is wider than its
// cell (head.mustache).
//
// It works on text that mustache has already escaped for HTML, so nothing here can produce
// markup from a name: the only tag it adds is <wbr>, and only between characters of text
// content (the templates use it in element content, never in an attribute). mustache.js escapes
// `/` as `&#x2F;`; no entity it writes contains `-`, `_` or `.`.
const BOUNDARY = /(&#x2F;|[-_.])(?=.)/g;

export function breakAtBoundaries(escapedHtml: string): string {
  return escapedHtml.replace(BOUNDARY, '$1<wbr>');
}

/** A mustache lambda: `{{#wbr}}{{name}}{{/wbr}}` renders the name escaped, with <wbr> added. */
export function wbrLambda() {
  return (text: string, render: (template: string) => string): string => breakAtBoundaries(render(text));
}

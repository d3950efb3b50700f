// The comparison page of a changed text file (pure): the view of a TextDiff and its rendering
// with templates/compare-text.mustache under the shared head and compare-header. The page has no
// script at all, so its Content-Security-Policy allows none; mustache escapes every line and cell
// (the templates never triple-stache), so a hostile line shows as the text it is.
import Mustache from 'mustache';
import { wbrLambda } from '../report/break-names.js';
import { COMPARE_CSP } from '../report/csp.js';
import { templates } from '../report/templates.generated.js';
import { humanBytes } from '../util/format.js';
import type { ComparisonPageHead, DiffHunk, LineEnding, TextDiff } from './types.js';

const partials = {
  head: templates['head.mustache'],
  compareHeader: templates['compare-header.mustache'],
  pageStyle: templates['compare-text-style.mustache'],
};

export interface TextLineRow {
  kind: 'context' | 'added' | 'removed';
  /** Empty on the side a line is not in (set, so that mustache never looks it up further out). */
  baseLine: string;
  headLine: string;
  mark: '+' | '−' | '';
  text: string;
  /** Characters cut from a line too long to show (`12,345`); empty when none. */
  more: string;
  noNewlineAtEnd: boolean;
}

export interface TextPageView extends ComparisonPageHead {
  /** `1.2 KB → 1.3 KB`. */
  sizes: string;
  /** The changed lines, counted over the whole diff; absent when the texts were too different. */
  counts?: { added: string; removed: string };
  tooDifferent?: { lines: string };
  /** The diff shown is cut: how much of it is shown. */
  truncated?: { shown: string };
  /** `CRLF → LF`. */
  lineEndings?: string;
  /** Some line was longer than MAX_LINE_CHARS: `5,000 characters`. */
  longLines?: string;
  /** No line changed, though the bytes did: what differs instead. */
  sameLines?: string;
  hasNotes: boolean;
  cells?: { note: string; rows: { row: string; column: string; base: string; head: string }[] };
  hunks: { header: string; lines: TextLineRow[] }[];
}

// A line shown is cut after this many characters (UTF-16 units): a minified bundle or a JSON
// document on one line would otherwise put megabytes into a table cell, twice.
export const MAX_LINE_CHARS = 5000;

const count = (n: number): string => n.toLocaleString('en');
const lines = (n: number): string => `${count(n)} ${n === 1 ? 'line' : 'lines'}`;
const ENDING_NAMES: Record<LineEnding, string> = { LF: 'LF', CRLF: 'CRLF', mixed: 'mixed CRLF and LF', none: 'none' };

/** What the page of a changed text shows, from the diff and both files' sizes in bytes. */
export function textPageView(head: ComparisonPageHead, diff: TextDiff, sizes: { base: number; head: number }): TextPageView {
  const hunks = diff.hunks.map((h) => ({ header: hunkHeader(h), lines: h.lines.map(lineRow) }));
  const shownLines = diff.hunks.reduce((n, h) => n + h.lines.length, 0);
  const view: TextPageView = {
    ...head,
    sizes: `${humanBytes(sizes.base)} → ${humanBytes(sizes.head)}`,
    hasNotes: false,
    hunks,
  };
  if (diff.tooDifferent) view.tooDifferent = { lines: `${lines(diff.tooDifferent.baseLines)} → ${lines(diff.tooDifferent.headLines)}` };
  else view.counts = { added: count(diff.addedLines), removed: count(diff.removedLines) };
  if (diff.truncated && !diff.tooDifferent) view.truncated = { shown: lines(shownLines) };
  if (hunks.some((h) => h.lines.some((l) => l.more !== ''))) view.longLines = `${count(MAX_LINE_CHARS)} characters`;
  if (diff.lineEndings) view.lineEndings = `${ENDING_NAMES[diff.lineEndings.base]} → ${ENDING_NAMES[diff.lineEndings.head]}`;
  if (!diff.tooDifferent && diff.hunks.length === 0) {
    view.sameLines = diff.lineEndings ? 'their line endings' : 'bytes a line does not show (a byte order mark, a line ending, or bytes that are not UTF-8)';
  }
  view.hasNotes = Boolean(view.tooDifferent ?? view.truncated ?? view.longLines ?? view.lineEndings ?? view.sameLines);
  if (diff.cells) {
    const n = diff.cells.length;
    const note = diff.cellsTruncated
      ? `The first ${count(n)} changed cells; more changed.`
      : n === 0
        ? 'No cell changed: the same values, written differently.'
        : `${count(n)} ${n === 1 ? 'cell' : 'cells'} changed (same columns, same number of rows).`;
    view.cells = { note, rows: diff.cells.map((c) => ({ row: count(c.row), column: c.column, base: c.base, head: c.head })) };
  }
  return view;
}

/** `@@ -7,12 +7,13 @@`, as a unified diff writes it (a count of 1 left out). */
function hunkHeader(h: DiffHunk): string {
  const side = (start: number, n: number): string => (n === 1 ? `${start}` : `${start},${n}`);
  return `@@ -${side(h.baseStart, h.baseLines)} +${side(h.headStart, h.headLines)} @@`;
}

function lineRow(l: DiffHunk['lines'][number]): TextLineRow {
  let text = l.text;
  if (text.length > MAX_LINE_CHARS) {
    // Never between the two halves of a surrogate pair.
    const at = /[\uD800-\uDBFF]/.test(text[MAX_LINE_CHARS - 1] ?? '') ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
    text = text.slice(0, at);
  }
  return {
    kind: l.kind,
    baseLine: l.baseLine === undefined ? '' : String(l.baseLine),
    headLine: l.headLine === undefined ? '' : String(l.headLine),
    mark: l.kind === 'added' ? '+' : l.kind === 'removed' ? '−' : '',
    text,
    more: text.length < l.text.length ? count(l.text.length - text.length) : '',
    noNewlineAtEnd: l.noNewlineAtEnd === true,
  };
}

/** The page's HTML. The header's path and breadcrumbs wrap after / - _ . like every page's
 * names (break-names.ts). */
export function renderTextPage(view: TextPageView): string {
  return Mustache.render(templates['compare-text.mustache'], { ...view, csp: COMPARE_CSP, wbr: wbrLambda }, partials);
}


// The difference of two versions of a text file (pure): which files are compared as text, their
// bytes read as text, and the unified diff a comparison page shows (text-page.ts), with the
// changed cells of a CSV/TSV. The diff itself is the `diff` package's (jsdiff, Myers' algorithm);
// this file bounds it, so that two large, unrelated logs cost a second, not minutes and memory,
// and turns its patch into the lines and numbers a page shows.
import path from 'node:path';
import { structuredPatch, type StructuredPatchHunk } from 'diff';
import { diffCells, type Delimiter } from './delimited.js';
import type { DiffHunk, DiffLine, LineEnding, TextDiff } from './types.js';

/** Each side of a text comparison is at most this large (bytes); a larger file is compared by
 * size and hash only. Diffing is linear in the size for similar texts; the page, not the diff,
 * is what a larger file would make too heavy. */
export const TEXT_COMPARE_LIMIT = 2 * 1024 * 1024;
export const DIFF_CONTEXT = 3;
/** Lines (context included) a page shows before it says the rest is cut. */
export const DIFF_MAX_LINES = 2000;
/** Changed cells a CSV/TSV page lists. */
export const DIFF_MAX_CELLS = 200;

// The bounds of the diff itself. Myers' algorithm costs about (edits)² on texts that share little,
// so it gives up past this many added plus removed lines (about a second here for 2 × 100,000
// unrelated lines), and after this long whatever the texts. Either way a diff that large would
// not fit in DIFF_MAX_LINES: the page says how many lines each side has instead.
const MAX_EDIT_LENGTH = 3000;
const DIFF_TIMEOUT_MS = 2000;

// Types that are text whatever their name. Beside them, text/* and any +json or +xml type.
const TEXT_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/xml',
  'application/yaml',
  'application/x-yaml',
  'application/toml',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/x-sh',
  'application/x-shellscript',
  'application/sql',
  'application/graphql',
  'application/x-tex',
  'application/x-latex',
  'application/x-httpd-php',
  'application/x-perl',
]);

// Names that are text when the type says nothing (application/octet-stream) or says something
// wrong: mime-types calls `.ts` MPEG transport stream video, `.rs` RSS, `.m` Objective-C or
// MATLAB. A file named so that is really binary is still caught by its bytes (decodeText).
const TEXT_EXTENSIONS = new Set(
  (
    'txt text log out err trace csv tsv tab json jsonl ndjson geojson yaml yml toml ini cfg conf properties env ' +
    'md markdown rst adoc asciidoc tex bib org xml xsd xsl html htm xhtml svg css scss sass less ' +
    'js mjs cjs jsx ts mts cts tsx vue svelte py pyi rb go rs java kt kts scala groovy gradle c h cc cpp cxx hpp hh hxx ' +
    'cs fs fsx swift m mm php pl pm r jl lua dart ex exs erl hs ml elm clj sh bash zsh fish ps1 psm1 bat cmd ' +
    'sql graphql gql proto cmake mk make makefile gnumakefile dockerfile containerfile jenkinsfile gemfile rakefile procfile tf hcl nix diff patch tap gitignore editorconfig lock'
  ).split(' '),
);

/** Whether a file is compared line by line: a text format by its Content-Type or, when the type
 * is generic or wrong, by its extension; and at most TEXT_COMPARE_LIMIT bytes (the caller asks
 * for each side). */
export function isComparableText(filePath: string, contentType: string, size: number): boolean {
  if (size > TEXT_COMPARE_LIMIT) return false;
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (essence.startsWith('text/') || TEXT_TYPES.has(essence) || essence.endsWith('+json') || essence.endsWith('+xml')) return true;
  return TEXT_EXTENSIONS.has(extensionOf(filePath));
}

/** The delimiter of a CSV or TSV, by name or type (the publication serves both as text/plain, so
 * the name is what usually tells); undefined for any other file. */
export function tableDelimiter(filePath: string, contentType: string): Delimiter | undefined {
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const ext = extensionOf(filePath);
  if (ext === 'csv' || essence === 'text/csv') return ',';
  if (ext === 'tsv' || ext === 'tab' || essence === 'text/tab-separated-values') return '\t';
  return undefined;
}

function extensionOf(filePath: string): string {
  const base = path.posix.basename(filePath).toLowerCase();
  const ext = path.posix.extname(base);
  // `Dockerfile`, `Makefile`, `.gitignore`: the name is the kind.
  return ext === '' || ext === base ? base.replace(/^\./, '') : ext.slice(1);
}

/** The bytes as text (UTF-8; a byte order mark dropped, invalid sequences replaced), or undefined
 * when they look binary (a NUL byte, which no text format has): the caller then shows the two
 * sizes and hashes instead of a diff. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  return new TextDecoder('utf-8').decode(bytes);
}

export interface DiffTextOptions {
  /** Unchanged lines shown around each change (DIFF_CONTEXT). */
  context?: number;
  /** Lines shown in all (DIFF_MAX_LINES); past them the diff is `truncated`. */
  maxLines?: number;
  /** Compare a CSV/TSV cell by cell too (tableDelimiter). */
  delimiter?: Delimiter | undefined;
  /** Changed cells kept (DIFF_MAX_CELLS). */
  maxCells?: number;
}

/** The unified diff of two texts: hunks with both sides' line numbers, `context` lines around
 * each change, at most `maxLines` lines in all. Lines are compared without their line breaks, so
 * that CRLF against LF is one fact (`lineEndings`) rather than every line changed. Texts too
 * different to diff within the bounds come back `tooDifferent`. */
export function diffText(base: string, head: string, o: DiffTextOptions = {}): TextDiff {
  const context = o.context ?? DIFF_CONTEXT;
  const maxLines = o.maxLines ?? DIFF_MAX_LINES;
  const diff: TextDiff = { hunks: [], addedLines: 0, removedLines: 0, truncated: false };

  const endings = { base: lineEnding(base), head: lineEnding(head) };
  if (endings.base !== endings.head && endings.base !== 'none' && endings.head !== 'none') diff.lineEndings = endings;

  if (o.delimiter !== undefined) {
    const cells = diffCells(base, head, o.delimiter, o.maxCells ?? DIFF_MAX_CELLS);
    if (cells) {
      diff.cells = cells.cells;
      if (cells.truncated) diff.cellsTruncated = true;
    }
  }

  const patch = structuredPatch('base', 'head', base, head, undefined, undefined, {
    context,
    stripTrailingCr: true,
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: DIFF_TIMEOUT_MS,
  });
  if (patch === undefined) {
    diff.truncated = true;
    diff.tooDifferent = { baseLines: countLines(base), headLines: countLines(head) };
    return diff;
  }

  let shown = 0;
  for (const raw of patch.hunks) {
    const hunk = toHunk(raw);
    for (const line of hunk.lines) {
      if (line.kind === 'added') diff.addedLines++;
      else if (line.kind === 'removed') diff.removedLines++;
    }
    if (diff.truncated) continue;
    if (shown + hunk.lines.length <= maxLines) {
      diff.hunks.push(hunk);
      shown += hunk.lines.length;
      continue;
    }
    diff.truncated = true;
    const room = maxLines - shown;
    if (room > 0) diff.hunks.push(cut(hunk, room));
    shown = maxLines;
  }
  return diff;
}

/** Two versions of a file, as read from the store, compared as text: the one call the
 * comparison makes per changed file that isComparableText. A CSV/TSV is compared cell by cell
 * too. Undefined when either side looks binary: the caller shows the sizes and hashes. */
export function diffTextFiles(filePath: string, contentType: string, base: Uint8Array, head: Uint8Array, o: Omit<DiffTextOptions, 'delimiter'> = {}): TextDiff | undefined {
  const a = decodeText(base);
  const b = decodeText(head);
  if (a === undefined || b === undefined) return undefined;
  return diffText(a, b, { ...o, delimiter: tableDelimiter(filePath, contentType) });
}

/** jsdiff's hunk as the page's: a line number on each line, the "\ No newline at end of file"
 * marker folded into the line it follows. Starts are as a unified diff's header writes them: for
 * a side with no lines, the line before the hunk. */
function toHunk(raw: StructuredPatchHunk): DiffHunk {
  let baseLine = raw.oldStart;
  let headLine = raw.newStart;
  const lines: DiffLine[] = [];
  for (const text of raw.lines) {
    const mark = text[0];
    const rest = text.slice(1);
    if (mark === '\\') {
      const last = lines[lines.length - 1];
      if (last) last.noNewlineAtEnd = true;
    } else if (mark === '+') {
      lines.push({ kind: 'added', headLine: headLine++, text: rest });
    } else if (mark === '-') {
      lines.push({ kind: 'removed', baseLine: baseLine++, text: rest });
    } else {
      lines.push({ kind: 'context', baseLine: baseLine++, headLine: headLine++, text: rest });
    }
  }
  return {
    baseStart: raw.oldLines === 0 ? raw.oldStart - 1 : raw.oldStart,
    baseLines: raw.oldLines,
    headStart: raw.newLines === 0 ? raw.newStart - 1 : raw.newStart,
    headLines: raw.newLines,
    lines,
  };
}

/** The first `room` lines of a hunk, its header that of the lines kept. */
function cut(hunk: DiffHunk, room: number): DiffHunk {
  const lines = hunk.lines.slice(0, room);
  const baseLines = lines.filter((l) => l.kind !== 'added').length;
  const headLines = lines.filter((l) => l.kind !== 'removed').length;
  // The number of the hunk's first line on each side, whether or not the side had lines.
  const baseFirst = hunk.baseLines === 0 ? hunk.baseStart + 1 : hunk.baseStart;
  const headFirst = hunk.headLines === 0 ? hunk.headStart + 1 : hunk.headStart;
  return {
    baseStart: baseLines === 0 ? baseFirst - 1 : baseFirst,
    baseLines,
    headStart: headLines === 0 ? headFirst - 1 : headFirst,
    headLines,
    lines,
  };
}

/** How a text breaks its lines. */
export function lineEnding(text: string): LineEnding {
  let lf = 0;
  let crlf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  if (lf === 0 && crlf === 0) return 'none';
  if (crlf === 0) return 'LF';
  return lf === 0 ? 'CRLF' : 'mixed';
}

/** Lines of a text: its line breaks, plus a last line without one. */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

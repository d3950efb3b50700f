// The comparison of a publication with its baseline: the values that move between its stages
// (baseline.ts finds the base, diff-manifests.ts compares the manifests, image-diff.ts and
// text-diff.ts build the pages of changed files). Types only.

export type { CompareSetting } from '../config.js';

/** How the baseline was chosen, for the page to say. */
export type BaselineHow = 'merge-base' | 'newest-on-base' | 'previous-on-branch' | 'explicit';

/** The publication this one is compared with. */
export interface Baseline {
  /** Its key prefix (same bucket). */
  prefix: string;
  /** Key of its manifest. */
  manifestKey: string;
  how: BaselineHow;
  /** One sentence: which publication, and why it (and not the merge base) was taken. */
  note: string;
  branch?: string;
  commit?: string;
  runId?: string;
  runAttempt?: string;
  runNumber?: string;
  runUrl?: string;
  commitUrl?: string;
  startedAt?: string;
}

export type BaselineResult = { found: true; baseline: Baseline } | { found: false; reason: string };

/** One version of a file, as a manifest lists it. */
export interface FileVersion {
  path: string;
  key: string;
  size: number;
  contentType: string;
  /** SHA-256 of the bytes published. */
  sha256: string;
  /** SHA-256 of the bytes found in the workspace, when the published ones are a compressed copy:
   * what the comparison goes by, so that re-compressing never shows as a change. */
  originalSha256?: string;
}

export type ChangeKind = 'changed' | 'added' | 'removed';

export interface FileChange {
  path: string;
  kind: ChangeKind;
  /** The baseline's version (changed, removed). */
  base?: FileVersion;
  /** This publication's version (changed, added). */
  head?: FileVersion;
}

export interface ManifestDiff {
  changed: FileChange[];
  added: FileChange[];
  removed: FileChange[];
  unchanged: number;
}

/** What every comparison page of a file shows at its top (templates/compare-header.mustache).
 * Every link and image source is a field named `href` or ending in `Href`, relative to the page,
 * so that link-mode presigned signs them all (storage/presign.ts signLinks). */
export interface ComparisonPageHead {
  /** `<path> · changes · <test name>`. */
  title: string;
  testName: string;
  /** The file's path relative to the publication. */
  path: string;
  /** The publication's root page, then the list of changes. */
  breadcrumbs: { name: string; href: string }[];
  /** `main @ abc1234 (run #120)`. */
  baseLabel: string;
  /** Baseline.note, when it says more than the label. */
  baseNote?: string;
  /** The baseline's version of the file (in the other publication). */
  baseHref: string;
  /** This publication's version of the file. */
  headHref: string;
}

/** A line of a unified diff; the line numbers are 1-based, in the file they appear in. */
export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  baseLine?: number;
  headLine?: number;
  /** The line break is not part of the text: `\r\n` and `\n` end a line alike. */
  text: string;
  /** The file ends with this line and no line break, which is all that changed when the other
   * side has the same line with one. */
  noNewlineAtEnd?: boolean;
}

export interface DiffHunk {
  baseStart: number;
  baseLines: number;
  headStart: number;
  headLines: number;
  lines: DiffLine[];
}

/** A changed cell of a CSV/TSV whose shape (header, row count) stayed the same. */
export interface CellChange {
  /** 1-based data row (the header is row 0). */
  row: number;
  column: string;
  base: string;
  head: string;
}

/** How a text breaks its lines; `none` for a text of one line without a break. */
export type LineEnding = 'LF' | 'CRLF' | 'mixed' | 'none';

/** The difference of two texts, as a page shows it. */
export interface TextDiff {
  hunks: DiffHunk[];
  /** Over the whole diff, not only the hunks shown; 0 when tooDifferent. */
  addedLines: number;
  removedLines: number;
  /** The diff was cut to a size limit: the page says so and links both files. */
  truncated: boolean;
  /** The texts were too different to diff within the time and memory bounds (text-diff.ts):
   * truncated, no hunks, only the sizes in lines. */
  tooDifferent?: { baseLines: number; headLines: number };
  /** The two break their lines differently (CRLF → LF): the lines are compared without the
   * breaks, so that a changed line ending does not show every line as changed. */
  lineEndings?: { base: LineEnding; head: LineEnding };
  /** For CSV/TSV with the same columns: the cells that changed (bounded). */
  cells?: CellChange[];
  /** More cells changed than `cells` holds. */
  cellsTruncated?: boolean;
}

/** Two images compared pixel by pixel. */
export interface ImageDiff {
  /** The size both were compared at (the head's, unless bounded). */
  width: number;
  height: number;
  base: { width: number; height: number };
  head: { width: number; height: number };
  /** The two had different sizes (or were too large) and were scaled before comparing. */
  scaled: boolean;
  differentPixels: number;
  /** differentPixels / (width × height), 0..1. */
  share: number;
  /** PNG of the difference: changed pixels highlighted over a faded copy of the head. */
  overlay: Buffer;
}

/** A changed file as the comparison shows it. */
export interface ComparedChange extends FileChange {
  /** Its comparison page (images, text), relative to the publication, when one was made. */
  page?: string;
  /** An image's difference overlay, relative to the publication. */
  overlay?: string;
  /** What its comparison found, in a few words: `2.31% of pixels differ`, `+12 −3 lines`,
   * `1.2 KB → 1.4 KB`. */
  summary: string;
}

/** A publication compared with its baseline. */
export interface Comparison {
  baseline: Baseline;
  /** `main @ abc1234 (run #120)`. */
  label: string;
  changed: ComparedChange[];
  added: FileChange[];
  removed: FileChange[];
  unchanged: number;
  /** The list of every change, relative to the publication (`_compare/index.html`). */
  listPath: string;
}

/** What the comparison stage gives the pages and the drivers. */
export type ComparisonOutcome =
  | { kind: 'compared'; comparison: Comparison }
  /** No baseline (first run, expired, no history): said on the page; nothing fails. */
  | { kind: 'no-baseline'; reason: string }
  /** The comparison could not be made (the server failed): a warning; fail-on-change fails. */
  | { kind: 'failed'; reason: string };

/** A publication's comparison with its baseline, for the drivers (outputs, comment, summary,
 * fail-on-change). */
export interface ComparisonReport {
  outcome: 'compared' | 'no-baseline' | 'failed';
  /** Why there is no comparison (no-baseline, failed). */
  reason?: string;
  /** `main @ abc1234 (run #120)`. */
  label?: string;
  /** The baseline's prefix. */
  baseline?: string;
  changed: string[];
  added: string[];
  removed: string[];
  unchanged: number;
  /** The list of every change. */
  url?: string;
  /** Changed images, up to THUMBNAILS: their comparison page and difference overlay. */
  images: { name: string; url: string; imageUrl: string }[];
}

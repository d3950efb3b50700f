// The comparison of a publication with its baseline: the values that move between its stages
// (baseline.ts finds the base, diff-manifests.ts compares the manifests, image-diff.ts and
// text-diff.ts build the pages of changed files). Types only.

/** How the `compare` input asks for a baseline. */
export type CompareSetting = { mode: 'auto' } | { mode: 'off' } | { mode: 'explicit'; target: string };

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

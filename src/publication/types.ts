// What publish() takes and gives: its dependencies (store, glob engine, logger, clock, temp
// directory, all passed in by the drivers and tests) and the publication it returns, a plain
// value from which the drivers derive outputs, summary and comment.
import type { GlobFactory } from '../files/find-files.js';
import type { SharpLoad } from '../images/load-sharp.js';
import type { FailedFile } from '../report/model.js';
import type { Reachability } from '../storage/reachability.js';
import type { ObjectStore } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import type { ComparisonReport } from '../compare/types.js';
import type { ResultsReport } from '../results/types.js';

export type { ComparisonReport };

export type { Logger, ProgressEvent } from '../util/logger.js';

export interface PublishDeps {
  store: ObjectStore;
  /** @actions/glob's `create` (the drivers pass it; the core imports no @actions/*). */
  glob: GlobFactory;
  log: Logger;
  now: () => Date;
  /** Where compressed copies of images are written (a fresh directory, removed afterwards). */
  tempRoot: string;
  loadSharp?: () => Promise<SharpLoad>;
}

/** A top-level folder or file of a publication, with its link. */
export interface SummaryEntry {
  name: string;
  folder: boolean;
  files: number;
  bytes: number;
  url: string;
}

/** Images a publication names for the comment and the summary, at most. */
export const THUMBNAILS = 6;

/** The URLs of a publication's stable links (history/stable-links.ts): always the newest
 * publication of the branch, of the pull request. Unset where there is none. */
export interface StableLinks {
  latestUrl?: string;
  prUrl?: string;
}

export interface PublishResult {
  /** Browse URL of the publication's root index.html; '' when nothing was published. */
  url: string;
  /** link-mode presigned: when the links stop working. */
  linksExpireAt?: Date;
  /** A few published images, for the PR comment and the summary. */
  thumbnails: { name: string; url: string }[];
  /** The publication's top-level folders and files, for the summary. */
  entries: SummaryEntry[];
  prefix: string;
  files: number;
  bytes: number;
  failed: FailedFile[];
  /** The stable links that lead to this publication or a newer one; none in link-mode
   * presigned, for a prefix of fewer than three segments, or when nothing was published. */
  stableLinks?: StableLinks;
  /** link-mode public: whether the browse URL opened without credentials. */
  reachability?: Reachability;
  /** The comparison with the baseline; unset with compare: off or when nothing was published. */
  comparison?: ComparisonReport;
  /** The test results read from the JUnit reports among the outputs; unset with results: off or
   * when none were found. */
  results?: ResultsReport;
}



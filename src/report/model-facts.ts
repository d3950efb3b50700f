// What the pages are built from (pure types): the published files, the failures and the run,
// as the publication writer (publication/write-pages.ts) and the dry run hand them to buildPages.
import type { ComparisonSectionView } from './comparison-view.js';
import type { ResultsSectionView } from './results-view.js';

export interface PublishedFile {
  /** Path relative to the publication root, `/`-separated. */
  path: string;
  size: number;
  contentType: string;
  /** Modification time of the file in the workspace. */
  modified?: Date;
  /** For a compressed image: the original's size, and its path when it was kept. */
  original?: { originalSize: number; originalPath?: string; keptBecause?: 'keep-originals' | 'low-similarity' | 'animation-lost' };
  /** For an image over the cap published as it is: why it was not compressed. */
  uncompressed?: string;
  /** For the kept original of a compressed image: the image's path. Left out of the gallery. */
  originalOf?: string;
}

export interface FailedFile {
  path: string;
  reason: string;
}

export interface PublicationFacts {
  testName: string;
  uploadedAt: Date;
  files: PublishedFile[];
  failed: FailedFile[];
  /** Path of the generated manifest (layout.ts publicationNames); unset when none is written. */
  manifestPath?: string;
  /** Levels above the publication that have index pages (the prefix's segments but the last),
   * linked from the breadcrumbs; empty when there are none. */
  ancestors?: string[];
  /** Where the run happened, for the root page's status line. */
  run?: RunFacts;
  /** File rows per page; a directory with more is split into pages (default PAGE_SIZE). */
  pageSize?: number;
  /** The root page's links into the history, relative to it: the branch's stable link, and the
   * repository page filtered on the pull request. Unset where there are none (presigned). */
  history?: { latestHref?: string; prRunsHref?: string };
  /** link-mode presigned: the pages' links are signed, but a report's own links cannot be. */
  presigned?: boolean;
  /** The root page's section on the comparison with the baseline, its links relative to the
   * root page (compare/list-model.ts). */
  comparison?: ComparisonSectionView;
  /** The root page's section on the test results, its links relative to the root page
   * (results-view.ts). */
  results?: ResultsSectionView;
}

/** File rows per page: 5,000 rows make a page of about 1.5 MB, which browsers open quickly. */
export const PAGE_SIZE = 5000;

/** The run, as its context (inputs.ts RunContext) describes it: the links are the CI's own. */
export interface RunFacts {
  sha: string;
  runId: string;
  /** The commit on the forge's web pages; no link without it. */
  commitUrl?: string;
  /** The run on the CI's web pages; no link without it. */
  runUrl?: string;
  /** e.g. `#1658821493 attempt 1`, `pipeline #4711`; `#<runId>` when unset. */
  runLabel?: string;
  /** The branch built, shown beside the commit. */
  branch?: string;
  /** The pull request the run tests: `#17 title`, linked to its page when known. */
  pullRequest?: { number: number; title?: string; url?: string };
}

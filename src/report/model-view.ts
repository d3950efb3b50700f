// What a directory's page shows (pure types): the views the templates (templates/*.mustache)
// render, one per generated page; every href in them is already encoded, segment by segment.
import type { FailedFile } from './model-facts.js';
import type { ComparisonSectionView } from './comparison-view.js';
import type { ResultsSectionView } from './results-view.js';

export interface StatusView {
  commit?: { short: string; href: string };
  run?: { label: string; href: string };
  branch?: { name: string; latestHref?: string };
  pullRequest?: { label: string; href?: string; runsHref?: string };
  failures: number;
}

export interface GalleryImage {
  name: string;
  href: string;
}

interface Link {
  name: string;
  href: string;
}

export interface DirectoryEntryView {
  name: string;
  href: string;
  /** Set when the directory holds its own report; `href` then opens the report. */
  listingHref?: string;
  /** The report loads files of its own that presigned links cannot reach. */
  needsReadAccess?: boolean;
  /** "1 file", "12 files" */
  files: string;
  size: string;
}

export interface FileEntryView {
  name: string;
  href: string;
  size: string;
  bytes: number;
  type: string;
  /** "1.2 MB" when the file is a compressed copy of a larger original. */
  compressedFrom?: string;
  /** Link to the kept original. */
  originalHref?: string;
  /** The link's words when the original was kept because the copy loses detail; `original` otherwise. */
  originalNote?: string;
  /** Why an image over the cap was published as it is. */
  uncompressed?: string;
  /** "2026-11-27 16:02" (UTC), and the ISO time for sorting. */
  modified?: string;
  modifiedIso?: string;
}

export interface DirectoryView {
  title: string;
  testName: string;
  breadcrumbs: Link[];
  current: string;
  parentHref?: string;
  reportHref?: string;
  /** The report loads files of its own that presigned links cannot reach. */
  reportNeedsReadAccess?: boolean;
  dirs: DirectoryEntryView[];
  files: FileEntryView[];
  totalFiles: string;
  totalSize: string;
  uploadedAt: string;
  failed: FailedFile[];
  manifestHref?: string;
  /** Root page only: commit, run and failures. */
  status?: StatusView;
  /** Root page only: thumbnails of the images of the whole publication (capped). */
  gallery?: { images: GalleryImage[]; more: number };
  comparison?: ComparisonSectionView;
  /** Root page only (its first page): the test results, when JUnit reports were read. */
  results?: ResultsSectionView;
  /** Set when the directory's files are split over several pages. */
  pagination?: { label: string; href: string; current: boolean }[];
}

export interface Page {
  /** Directory relative to the publication root ('' for the root). */
  dir: string;
  /** Key of the page relative to the publication root. */
  path: string;
  view: DirectoryView;
}

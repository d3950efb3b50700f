// Builds the view of every directory of a publication from the list of published files (pure).
// Each directory gets a generated page; one that holds its own index.html (an HTML report) keeps
// it, and its generated listing goes under LISTING_NAME instead.
import { encodeKey } from '../files/keys.js';
import { freeName, inReport, INDEX_NAME, LISTING_NAME, pageFileName, reportFolders } from '../layout.js';
import { humanBytes, humanTime } from '../util/format.js';

export interface PublishedFile {
  /** Path relative to the publication root, `/`-separated. */
  path: string;
  size: number;
  contentType: string;
  /** Modification time of the file in the workspace. */
  modified?: Date;
  /** For a compressed image: the original's size, and its path when it was kept. */
  original?: { originalSize: number; originalPath?: string };
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
  /** link-mode presigned: the pages' links are signed, but a report's own links cannot be. */
  presigned?: boolean;
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
}

export interface StatusView {
  commit?: { short: string; href: string };
  run?: { label: string; href: string };
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
  /** Set when the directory's files are split over several pages. */
  pagination?: { label: string; href: string; current: boolean }[];
}

/** Thumbnails shown on the root page at most; the rest are counted. */
export const GALLERY_LIMIT = 120;
const GALLERY_TYPES = /^image\/(png|jpeg|gif|webp|avif|svg\+xml)$/;

export interface Page {
  /** Directory relative to the publication root ('' for the root). */
  dir: string;
  /** Key of the page relative to the publication root. */
  path: string;
  view: DirectoryView;
}

interface Dir {
  path: string;
  name: string;
  dirs: Map<string, Dir>;
  files: PublishedFile[];
  totalFiles: number;
  totalBytes: number;
}

function newDir(path: string, name: string): Dir {
  return { path, name, dirs: new Map(), files: [], totalFiles: 0, totalBytes: 0 };
}

function buildTree(files: PublishedFile[]): Dir {
  const root = newDir('', '');
  for (const file of files) {
    const segments = file.path.split('/');
    const fileName = segments.pop() as string;
    let dir = root;
    dir.totalFiles++;
    dir.totalBytes += file.size;
    for (const segment of segments) {
      let child = dir.dirs.get(segment);
      if (!child) {
        child = newDir(dir.path === '' ? segment : `${dir.path}/${segment}`, segment);
        dir.dirs.set(segment, child);
      }
      dir = child;
      dir.totalFiles++;
      dir.totalBytes += file.size;
    }
    dir.files.push({ ...file, path: fileName });
  }
  return root;
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function hasFile(dir: Dir, name: string): boolean {
  return dir.files.some((f) => f.path === name);
}

/** The names a directory's own files and folders use: generated pages must avoid them. */
function taken(dir: Dir): Set<string> {
  return new Set([...dir.files.map((f) => f.path), ...dir.dirs.keys()]);
}

/** File name of a directory's generated page: index.html, or beside a report's own index.html
 * a listing under a name none of the directory's files has. */
function pageName(dir: Dir): string {
  return hasFile(dir, INDEX_NAME) ? freeName(taken(dir), LISTING_NAME) : INDEX_NAME;
}

/** In link-mode presigned, a report that has files besides its index.html reaches them through
 * its own relative links, which cannot carry a signature: they need read access to the bucket. */
function needsReadAccess(facts: PublicationFacts, dir: Dir): boolean {
  return facts.presigned === true && hasFile(dir, INDEX_NAME) && dir.totalFiles > 1;
}

function fileEntry(f: PublishedFile, depth: number): FileEntryView {
  const entry: FileEntryView = { name: f.path, href: encodeURIComponent(f.path), size: humanBytes(f.size), bytes: f.size, type: f.contentType.split(';')[0] ?? f.contentType };
  if (f.modified) {
    entry.modified = humanTime(f.modified).replace(/:\d\d UTC$/, ' UTC');
    entry.modifiedIso = f.modified.toISOString();
  }
  if (f.uncompressed !== undefined) entry.uncompressed = f.uncompressed;
  if (f.original) {
    entry.compressedFrom = humanBytes(f.original.originalSize);
    if (f.original.originalPath !== undefined) entry.originalHref = '../'.repeat(depth) + encodeKey(f.original.originalPath);
  }
  return entry;
}

function statusView(run: RunFacts, failures: number): StatusView {
  return {
    failures,
    ...(run.sha && run.commitUrl ? { commit: { short: run.sha.slice(0, 7), href: run.commitUrl } } : {}),
    ...(run.runUrl ? { run: { label: run.runLabel ?? `#${run.runId}`, href: run.runUrl } } : {}),
  };
}

function galleryView(files: PublishedFile[]): { images: GalleryImage[]; more: number } | undefined {
  // An HTML report's own images (icons, backgrounds) belong to the report, not the gallery.
  const reports = reportFolders(files.map((f) => f.path));
  const images = files
    .filter((f) => GALLERY_TYPES.test(f.contentType.split(';')[0] ?? '') && f.originalOf === undefined && !inReport(f.path, reports))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  if (images.length === 0) return undefined;
  return {
    images: images.slice(0, GALLERY_LIMIT).map((f) => ({ name: f.path, href: encodeKey(f.path) })),
    more: Math.max(0, images.length - GALLERY_LIMIT),
  };
}

/** Splits a directory's file rows over pages of `size` rows; folders, the gallery, the status
 * line and failures stay on the first page, which keeps the directory's usual name. */
function paginate(view: DirectoryView, first: string, size: number, names0: Set<string>): { name: string; view: DirectoryView }[] {
  if (view.files.length <= size) return [{ name: first, view }];
  const count = Math.ceil(view.files.length / size);
  const used = new Set([...names0, first]);
  const names = Array.from({ length: count }, (_, i) => {
    const name = pageFileName(first, i + 1, used);
    used.add(name);
    return name;
  });
  return names.map((name, i) => {
    const pagination = names.map((n, j) => ({ label: String(j + 1), href: encodeURIComponent(n), current: j === i }));
    const files = view.files.slice(i * size, (i + 1) * size);
    if (i === 0) return { name, view: { ...view, files, pagination } };
    const { status: _status, gallery: _gallery, ...rest } = view;
    return { name, view: { ...rest, dirs: [], failed: [], files, pagination, title: `${view.title} (page ${i + 1})` } };
  });
}

function countLabel(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}

export function buildPages(facts: PublicationFacts): Page[] {
  const root = buildTree(facts.files);
  const pages: Page[] = [];
  const uploadedAt = humanTime(facts.uploadedAt);

  const visit = (dir: Dir, ancestors: Dir[]): void => {
    for (const child of [...dir.dirs.values()].sort(byName)) visit(child, [...ancestors, dir]);
    const name = pageName(dir);
    const up = (levels: number): string => '../'.repeat(levels);
    // Ancestors are linked by their generated page (the listing), which always exists.
    const above = facts.ancestors ?? [];
    const crumbs = [
      ...above.map((name, j) => ({ name, href: `${up(ancestors.length + above.length - j)}${INDEX_NAME}` })),
      ...ancestors.map((a, i) => ({
        name: i === 0 ? facts.testName : a.name,
        href: up(ancestors.length - i) + pageName(a),
      })),
    ];
    const own = hasFile(dir, INDEX_NAME);
    const parent = crumbs[crumbs.length - 1];
    const view: DirectoryView = {
      title: dir.path === '' ? facts.testName : `${dir.path}/ · ${facts.testName}`,
      testName: facts.testName,
      breadcrumbs: crumbs,
      current: dir.path === '' ? facts.testName : dir.name,
      ...(parent ? { parentHref: parent.href } : {}),
      ...(own ? { reportHref: INDEX_NAME } : {}),
      ...(needsReadAccess(facts, dir) ? { reportNeedsReadAccess: true } : {}),
      dirs: [...dir.dirs.values()].sort(byName).map((child) => {
        const base = `${encodeURIComponent(child.name)}/`;
        const childOwn = hasFile(child, INDEX_NAME);
        const childPage = pageName(child);
        return {
          name: child.name,
          href: base + (childOwn ? INDEX_NAME : childPage),
          ...(childOwn ? { listingHref: base + childPage } : {}),
          ...(needsReadAccess(facts, child) ? { needsReadAccess: true } : {}),
          files: countLabel(child.totalFiles),
          size: humanBytes(child.totalBytes),
        };
      }),
      files: dir.files.map((f) => fileEntry(f, ancestors.length)).sort(byName),
      totalFiles: countLabel(dir.totalFiles),
      totalSize: humanBytes(dir.totalBytes),
      uploadedAt,
      failed: dir.path === '' ? facts.failed : [],
      ...(dir.path === '' && facts.manifestPath !== undefined ? { manifestHref: encodeURIComponent(facts.manifestPath) } : {}),
    };
    if (dir.path === '') {
      if (facts.run) view.status = statusView(facts.run, facts.failed.length);
      const gallery = galleryView(facts.files);
      if (gallery) view.gallery = gallery;
    }
    for (const page of paginate(view, name, facts.pageSize ?? PAGE_SIZE, taken(dir))) {
      pages.push({ dir: dir.path, path: dir.path === '' ? page.name : `${dir.path}/${page.name}`, view: page.view });
    }
  };
  visit(root, []);
  return pages;
}

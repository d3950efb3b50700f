// Builds the view of every directory of a publication from the list of published files (pure).
// Each directory gets a generated page; one that holds its own index.html (an HTML report) keeps
// it, and its generated listing goes under LISTING_NAME instead.
import { encodeKey } from '../files/keys.js';
import { humanBytes, humanTime } from '../util/format.js';

export const INDEX_NAME = 'index.html';
/** Reserved name of the generated listing in a directory that has its own index.html. */
export const LISTING_NAME = '_listing.html';
export const MANIFEST_NAME = 'manifest.json';

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
  /** Whether manifest.json at the root is ours (a user's file of that name wins). */
  hasManifest: boolean;
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

export interface RunFacts {
  /** e.g. https://github.com */
  serverUrl: string;
  repository: string;
  sha: string;
  runId: string;
  runAttempt: string;
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

/** File name of a directory's generated page, or undefined when a user's file took it. */
function pageName(dir: Dir): string | undefined {
  if (!hasFile(dir, INDEX_NAME)) return INDEX_NAME;
  return hasFile(dir, LISTING_NAME) ? undefined : LISTING_NAME;
}

/** In link-mode presigned, a report that has files besides its index.html reaches them through
 * its own relative links, which cannot carry a signature: they need read access to the bucket. */
function needsReadAccess(facts: PublicationFacts, dir: Dir): boolean {
  return facts.presigned === true && hasFile(dir, INDEX_NAME) && dir.totalFiles > 1;
}

/** The outermost report folders ('' for the root, else ending in '/') that hold files besides
 * their index.html: in link-mode presigned, those files answer 403 to the report's own links. */
export function reportsWithOwnFiles(files: { path: string }[]): string[] {
  const reports = new Set(files.filter((f) => f.path === INDEX_NAME || f.path.endsWith(`/${INDEX_NAME}`)).map((f) => f.path.slice(0, -INDEX_NAME.length)));
  const outermost = (p: string): string | undefined => {
    if (reports.has('')) return '';
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) if (reports.has(p.slice(0, i + 1))) return p.slice(0, i + 1);
    return undefined;
  };
  const found = new Set<string>();
  for (const f of files) {
    const report = outermost(f.path);
    if (report !== undefined && f.path !== `${report}${INDEX_NAME}`) found.add(report);
  }
  return [...found].sort();
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
  const repo = `${run.serverUrl}/${run.repository.split('/').map(encodeURIComponent).join('/')}`;
  const local = run.repository.startsWith('local/');
  return {
    failures,
    ...(run.sha && !local ? { commit: { short: run.sha.slice(0, 7), href: `${repo}/commit/${encodeURIComponent(run.sha)}` } } : {}),
    ...(/^\d+$/.test(run.runId) && !local
      ? { run: { label: `#${run.runId} attempt ${run.runAttempt}`, href: `${repo}/actions/runs/${run.runId}/attempts/${encodeURIComponent(run.runAttempt)}` } }
      : {}),
  };
}

function galleryView(files: PublishedFile[]): { images: GalleryImage[]; more: number } | undefined {
  // An HTML report's own images (icons, backgrounds) belong to the report, not the gallery.
  const reports = files.filter((f) => f.path === INDEX_NAME || f.path.endsWith(`/${INDEX_NAME}`)).map((f) => f.path.slice(0, -INDEX_NAME.length));
  const inReport = (p: string): boolean => reports.some((dir) => p.startsWith(dir));
  const images = files
    .filter((f) => GALLERY_TYPES.test(f.contentType.split(';')[0] ?? '') && !f.path.startsWith('_originals/') && !inReport(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  if (images.length === 0) return undefined;
  return {
    images: images.slice(0, GALLERY_LIMIT).map((f) => ({ name: f.path, href: encodeKey(f.path) })),
    more: Math.max(0, images.length - GALLERY_LIMIT),
  };
}

/** The name of page `k` (1-based) of a directory whose first page is `first`. */
function pageFileName(first: string, k: number): string {
  if (k === 1) return first;
  return first === LISTING_NAME ? `_listing-${k}.html` : `_page-${k}.html`;
}

/** Splits a directory's file rows over pages of `size` rows; folders, the gallery, the status
 * line and failures stay on the first page, which keeps the directory's usual name. */
function paginate(view: DirectoryView, first: string, size: number): { name: string; view: DirectoryView }[] {
  if (view.files.length <= size) return [{ name: first, view }];
  const count = Math.ceil(view.files.length / size);
  const names = Array.from({ length: count }, (_, i) => pageFileName(first, i + 1));
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
    if (name === undefined) return;
    const up = (levels: number): string => '../'.repeat(levels);
    // Ancestors are linked by their generated page (the listing), which always exists unless
    // a user's file took its name; then the ancestor's index.html is the best remaining target.
    const above = facts.ancestors ?? [];
    const crumbs = [
      ...above.map((name, j) => ({ name, href: `${up(ancestors.length + above.length - j)}${INDEX_NAME}` })),
      ...ancestors.map((a, i) => ({
        name: i === 0 ? facts.testName : a.name,
        href: up(ancestors.length - i) + (pageName(a) ?? INDEX_NAME),
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
          href: base + (childOwn || childPage === undefined ? INDEX_NAME : childPage),
          ...(childOwn && childPage !== undefined ? { listingHref: base + childPage } : {}),
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
      ...(dir.path === '' && facts.hasManifest ? { manifestHref: MANIFEST_NAME } : {}),
    };
    if (dir.path === '') {
      if (facts.run) view.status = statusView(facts.run, facts.failed.length);
      const gallery = galleryView(facts.files);
      if (gallery) view.gallery = gallery;
    }
    for (const page of paginate(view, name, facts.pageSize ?? PAGE_SIZE)) {
      pages.push({ dir: dir.path, path: dir.path === '' ? page.name : `${dir.path}/${page.name}`, view: page.view });
    }
  };
  visit(root, []);
  return pages;
}

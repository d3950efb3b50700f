// The parts of a directory's view (pure): a file's row, a report's read-access note, the root
// page's status line and gallery, and the split of long listings over several pages.
import { encodeKey } from '../files/keys.js';
import { inReport, INDEX_NAME, pageFileName, reportFolders } from '../layout.js';
import { humanBytes, humanTime } from '../util/format.js';
import type { PublicationFacts, PublishedFile, RunFacts } from './model-facts.js';
import { hasFile, type Dir } from './model-tree.js';
import type { DirectoryView, FileEntryView, GalleryImage, StatusView } from './model-view.js';

/** Thumbnails shown on the root page at most; the rest are counted. */
export const GALLERY_LIMIT = 120;
/** The link to an original kept because the compressed copy scores low. */
export const LOSES_DETAIL = 'compressed copy loses detail — open the original';
const GALLERY_TYPES = /^image\/(png|jpeg|gif|webp|avif|svg\+xml)$/;

/** In link-mode presigned, a report that has files besides its index.html reaches them through
 * its own relative links, which cannot carry a signature: they need read access to the bucket. */
export function needsReadAccess(facts: PublicationFacts, dir: Dir): boolean {
  return facts.presigned === true && hasFile(dir, INDEX_NAME) && dir.totalFiles > 1;
}

export function fileEntry(f: PublishedFile, depth: number): FileEntryView {
  const entry: FileEntryView = { name: f.path, href: encodeURIComponent(f.path), size: humanBytes(f.size), bytes: f.size, type: f.contentType.split(';')[0] ?? f.contentType };
  if (f.modified) {
    entry.modified = humanTime(f.modified).replace(/:\d\d UTC$/, ' UTC');
    entry.modifiedIso = f.modified.toISOString();
  }
  if (f.uncompressed !== undefined) entry.uncompressed = f.uncompressed;
  if (f.original) {
    entry.compressedFrom = humanBytes(f.original.originalSize);
    if (f.original.originalPath !== undefined) {
      entry.originalHref = '../'.repeat(depth) + encodeKey(f.original.originalPath);
      if (f.original.keptBecause === 'low-similarity') entry.originalNote = LOSES_DETAIL;
    }
  }
  return entry;
}

export function statusView(run: RunFacts, failures: number, history: PublicationFacts['history'] = {}): StatusView {
  const pr = run.pullRequest;
  return {
    failures,
    ...(run.branch ? { branch: { name: run.branch, ...(history.latestHref !== undefined ? { latestHref: history.latestHref } : {}) } } : {}),
    ...(pr
      ? { pullRequest: { label: `#${pr.number}${pr.title ? ` ${pr.title}` : ''}`, ...(pr.url ? { href: pr.url } : {}), ...(history.prRunsHref !== undefined ? { runsHref: history.prRunsHref } : {}) } }
      : {}),
    ...(run.sha && run.commitUrl ? { commit: { short: run.sha.slice(0, 7), href: run.commitUrl } } : {}),
    ...(run.runUrl ? { run: { label: run.runLabel ?? `#${run.runId}`, href: run.runUrl } } : {}),
  };
}

export function galleryView(files: PublishedFile[]): { images: GalleryImage[]; more: number } | undefined {
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
 * line, the test results and failures stay on the first page, which keeps the directory's usual name. */
export function paginate(view: DirectoryView, first: string, size: number, names0: Set<string>): { name: string; view: DirectoryView }[] {
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
    // What the run as a whole shows (status, comparison, results, gallery) is on the first page only.
    const { status: _status, gallery: _gallery, results: _results, comparison: _comparison, ...rest } = view;
    return { name, view: { ...rest, dirs: [], failed: [], files, pagination, title: `${view.title} (page ${i + 1})` } };
  });
}

export function countLabel(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}

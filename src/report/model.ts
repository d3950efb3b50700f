// Builds the view of every directory of a publication from the list of published files (pure).
// Each directory gets a generated page; one that holds its own index.html (an HTML report) keeps
// it, and its generated listing goes under LISTING_NAME instead. The parts live beside it: the
// facts it takes (model-facts.ts), the views it gives (model-view.ts), the directory tree
// (model-tree.ts) and the pieces of a view (model-entries.ts); this file puts them together.
import { INDEX_NAME } from '../layout.js';
import { humanBytes, humanTime } from '../util/format.js';
import { countLabel, fileEntry, galleryView, needsReadAccess, paginate, statusView } from './model-entries.js';
import { PAGE_SIZE, type PublicationFacts } from './model-facts.js';
import { buildTree, byName, hasFile, pageName, taken, type Dir } from './model-tree.js';
import type { DirectoryView, Page } from './model-view.js';

export { PAGE_SIZE, type FailedFile, type PublicationFacts, type PublishedFile, type RunFacts } from './model-facts.js';
export { GALLERY_LIMIT } from './model-entries.js';
export type { DirectoryEntryView, DirectoryView, FileEntryView, GalleryImage, Page, StatusView } from './model-view.js';

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
      if (facts.run) view.status = statusView(facts.run, facts.failed.length, facts.presigned ? {} : facts.history);
      if (facts.comparison) view.comparison = facts.comparison;
      if (facts.results) view.results = facts.results;
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

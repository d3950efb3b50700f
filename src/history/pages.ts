// The pages of a level (pure): the repository page (runs) or the run page (tests), split so that
// no page grows with the history. The newest rows are on index.html; older ones on archive
// pages numbered from the oldest (layout.ts archivePageName: page-1.html holds the oldest), so
// a new run changes index.html and the newest archive page only, and the other archive pages
// keep their bytes (levels.ts writes only the pages that changed).
import { archivePageName, INDEX_NAME } from '../layout.js';
import { runRows, testRows, type LevelChild, type LevelKind, type RunRow, type TestRow } from './model.js';

/** Rows on each page: at most TESTS_PER_ROW tests per row keeps a page of 200 rows well under
 * 1 MB (the bench measures the largest). */
export const DEFAULT_PAGE_SIZE = 200;

export interface PageLink {
  href: string;
  label: string;
}

export interface LevelView<Row> {
  title: string;
  breadcrumbs: { name: string; href: string }[];
  current: string;
  /** `412 runs, newest first`, or for an archive page which of them it holds. */
  count: string;
  rows: Row[];
  /** index.html: the archive pages, newest first. */
  archives: PageLink[];
  /** An archive page: the way to newer and older rows. */
  newer?: PageLink;
  older?: PageLink;
  archive: boolean;
}

export interface LevelPage<Row> {
  name: string;
  view: LevelView<Row>;
}

export type HistoryPage = { kind: 'repository'; page: LevelPage<RunRow> } | { kind: 'run'; page: LevelPage<TestRow> };

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Splits `rows` (newest first) into index.html and archive pages (see the file's header). */
export function paginate<Row>(rows: readonly Row[], pageSize: number): { name: string; rows: Row[]; first: number; last: number }[] {
  const size = Math.max(1, Math.floor(pageSize));
  const newest = rows.slice(0, size);
  const oldestFirst = rows.slice(size).reverse();
  const pages = [{ name: INDEX_NAME, rows: newest, first: rows.length - newest.length + 1, last: rows.length }];
  for (let k = 0; k * size < oldestFirst.length; k++) {
    const chunk = oldestFirst.slice(k * size, (k + 1) * size).reverse();
    pages.push({ name: archivePageName(k + 1), rows: chunk, first: k * size + 1, last: k * size + chunk.length });
  }
  return pages;
}

function levelPages<Row>(segments: readonly string[], rows: readonly Row[], pageSize: number, unit: [string, string], order: string): LevelPage<Row>[] {
  const depth = segments.length;
  const current = segments[depth - 1] ?? '';
  const breadcrumbs = segments.slice(0, -1).map((name, i) => ({ name, href: `${'../'.repeat(depth - 1 - i)}${INDEX_NAME}` }));
  const split = paginate(rows, pageSize);
  const archives = split.slice(1);
  const range = (p: { first: number; last: number }): string => `${unit[1]} ${p.first.toLocaleString('en')}–${p.last.toLocaleString('en')}`;
  return split.map((p, i) => {
    const archive = i > 0;
    // Archive k links to k+1 (the newest to index.html) and to k-1: adding rows changes only
    // the newest archive's links, never those of the older ones.
    const newer = i === 0 ? undefined : i === archives.length ? { href: INDEX_NAME, label: 'newer' } : { href: archivePageName(i + 1), label: 'newer' };
    const older = i === 0 || i === 1 ? undefined : { href: archivePageName(i - 1), label: 'older' };
    return {
      name: p.name,
      view: {
        title: segments.join('/') + '/',
        breadcrumbs,
        current,
        count: archive ? `${range(p)}, counted from the oldest` : `${plural(rows.length, unit[0], unit[1])}, ${order}`,
        rows: p.rows,
        archives: archive ? [] : [...archives].reverse().map((a) => ({ href: a.name, label: range(a) })),
        ...(newer ? { newer } : {}),
        ...(older ? { older } : {}),
        archive,
      },
    };
  });
}

/** Every page of a repository or run level; undefined for a plain level (report/parent-model). */
export function historyPages(segments: readonly string[], kind: LevelKind, children: readonly LevelChild[], pageSize = DEFAULT_PAGE_SIZE): HistoryPage[] | undefined {
  if (kind === 'repository') return levelPages(segments, runRows(children), pageSize, ['run', 'runs'], 'newest first').map((page) => ({ kind, page }));
  if (kind === 'run') return levelPages(segments, testRows(children), pageSize, ['test', 'tests'], 'by name').map((page) => ({ kind, page }));
  return undefined;
}

// The page of a level above the publication (a repository's runs, a run's tests), built from
// the list of its children (pure).
import { humanTime } from '../util/format.js';

export interface ChildEntry {
  /** The child's key segment. */
  name: string;
  /** The name it stands for when the segment had to be changed (a test name with spaces). */
  title?: string;
  /** When the child was last published into. */
  updatedAt: Date;
}

export interface ParentView {
  title: string;
  breadcrumbs: { name: string; href: string }[];
  current: string;
  children: { name: string; href: string; updatedAt: string }[];
  count: string;
}

const collator = new Intl.Collator('en', { numeric: true });
const byNameDescending = (a: string, b: string): number => collator.compare(b, a) || (a < b ? 1 : a > b ? -1 : 0);

/** `segments`: the path of this level from the top, e.g. ['octo-org', 'octo-repo']. */
export function buildParentView(segments: string[], children: ChildEntry[]): ParentView {
  const depth = segments.length;
  const current = segments[depth - 1] ?? '';
  // Newest first: the run or test published last is the one a reviewer is looking for.
  // S3 times have one-second resolution, so ties are common; they go by name, descending and
  // digit-aware, so that within a second run 1002-1 still comes before 1001-1 (run ids grow).
  const sorted = [...children].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || byNameDescending(a.name, b.name));
  return {
    title: segments.join('/') + '/',
    breadcrumbs: segments.slice(0, -1).map((name, i) => ({ name, href: `${'../'.repeat(depth - 1 - i)}index.html` })),
    current,
    children: sorted.map((c) => ({ name: c.title ?? c.name, href: `${encodeURIComponent(c.name)}/index.html`, updatedAt: humanTime(c.updatedAt) })),
    count: children.length === 1 ? '1 entry' : `${children.length} entries`,
  };
}

// The directory tree of a publication and the names of its generated pages (pure): which
// directories there are, what they hold, and whether a page is index.html or, beside a
// report's own index.html, a listing under a free name.
import { freeName, INDEX_NAME, LISTING_NAME } from '../layout.js';
import type { PublishedFile } from './model-facts.js';

export interface Dir {
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

export function buildTree(files: PublishedFile[]): Dir {
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

export const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function hasFile(dir: Dir, name: string): boolean {
  return dir.files.some((f) => f.path === name);
}

/** The names a directory's own files and folders use: generated pages must avoid them. */
export function taken(dir: Dir): Set<string> {
  return new Set([...dir.files.map((f) => f.path), ...dir.dirs.keys()]);
}

/** File name of a directory's generated page: index.html, or beside a report's own index.html
 * a listing under a name none of the directory's files has. */
export function pageName(dir: Dir): string {
  return hasFile(dir, INDEX_NAME) ? freeName(taken(dir), LISTING_NAME) : INDEX_NAME;
}

// Turns the `path` patterns into the list of files to publish and the root their keys are
// relative to, the way actions/upload-artifact does: the root is the least common ancestor of
// the patterns' search paths (a single file's root is its directory).
import * as glob from '@actions/glob';
import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface FoundFile {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Path relative to the search root, with `/` separators. */
  relativePath: string;
  size: number;
  /** Last modification time on disk. */
  modified: Date;
}

export interface FoundFiles {
  root: string;
  files: FoundFile[];
  /** Files left out because a segment of their path starts with a dot. */
  hiddenSkipped: number;
}

export interface FindOptions {
  includeHiddenFiles: boolean;
}

export function commonAncestor(paths: string[]): string {
  const [first, ...rest] = paths.map((p) => path.resolve(p).split(path.sep));
  if (!first) throw new Error('commonAncestor needs at least one path');
  let length = first.length;
  for (const parts of rest) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(path.sep) || path.sep;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

export async function searchRoot(searchPaths: string[]): Promise<string> {
  if (searchPaths.length === 1) {
    const only = searchPaths[0] as string;
    return (await isDirectory(only)) ? only : path.dirname(only);
  }
  return commonAncestor(searchPaths);
}

function toRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

export async function findFiles(patterns: string[], options: FindOptions): Promise<FoundFiles> {
  // Hidden files are judged below, relative to the root, so that a root the user named
  // explicitly (`path: .reports/`) is not itself treated as hidden.
  const globber = await glob.create(patterns.join('\n'), { matchDirectories: false, implicitDescendants: true });
  const searchPaths = globber.getSearchPaths();
  const matches = [...new Set(await globber.glob())].sort();
  const root = matches.length > 0 ? await searchRoot(searchPaths) : path.resolve(searchPaths[0] ?? '.');

  const files: FoundFile[] = [];
  let hiddenSkipped = 0;
  for (const absolutePath of matches) {
    const relativePath = toRelative(root, absolutePath);
    if (!options.includeHiddenFiles && relativePath.split('/').some((s) => s.startsWith('.'))) {
      hiddenSkipped++;
      continue;
    }
    const info = await stat(absolutePath);
    if (!info.isFile()) continue;
    files.push({ absolutePath, relativePath, size: info.size, modified: info.mtime });
  }
  return { root, files, hiddenSkipped };
}

// Symbolic links under the search paths. @actions/glob follows them, into directories outside
// the workspace too, and skips loops with only a debug line. This walk (directory entries only,
// no stat of regular files) finds every link, so that files reached through a link that leaves
// the allowed roots are skipped, and loops are reported, each with a warning.
import { opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export interface LinkInfo {
  /** Where the link is, absolute (not resolved). */
  path: string;
  /** What it resolves to, or undefined when it is broken. */
  target: string | undefined;
  directory: boolean;
}

/** Every symbolic link under `roots`, without following any of them. */
export async function findLinks(roots: string[]): Promise<LinkInfo[]> {
  const links: LinkInfo[] = [];
  const walk = async (dir: string): Promise<void> => {
    let handle;
    try {
      handle = await opendir(dir);
    } catch {
      return; // unreadable or gone: glob reports what it can read
    }
    const subdirs: string[] = [];
    for await (const entry of handle) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) subdirs.push(full);
      else if (entry.isSymbolicLink()) links.push(await describeLink(full));
    }
    for (const sub of subdirs) await walk(sub);
  };
  for (const root of new Set(roots)) {
    const info = await stat(root).catch(() => undefined);
    if (info?.isDirectory()) await walk(root);
  }
  return links;
}

async function describeLink(full: string): Promise<LinkInfo> {
  try {
    const target = await realpath(full);
    return { path: full, target, directory: (await stat(target)).isDirectory() };
  } catch {
    return { path: full, target: undefined, directory: false };
  }
}

export const isInside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/** A link to a directory that contains the link itself: following it never ends. */
export async function isLoop(link: LinkInfo): Promise<boolean> {
  if (!link.directory || link.target === undefined) return false;
  const home = await realpath(path.dirname(link.path)).catch(() => undefined);
  return home !== undefined && isInside(home, link.target);
}

// Turns the `path` patterns into the list of files to publish and the root their keys are
// relative to, the way actions/upload-artifact does: the root is the least common ancestor of
// the patterns' search paths (a single file's root is its directory).
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { findLinks, isInside, isLoop, type LinkInfo } from './symlinks.js';

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
  /** Files and links left out, each with the reason to show in a warning. */
  skipped: { path: string; reason: string }[];
}

/** A glob engine with @actions/glob's semantics (`create`), passed in by the driver so that
 * the core imports no @actions/* package. */
export type GlobFactory = (patterns: string, options: { matchDirectories: boolean; implicitDescendants: boolean }) => Promise<Globber>;
export interface Globber {
  getSearchPaths(): string[];
  glob(): Promise<string[]>;
}

export interface FindOptions {
  glob: GlobFactory;
  includeHiddenFiles: boolean;
  /** Files reached through symbolic links must stay inside it (or inside a searched path). */
  workspace: string;
  /** The most files to take; 0 for no limit. */
  maxFiles: number;
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

const CONTROL = /[\u0000-\u001f\u007f]/;

async function realOrSelf(p: string): Promise<string> {
  return realpath(p).catch(() => path.resolve(p));
}

const GLOB_CHARS = /[*?[\]{}]/;

/** @actions/glob refuses `.` and `..` segments: resolve them, where that is unambiguous. */
export function normalizePattern(line: string): string {
  const negated = line.startsWith('!');
  const body = negated ? line.slice(1) : line;
  const segments = body.split(/[\\/]/);
  const lastDots = segments.findLastIndex((s) => s === '.' || s === '..');
  if (lastDots < 0) return line;
  if (segments.slice(0, lastDots).some((s) => GLOB_CHARS.test(s))) {
    throw new InputError(`input \`path\` has '${line}': a '..' after a wildcard is ambiguous; write the pattern without it`);
  }
  return `${negated ? '!' : ''}${path.resolve(body)}${body.endsWith('/') ? '/' : ''}`;
}

async function createGlobber(create: GlobFactory, patterns: string[]): Promise<Globber> {
  try {
    return await create(patterns.map(normalizePattern).join('\n'), { matchDirectories: false, implicitDescendants: true });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`input \`path\` has a pattern @actions/glob cannot read (${error instanceof Error ? error.message : String(error)}): fix that line`);
  }
}

function specialKind(info: Stats): string | undefined {
  if (info.isFIFO()) return 'named pipe';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'device';
  return undefined;
}

// Names shown in the one warning about special files; the rest are counted.
const SPECIAL_NAMES_SHOWN = 10;

/** One warning for every pipe, socket and device matched, however many there are. */
function specialFilesSkipped(special: string[]): { path: string; reason: string } {
  const shown = special.slice(0, SPECIAL_NAMES_SHOWN).join(', ');
  const more = special.length > SPECIAL_NAMES_SHOWN ? ` and ${special.length - SPECIAL_NAMES_SHOWN} more` : '';
  const one = special.length === 1;
  return {
    path: shown + more,
    reason: `${one ? 'it is not a regular file' : `these ${special.length} are not regular files`}, so ${one ? 'it is' : 'they are'} never read (pipes, sockets and devices have no contents to publish)`,
  };
}

export async function findFiles(patterns: string[], options: FindOptions): Promise<FoundFiles> {
  // Hidden files are judged below, relative to the root, so that a root the user named
  // explicitly (`path: .reports/`) is not itself treated as hidden.
  const globber = await createGlobber(options.glob, patterns);
  const searchPaths = globber.getSearchPaths();
  const matches = [...new Set(await globber.glob())].sort();
  const root = matches.length > 0 ? await searchRoot(searchPaths) : path.resolve(searchPaths[0] ?? '.');
  const hidden = (rel: string): boolean => !options.includeHiddenFiles && rel.split('/').some((s) => s.startsWith('.'));

  const candidates = matches.filter((m) => !hidden(toRelative(root, m)));
  const hiddenSkipped = matches.length - candidates.length;
  if (options.maxFiles > 0 && candidates.length > options.maxFiles) {
    throw new InputError(
      `input \`path\` matched ${candidates.length} files, more than \`max-files\` (${options.maxFiles}): narrow the pattern (e.g. add !**/node_modules/**) or raise \`max-files\``,
    );
  }

  const skipped: { path: string; reason: string }[] = [];
  const links = await findLinks(searchPaths);
  // Reading through a link is fine while it stays where the user pointed: the workspace, or a
  // path written in `path` (naming a place explicitly allows reading it).
  const allowed = await Promise.all([options.workspace, ...searchPaths].map(realOrSelf));
  const linkOf = (file: string): LinkInfo | undefined => links.find((l) => isInside(file, l.path));
  const refusedByLink = new Map<LinkInfo, number>();
  for (const link of links) {
    const rel = toRelative(root, link.path);
    if (hidden(rel)) continue;
    if (link.target === undefined) skipped.push({ path: rel, reason: 'it is a broken symbolic link' });
    else if (await isLoop(link)) skipped.push({ path: rel, reason: `it is a symbolic link to ${link.target}, which contains it (a loop): it is not followed` });
  }

  const files: FoundFile[] = [];
  const special: string[] = [];
  for (const absolutePath of candidates) {
    const relativePath = toRelative(root, absolutePath);
    if (CONTROL.test(relativePath)) {
      skipped.push({ path: JSON.stringify(relativePath).slice(1, -1), reason: 'its name has a control character, which S3 listings and browsers do not show reliably: rename it' });
      continue;
    }
    const link = linkOf(absolutePath);
    if (link !== undefined) {
      const real = await realOrSelf(absolutePath);
      if (!allowed.some((a) => isInside(real, a))) {
        refusedByLink.set(link, (refusedByLink.get(link) ?? 0) + 1);
        continue;
      }
    }
    // stat never opens the file: opening a FIFO blocks until a writer comes, a device such as
    // /dev/zero never ends, a socket cannot be opened at all.
    const info = await stat(absolutePath);
    const kind = specialKind(info);
    if (kind !== undefined) special.push(`${relativePath} (${kind})`);
    if (!info.isFile()) continue;
    files.push({ absolutePath, relativePath, size: info.size, modified: info.mtime });
  }
  if (special.length > 0) skipped.push(specialFilesSkipped(special));
  for (const [link, count] of refusedByLink) {
    const what = link.directory ? `the ${count} file${count === 1 ? '' : 's'} under it ${count === 1 ? 'is' : 'are'}` : 'it is';
    skipped.push({
      path: toRelative(root, link.path),
      reason: `it is a symbolic link to ${link.target}, outside the workspace, so ${what} left out: name that location in \`path\` to publish it`,
    });
  }
  return { root, files, hiddenSkipped, skipped };
}

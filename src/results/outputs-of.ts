// Which published outputs belong to a failed test, by three rules in order of how sure they are:
// 1. Playwright's own folder for the test (playwright-folders.ts), found by its folder name;
// 2. the paths the report ties to the test (`[[ATTACHMENT|path]]`), resolved as attachments.ts
//    says: one file is linked itself, several their closest common folder;
// 3. a folder or file whose name contains the test's name (slugified, any case): a screenshot
//    `adds-item-to-cart.png` of the test "adds item to cart".
// Pure: the published paths come in, a path in the publication (a folder ends in `/`) goes out.
import { folderFit, playwrightFolderNames } from './playwright-folders.js';

/** A test's name as the rule-3 match reads it: letters and digits, runs of others as `-`. */
export const slugify = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

// A shorter name ("a", "ok", "add") is in too many unrelated file names to say anything.
const MIN_SLUG_LENGTH = 4;

interface Entry {
  /** A file's path, or a folder's ending in `/`. */
  path: string;
  /** Its last segment. */
  name: string;
  folder: boolean;
  /** slugify(name), a file's extension cut. */
  slug: string;
  depth: number;
}

/** The published outputs, indexed once for every failure. */
export interface OutputsIndex {
  files: ReadonlySet<string>;
  entries: readonly Entry[];
}

export function outputsIndex(paths: readonly string[]): OutputsIndex {
  const folders = new Set<string>();
  const entries: Entry[] = [];
  for (const p of paths) {
    const segments = p.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = `${segments.slice(0, i).join('/')}/`;
      if (folders.has(folder)) continue;
      folders.add(folder);
      entries.push({ path: folder, name: segments[i - 1]!, folder: true, slug: slugify(segments[i - 1]!), depth: i });
    }
    const name = segments[segments.length - 1]!;
    entries.push({ path: p, name, folder: false, slug: slugify(name.replace(/\.[^.]*$/, '')), depth: segments.length });
  }
  return { files: new Set(paths), entries };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rule 1: Playwright's folder of the test, its first attempt's when there are several. */
export function playwrightFolder(test: { name: string; classname?: string }, index: OutputsIndex): string | undefined {
  const names = playwrightFolderNames(test);
  if (names.length === 0) return undefined;
  let best: { entry: Entry; fit: number } | undefined;
  for (const entry of index.entries) {
    if (!entry.folder) continue;
    const fit = folderFit(entry.name, names);
    if (fit === undefined) continue;
    if (best === undefined || fit < best.fit || (fit === best.fit && (entry.name.length < best.entry.name.length || (entry.name.length === best.entry.name.length && byText(entry.path, best.entry.path) < 0)))) {
      best = { entry, fit };
    }
  }
  return best?.entry.path;
}

/** Rule 2: one published attachment itself; several, their closest common folder (the first
 * one's folder when they share none but the root). */
export function attachmentsOutputs(published: readonly string[]): string | undefined {
  if (published.length <= 1) return published[0];
  const folders = published.map((p) => p.split('/').slice(0, -1));
  let common = folders[0]!;
  for (const f of folders.slice(1)) {
    let i = 0;
    while (i < common.length && i < f.length && common[i] === f[i]) i++;
    common = common.slice(0, i);
  }
  const folder = common.length > 0 ? common : folders[0]!;
  return folder.length > 0 ? `${folder.join('/')}/` : published[0];
}

/** Rule 3: the folder or file whose name holds the test's name most closely (the least else in
 * its name, a folder before a file, the shallowest, then by path). */
export function namedOutputs(testName: string, index: OutputsIndex, exclude: ReadonlySet<string> = new Set()): string | undefined {
  const slug = slugify(testName);
  if (slug.length < MIN_SLUG_LENGTH) return undefined;
  let best: Entry | undefined;
  const rank = (e: Entry): [number, number, number] => [e.slug.length - slug.length, e.folder ? 0 : 1, e.depth];
  for (const entry of index.entries) {
    if (exclude.has(entry.path) || !entry.slug.includes(slug)) continue;
    if (best === undefined) {
      best = entry;
      continue;
    }
    const [a, b] = [rank(entry), rank(best)];
    const order = a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || byText(entry.path, best.path);
    if (order < 0) best = entry;
  }
  return best?.path;
}

/** A failed test's outputs: the first rule that finds any. `attachments` are the test's
 * attachment paths already resolved to published paths (attachments.ts). */
export function outputsOf(test: { name: string; classname?: string; reportPath: string }, attachments: readonly string[], index: OutputsIndex): string | undefined {
  return playwrightFolder(test, index) ?? attachmentsOutputs(attachments) ?? namedOutputs(test.name, index, new Set([test.reportPath]));
}

// The summary's table of a publication: its top-level folders (with their file count and size)
// and files, folders first (pure).
import type { SummaryEntry } from './types.js';

/** The first level of a tree of files: folders (with their file count and size) and files. */
export function topLevel(files: { path: string; size: number }[]): Omit<SummaryEntry, 'url'>[] {
  const byName = new Map<string, Omit<SummaryEntry, 'url'>>();
  for (const f of files) {
    const slash = f.path.indexOf('/');
    const name = slash < 0 ? f.path : f.path.slice(0, slash);
    const entry = byName.get(name) ?? { name, folder: slash >= 0, files: 0, bytes: 0 };
    entry.files++;
    entry.bytes += f.size;
    byName.set(name, entry);
  }
  return [...byName.values()].sort((a, b) => Number(b.folder) - Number(a.folder) || (a.name < b.name ? -1 : 1));
}

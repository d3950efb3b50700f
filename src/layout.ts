// The publication layout: every name the action writes for itself, and the rules that keep
// those names off the user's files. The planner, the pages, the claim and the level pages all
// ask here, so "where does X go?" has one answer.
//
// Two kinds of place:
// - Inside a publication every name can be a user's file, so each generated object is given a
//   name that the publication's own files do not use (`freeName`): a user's `_listing.html`
//   or `_originals/` stays theirs, and the generated one moves aside.
// - At a level (a prefix above publications, such as `owner/repo/`), the action owns
//   `index.html` and `_children/`. Default prefix segments can never be these names
//   (files/keys.ts `keySegment`), and a custom prefix that uses one is refused.
export const INDEX_NAME = 'index.html';
/** The generated listing of a folder that has its own index.html (an HTML report). */
export const LISTING_NAME = '_listing.html';
export const MANIFEST_NAME = 'manifest.json';
/** Where keep-originals puts the uncompressed images. */
export const ORIGINALS_DIR = '_originals';
/** Where a publication's comparison with its baseline goes: its list of changes (`index.html`)
 * and, under `files/`, a page per changed file (comparePagePath) and an image's difference
 * (compareOverlayPath). */
export const COMPARE_DIR = '_compare';
/** Where JUnit reports named by an explicit `results` glob go when they are not among the
 * outputs themselves (results/extra-reports.ts): published, so that the results link them. */
export const RESULTS_DIR = '_results';
/** At a level: one object per child (a publication's claim, or a marker of a level below). */
export const CHILDREN_DIR = '_children';
/** At a history root: the stable links, `latest/<branch>/<test>/` and `pr/<n>/<test>/`. */
export const LATEST_DIR = 'latest';
export const PR_DIR = 'pr';
/** A stable link's page carries these metadata: `generated` = STABLE_LINK_GENERATED, and the
 * prefix of the publication it leads to, URI-encoded, under STABLE_LINK_TARGET (retention
 * removes the links that lead to what it deletes). */
export const STABLE_LINK_GENERATED = 'stable-link';
export const STABLE_LINK_TARGET = 'target-prefix';
/** In a stable link's folder, on servers that ignore conditional writes: one candidate per
 * writer, named by its order key, so that the link converges to the newest (history/stable-links.ts). */
export const STABLE_LINK_CANDIDATES_DIR = '_candidates';
/** The history root's own folders: no run segment, and no custom prefix segment after the first,
 * may be one of these, in any case (a case-insensitive file system behind a server folds them). */
export const HISTORY_DIRS: ReadonlySet<string> = new Set([LATEST_DIR, PR_DIR]);
export const isHistoryDir = (segment: string): boolean => HISTORY_DIRS.has(segment.toLowerCase());
/** At a history root: records of prunes in progress (retention). */
export const RETENTION_DIR = '_retention';
/** At a level: the parsed entries of its children, keyed by ETag, so pages render without a GET
 * per entry. */
export const HISTORY_CACHE_NAME = '_history.json';
/** Names a level keeps for itself: no prefix segment may be one of these (nor an archive
 * page's name: isLevelName). */
export const LEVEL_NAMES: ReadonlySet<string> = new Set([INDEX_NAME, CHILDREN_DIR, RETENTION_DIR, HISTORY_CACHE_NAME]);
/** At a level: the older rows of its page, `page-1.html` (the oldest) up (history/pages.ts). */
const ARCHIVE_PAGE = /^page-[1-9]\d*\.html$/;

export function archivePageName(n: number): string {
  return `page-${n}.html`;
}

/** Whether a level keeps `name` for itself (LEVEL_NAMES, or an archive page). */
export function isLevelName(name: string): boolean {
  return LEVEL_NAMES.has(name) || ARCHIVE_PAGE.test(name);
}

/** `name` with `-n` before its extension: `_listing.html` → `_listing-2.html`. */
export function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/** The first of `wanted`, `wanted-1`, `wanted-2`, … that `taken` does not hold. */
export function freeName(taken: ReadonlySet<string>, wanted: string): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 1; ; n++) {
    const name = numbered(wanted, n);
    if (!taken.has(name)) return name;
  }
}

/** The names at the root of a tree of relative paths: its files and its folders. */
export function rootNames(paths: readonly string[]): Set<string> {
  return new Set(paths.map((p) => p.split('/', 1)[0] as string));
}

/** Where a publication's own root-level objects go, given the user's files. */
export interface PublicationNames {
  /** `_originals`, or a free name beside it when the outputs have their own `_originals`. */
  originalsDir: string;
  /** `manifest.json`, or a free name when the outputs have their own manifest.json. */
  manifestPath: string;
  /** `_compare`, or a free name beside it when the outputs have their own `_compare`. */
  compareDir: string;
  /** `_results`, or a free name beside it when the outputs have their own `_results`. */
  resultsDir: string;
}

export function publicationNames(paths: readonly string[]): PublicationNames {
  const taken = rootNames(paths);
  return { originalsDir: freeName(taken, ORIGINALS_DIR), manifestPath: freeName(taken, MANIFEST_NAME), compareDir: freeName(taken, COMPARE_DIR), resultsDir: freeName(taken, RESULTS_DIR) };
}

/** The comparison page of the file at `path` (relative to the publication), relative to the
 * publication: every page name ends in `.html` after the whole file name, so no two collide. */
export function comparePagePath(compareDir: string, path: string): string {
  return `${compareDir}/files/${path}.html`;
}

/** The difference image of the image at `path`: ends in `.diff.png`, never a page's name. */
export function compareOverlayPath(compareDir: string, path: string): string {
  return `${compareDir}/files/${path}.diff.png`;
}

/** Page `k` (1-based) of a folder's generated listing, whose first page is `first`, avoiding
 * the names in `taken` (the folder's files and subfolders). */
export function pageFileName(first: string, k: number, taken: ReadonlySet<string>): string {
  if (k === 1) return first;
  return freeName(taken, first === LISTING_NAME ? numbered(LISTING_NAME, k) : `_page-${k}.html`);
}

/** The level a prefix sits in and its own name there: `a/b/c` → [`a/b`, `c`]; `c` → [``, `c`]. */
function split(prefix: string): [string, string] {
  const slash = prefix.lastIndexOf('/');
  return slash < 0 ? ['', prefix] : [prefix.slice(0, slash), prefix.slice(slash + 1)];
}

/** The object in the level above that names `prefix`: a publication's claim, or a level's
 * marker. One key per child, so concurrent writers never overwrite each other's. */
export function childKey(prefix: string): string {
  const [level, name] = split(prefix);
  return [level, CHILDREN_DIR, name].filter((p) => p !== '').join('/');
}

/** Every proper prefix of `prefix`: `a/b/c` → `a`, `a/b`. */
export function ancestorsOf(prefix: string): string[] {
  const segments = prefix.split('/');
  return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join('/'));
}

/** Folders that hold their own index.html (HTML reports, published exactly as they are), as
 * path prefixes: `` for the root, `report/` for a folder. */
export function reportFolders(paths: readonly string[]): string[] {
  return paths.filter((p) => p === INDEX_NAME || p.endsWith(`/${INDEX_NAME}`)).map((p) => p.slice(0, -INDEX_NAME.length));
}

/** Whether `path` belongs to one of the reports in `folders` (see reportFolders). */
export function inReport(path: string, folders: readonly string[]): boolean {
  return folders.some((dir) => path.startsWith(dir));
}

/** The outermost report folders ('' for the root, else ending in '/') that hold files besides
 * their index.html: in link-mode presigned, those files answer 403 to the report's own links. */
export function reportsWithOwnFiles(files: { path: string }[]): string[] {
  const reports = new Set(reportFolders(files.map((f) => f.path)));
  const outermost = (p: string): string | undefined => {
    if (reports.has('')) return '';
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) if (reports.has(p.slice(0, i + 1))) return p.slice(0, i + 1);
    return undefined;
  };
  const found = new Set<string>();
  for (const f of files) {
    const report = outermost(f.path);
    if (report !== undefined && f.path !== `${report}${INDEX_NAME}`) found.add(report);
  }
  return [...found].sort();
}

/** Where a publication sits in its history: the history root (the prefix without its run and
 * test segments: `owner/repo/run/test` → `owner/repo`), the run segment and the test segment.
 * Prefixes of fewer than three segments belong to no history (no stable links, no retention). */
export interface HistoryPlace {
  root: string;
  run: string;
  test: string;
}

export function historyPlace(prefix: string): HistoryPlace | undefined {
  const segments = prefix.split('/');
  if (segments.length < 3) return undefined;
  const test = segments.pop() as string;
  const run = segments.pop() as string;
  return { root: segments.join('/'), run, test };
}

/** The copy of a publication's entry at its history root, `<root>/_children/<run>/<test>`:
 * the repository page is rendered from one listing, not one per run. */
export function rootEntryKey(place: HistoryPlace): string {
  return [place.root, CHILDREN_DIR, place.run, place.test].join('/');
}

/** Every entry object a publication has in the levels above it: its claim, and its copy at the
 * history root. Retention deletes exactly these. */
export function entryKeys(prefix: string): string[] {
  const place = historyPlace(prefix);
  return place === undefined ? [childKey(prefix)] : [childKey(prefix), rootEntryKey(place)];
}

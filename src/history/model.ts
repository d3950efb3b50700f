// The rows of a level page, from the level's children and their entries (pure). A level's
// `_children/` holds what it lists: at a history root, a marker per run (`<run>`) and a copy of
// each publication's entry (`<run>/<test>`); at a run, each publication's claim (`<test>`); above
// the history root, a marker per level below. What a level is follows from what it holds, so a
// level re-rendered by anyone (a later publication, retention) gets the same page.
import { humanBytes } from '../util/format.js';
import type { HistoryEntry } from './entry.js';
import { resultsCell, type ResultsCell } from './results-cell.js';

export interface LevelChild {
  /** Its key under `<level>/_children/`: `unit`, or `1658821493-1/unit` at a history root. */
  name: string;
  /** When it was last written (the listing's time). */
  updatedAt: Date;
  /** Its entry, when it is a publication's (undefined for markers and older empty ones). */
  entry?: HistoryEntry;
}

export type LevelKind = 'repository' | 'run' | 'plain';

export function levelKind(children: readonly LevelChild[]): LevelKind {
  if (children.some((c) => c.name.includes('/'))) return 'repository';
  if (children.some((c) => c.entry !== undefined)) return 'run';
  return 'plain';
}

/** Tests shown in one row of the repository page; the rest are on the run's page, so no row
 * (and no page) grows with the size of a matrix. Names are shortened for the same reason (the
 * run page shows them whole): a row stays under about 5 KB whatever the entries hold. */
export const TESTS_PER_ROW = 10;
/** Test names the filter matches in one row: the first ones, shortened. */
const FILTER_TESTS = 30;
const NAME_CHARS = 60;
const TEXT_CHARS = 80;

/** `text` cut to `max` characters (code points), with an ellipsis. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text; // UTF-16 units: never fewer than code points
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const collator = new Intl.Collator('en', { numeric: true });
const seg = encodeURIComponent;

/** A link to the forge or the CI only if it is one: entries are read from the bucket, and a
 * `javascript:` URL planted there must not become a link. */
function safeUrl(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

/** The time shown and its machine form, from one toISOString (10,000 rows render each time). */
function times(at: Date): { time: string; iso: string } {
  const iso = at.toISOString();
  return { time: `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`, iso };
}

const num = (value: string | undefined): number | undefined => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);
const when = (c: LevelChild): Date => {
  const at = c.entry?.finishedAt ?? c.entry?.startedAt;
  const parsed = at === undefined ? NaN : Date.parse(at);
  return Number.isNaN(parsed) ? c.updatedAt : new Date(parsed);
};

const withResults = (results: readonly unknown[]): { results?: ResultsCell } => {
  const cell = resultsCell(results);
  return cell ? { results: cell } : {};
};

export interface TestCell {
  name: string;
  href: string;
  /** Set when the publication did not complete: `failed`, `writing`. */
  state?: string;
  /** Files that failed to upload. */
  failures?: number;
}

export interface RunRow {
  /** The run's key segment, which also sorts runs without entries. */
  segment: string;
  // Links are '' when there is none: mustache would otherwise look the name up in the page.
  run: { label: string; href: string };
  /** The run's page on this level. */
  runPage: string;
  event?: string;
  branch?: string;
  pr?: { number: number; label: string; title: string; href: string };
  commit?: { short: string; href: string };
  tests: TestCell[];
  /** Tests beyond TESTS_PER_ROW, shown on the run's page. */
  moreTests?: number;
  files: number;
  failures: number;
  /** The test results of its publications together, when any has some. */
  results?: ResultsCell;
  time: string;
  iso: string;
  /** What the filter matches, lower-cased: one line per test name. */
  filterTests: string;
  // The sort order: the run id (GitHub's and GitLab's grow across the repository's workflows,
  // which number their runs each on its own), then the attempt, then the time.
  order: { id: number | undefined; attempt: number; at: number };
}

function testCell(c: LevelChild, href: string): TestCell {
  const e = c.entry;
  const name = e?.testName ?? c.name.slice(c.name.lastIndexOf('/') + 1);
  return {
    name,
    href,
    ...(e && e.state !== 'complete' ? { state: e.state } : {}),
    ...(e?.failures ? { failures: e.failures } : {}),
  };
}

/** The link to a publication's root page from its run's level. */
function entryLink(c: LevelChild, test: string): string {
  return c.entry?.link ?? `${seg(test)}/index.html`;
}

function runOrder(a: RunRow, b: RunRow): number {
  const x = a.order;
  const y = b.order;
  // Runs with a numeric id come first (newest first), then the rest by time.
  if ((x.id === undefined) !== (y.id === undefined)) return x.id === undefined ? 1 : -1;
  return (y.id ?? 0) - (x.id ?? 0) || y.attempt - x.attempt || y.at - x.at || collator.compare(b.segment, a.segment);
}

/** One row per run of a history root, newest first. */
export function runRows(children: readonly LevelChild[]): RunRow[] {
  const runs = new Map<string, { marker?: LevelChild; tests: LevelChild[] }>();
  for (const c of children) {
    const slash = c.name.indexOf('/');
    const run = slash < 0 ? c.name : c.name.slice(0, slash);
    const group = runs.get(run) ?? { tests: [] };
    if (slash < 0) group.marker = c;
    else if (!c.name.slice(slash + 1).includes('/')) group.tests.push(c);
    runs.set(run, group);
  }
  const rows: RunRow[] = [];
  for (const [segment, group] of runs) {
    const testName = (c: LevelChild): string => c.entry?.testName ?? c.name.slice(c.name.lastIndexOf('/') + 1);
    const tests = group.tests.length > 1 ? [...group.tests].sort((a, b) => collator.compare(testName(a), testName(b))) : group.tests;
    const first = tests.find((t) => t.entry !== undefined)?.entry;
    // The entries' times; only a run without any (an older version's marker) by its listing.
    const timed = tests.some((t) => t.entry !== undefined) ? tests.filter((t) => t.entry !== undefined) : [group.marker, ...tests];
    const latest = timed.filter((c): c is LevelChild => c !== undefined).map(when);
    const at = new Date(Math.max(...latest.map((d) => d.getTime())));
    const runNumber = num(first?.runNumber);
    const runLabel = runNumber !== undefined ? `#${runNumber}${first?.runAttempt && first.runAttempt !== '1' ? ` (attempt ${first.runAttempt})` : ''}` : segment;
    const runHref = safeUrl(first?.runUrl);
    const cells = tests.map((t) => {
      const test = t.name.slice(segment.length + 1);
      return testCell(t, `${seg(segment)}/${entryLink(t, test)}`);
    });
    const shown = cells.slice(0, TESTS_PER_ROW).map((c) => ({ ...c, name: shorten(c.name, NAME_CHARS) }));
    const pr = first?.pr;
    const prHref = safeUrl(pr?.url);
    const commitHref = safeUrl(first?.commitUrl);
    rows.push({
      segment,
      run: { label: runLabel, href: runHref ?? '' },
      runPage: `${seg(segment)}/index.html`,
      ...(first?.event ? { event: first.event } : {}),
      ...(first?.branch ? { branch: shorten(first.branch, TEXT_CHARS) } : {}),
      ...(pr ? { pr: { number: pr.number, label: `#${pr.number}`, title: shorten(pr.title ?? '', TEXT_CHARS), href: prHref ?? '' } } : {}),
      ...(first?.commit ? { commit: { short: first.commit.slice(0, 7), href: commitHref ?? '' } } : {}),
      tests: shown,
      ...(cells.length > TESTS_PER_ROW ? { moreTests: cells.length - TESTS_PER_ROW } : {}),
      files: tests.reduce((n, t) => n + (t.entry?.files ?? 0), 0),
      failures: tests.reduce((n, t) => n + (t.entry?.failures ?? 0), 0),
      ...withResults(tests.map((t) => t.entry?.results)),
      ...times(at),
      filterTests: cells.slice(0, FILTER_TESTS).map((c) => shorten(c.name, NAME_CHARS).toLowerCase()).join('\n'),
      // Older versions' runs have no entry, but their segment is `<run id>-<attempt>`.
      order: { id: num(first?.runId) ?? num(segment.split('-')[0]), attempt: num(first?.runAttempt) ?? num(segment.split('-')[1]) ?? 0, at: at.getTime() },
    });
  }
  return rows.sort(runOrder);
}

export interface TestRow {
  name: string;
  href: string;
  state: string;
  files: string;
  size: string;
  failures: number;
  images: string;
  /** The publication's test results, when it has some. */
  results?: ResultsCell;
  time: string;
  iso: string;
}

/** One row per publication of a run, by test name. */
export function testRows(children: readonly LevelChild[]): TestRow[] {
  return children
    .filter((c) => !c.name.includes('/'))
    .map((c) => {
      const e = c.entry;
      const at = when(c);
      return {
        name: e?.testName ?? c.name,
        href: entryLink(c, c.name),
        state: e?.state ?? '',
        files: e?.files === undefined ? '' : String(e.files),
        size: e?.bytes === undefined ? '' : humanBytes(e.bytes),
        failures: e?.failures ?? 0,
        images: e?.images === undefined ? '' : String(e.images),
        ...withResults([e?.results]),
        ...times(at),
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name) || (a.href < b.href ? -1 : 1));
}

// The history's level pages from entries (pure): rows, order, links, pagination, and the pages
// against reviewed golden files in __fixtures__/golden/history/ (`npm run update-golden`).
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryOwner, parseEntry, type HistoryEntry } from '../src/history/entry.js';
import { levelKind, runRows, testRows, TESTS_PER_ROW, type LevelChild } from '../src/history/model.js';
import { historyPages, paginate } from '../src/history/pages.js';
import { HISTORY_CSP, renderHistoryPage } from '../src/history/render.js';
import { templates } from '../src/report/templates.generated.js';

const goldenDir = path.resolve(import.meta.dirname, '../__fixtures__/golden/history');
const update = process.env['UPDATE_GOLDEN'] === '1';

async function golden(name: string, html: string): Promise<void> {
  const file = path.join(goldenDir, name);
  if (update) {
    await mkdir(goldenDir, { recursive: true });
    await writeFile(file, html);
  }
  expect(html).toBe(await readFile(file, 'utf8'));
}

const at = (minute: number): string => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();

function entry(run: { id: number; number: number; branch: string; pr?: { number: number; title: string } }, test: string, over: Partial<HistoryEntry> = {}): HistoryEntry {
  const owner = entryOwner(test, {
    repository: 'octo-org/octo-repo',
    sha: `${run.id.toString(16).padStart(8, 'a')}0123456789abcdef0123456789abcdef`,
    ref: run.pr ? `refs/pull/${run.pr.number}/merge` : `refs/heads/${run.branch}`,
    runId: String(run.id),
    runAttempt: '1',
    workflow: 'CI',
    job: 'test',
    serverUrl: 'https://github.com',
    workspace: '/w',
    branch: run.branch,
    event: run.pr ? 'pull_request' : 'push',
    runNumber: String(run.number),
    commitUrl: `https://github.com/octo-org/octo-repo/commit/${run.id}`,
    runUrl: `https://github.com/octo-org/octo-repo/actions/runs/${run.id}/attempts/1`,
    ...(run.pr ? { pullRequest: { number: run.pr.number, title: run.pr.title, url: `https://github.com/octo-org/octo-repo/pull/${run.pr.number}` } } : {}),
  });
  return {
    kind: 'publication',
    version: 2,
    token: 't',
    prefix: `octo-org/octo-repo/${run.id}-1/${test}`,
    state: 'complete',
    startedAt: at(run.number),
    finishedAt: at(run.number + 1),
    files: 12,
    bytes: 34_567,
    failures: 0,
    images: 3,
    link: `${encodeURIComponent(test)}/index.html`,
    ...owner,
    ...over,
  };
}

const push = { id: 5001, number: 40, branch: 'main' };
const pr1 = { id: 5002, number: 41, branch: 'feature/x', pr: { number: 17, title: 'Plots <with> "care"' } };
const pr2 = { id: 5003, number: 42, branch: 'feature/x', pr: { number: 17, title: 'Plots <with> "care"' } };
const updatedAt = new Date('2026-12-01T12:00:00Z');

/** What a history root's `_children/` holds for `runs`: a marker and a copy per test. */
function rootChildren(runs: { run: typeof push; tests: [string, Partial<HistoryEntry>?][] }[]): LevelChild[] {
  return runs.flatMap(({ run, tests }) => [
    { name: `${run.id}-1`, updatedAt },
    ...tests.map(([t, over]) => ({ name: `${run.id}-1/${encodeURIComponent(t)}`, updatedAt, entry: entry(run, t, over) })),
  ]);
}

const three = rootChildren([
  { run: push, tests: [['unit'], ['e2e']] },
  { run: pr1, tests: [['unit', { failures: 2 }]] },
  { run: pr2, tests: [['unit'], ['e2e <chromium>', { state: 'failed' }]] },
]);

describe('history entries', () => {
  it('read this version, the first version of claims, and nothing from a marker', () => {
    expect(parseEntry(Buffer.from(JSON.stringify(entry(push, 'unit'))))?.branch).toBe('main');
    const v1 = { kind: 'publication', version: 1, token: 'x', prefix: 'o/r/1-1/unit', state: 'complete', startedAt: at(0), testName: 'unit', repository: 'o/r', commit: 'abc', runId: '1', runAttempt: '1', workflow: 'w', job: 'j' };
    expect(parseEntry(Buffer.from(JSON.stringify(v1)))?.testName).toBe('unit');
    expect(parseEntry(Buffer.alloc(0))).toBeUndefined();
    expect(parseEntry(Buffer.from('{"kind":"other"}'))).toBeUndefined();
  });

  it('leave out what the run context does not have', () => {
    const owner = entryOwner('t', { repository: 'o/r', sha: 's', ref: '', runId: '1', runAttempt: '1', workflow: 'w', job: 'j', serverUrl: '', workspace: '', branch: '' });
    expect(owner).toEqual({ testName: 't', repository: 'o/r', commit: 's', runId: '1', runAttempt: '1', workflow: 'w', job: 'j' });
  });
});

describe('the repository page', () => {
  it('is what a history root with run entries is; a run level holds claims; above them, markers', () => {
    expect(levelKind(three)).toBe('repository');
    expect(levelKind([{ name: 'unit', updatedAt, entry: entry(push, 'unit') }])).toBe('run');
    expect(levelKind([{ name: 'octo-repo', updatedAt }])).toBe('plain');
  });

  it('has one row per run, newest first, with branch, PR, commit and the tests linked to their publications', () => {
    const rows = runRows(three);
    expect(rows.map((r) => r.segment)).toEqual(['5003-1', '5002-1', '5001-1']);
    const [newest, , oldest] = rows;
    expect(newest!.run).toEqual({ label: '#42', href: 'https://github.com/octo-org/octo-repo/actions/runs/5003/attempts/1' });
    expect(newest!.pr).toEqual({ number: 17, label: '#17', title: 'Plots <with> "care"', href: 'https://github.com/octo-org/octo-repo/pull/17' });
    expect(newest!.branch).toBe('feature/x');
    expect(newest!.commit?.short).toBe('aaaa138');
    expect(newest!.tests).toEqual([
      { name: 'e2e <chromium>', href: '5003-1/e2e%20%3Cchromium%3E/index.html', state: 'failed' },
      { name: 'unit', href: '5003-1/unit/index.html' },
    ]);
    expect(rows[1]!.failures).toBe(2);
    expect(oldest!.pr).toBeUndefined();
    expect(oldest!.files).toBe(24);
  });

  it('orders by run id, then attempt, then time; runs of older versions (a bare marker) by their segment', () => {
    const legacy: LevelChild[] = [
      { name: '4000-1', updatedAt: new Date('2026-11-01T00:00:00Z') },
      { name: '4000-2', updatedAt: new Date('2026-11-01T00:00:00Z') },
      { name: 'nightly', updatedAt: new Date('2026-12-02T00:00:00Z') },
    ];
    expect(runRows([...legacy, ...three]).map((r) => r.segment)).toEqual(['5003-1', '5002-1', '5001-1', '4000-2', '4000-1', 'nightly']);
    expect(runRows(legacy).find((r) => r.segment === '4000-1')).toMatchObject({ run: { label: '4000-1', href: '' }, tests: [], files: 0 });
  });

  it('links only http(s) URLs from entries, whatever the bucket holds', () => {
    const planted = rootChildren([{ run: push, tests: [['unit', { runUrl: 'javascript:alert(1)', commitUrl: 'data:text/html,x' }]] }]);
    const [row] = runRows(planted);
    expect(row!.run.href).toBe('');
    expect(row!.commit?.href).toBe('');
    expect(renderHistoryPage(historyPages(['o', 'r'], 'repository', planted)![0]!)).not.toMatch(/javascript:|data:text/);
  });

  it('shows at most TESTS_PER_ROW tests in a row, the rest on the run page', () => {
    const many = rootChildren([{ run: push, tests: Array.from({ length: TESTS_PER_ROW + 5 }, (_, i): [string] => [`shard-${String(i).padStart(2, '0')}`]) }]);
    const [row] = runRows(many);
    expect(row!.tests).toHaveLength(TESTS_PER_ROW);
    expect(row!.moreTests).toBe(5);
    expect(row!.filterTests.split('\n')).toHaveLength(TESTS_PER_ROW + 5); // the filter finds those too
  });

  it('allows its filter script by hash, escapes what entries hold, and matches its golden file', async () => {
    const pages = historyPages(['octo-org', 'octo-repo'], 'repository', three)!;
    expect(pages.map((p) => p.page.name)).toEqual(['index.html']);
    const html = renderHistoryPage(pages[0]!);
    const hash = createHash('sha256').update(templates['history-filter.js.txt']).digest('base64');
    expect(HISTORY_CSP).toContain(`'sha256-${hash}'`);
    expect(html).toContain(`<script>${templates['history-filter.js.txt']}</script>`);
    expect(html).not.toContain('<with>');
    expect(html).toContain('data-pr="17"');
    await golden('repository.html', html);
  });
});

describe('the run page', () => {
  const children: LevelChild[] = [
    { name: 'unit', updatedAt, entry: entry(push, 'unit', { failures: 1 }) },
    { name: 'e2e--0123456789ab', updatedAt, entry: entry(push, 'e2e tests', { state: 'writing', link: 'e2e--0123456789ab/index.html' }) },
    { name: 'legacy', updatedAt },
  ];

  it('lists the tests with files, failures, images and status, by the names their entries record', () => {
    expect(testRows(children).map((r) => [r.name, r.href, r.state, r.failures, r.images])).toEqual([
      ['e2e tests', 'e2e--0123456789ab/index.html', 'writing', 0, '3'],
      ['legacy', 'legacy/index.html', '', 0, ''],
      ['unit', 'unit/index.html', 'complete', 1, '3'],
    ]);
  });

  it('matches its golden file', async () => {
    const pages = historyPages(['octo-org', 'octo-repo', '5001-1'], 'run', children)!;
    await golden('run.html', renderHistoryPage(pages[0]!));
  });
});

describe('pagination', () => {
  const runsOf = (n: number): LevelChild[] =>
    rootChildren(Array.from({ length: n }, (_, i) => ({ run: { id: 6000 + i, number: 100 + i, branch: 'main' }, tests: [['unit']] as [string][] })));

  it('puts the newest rows on index.html and older ones on archive pages numbered from the oldest', () => {
    const split = paginate([7, 6, 5, 4, 3, 2, 1], 3);
    expect(split.map((p) => [p.name, p.rows])).toEqual([
      ['index.html', [7, 6, 5]],
      ['page-1.html', [3, 2, 1]],
      ['page-2.html', [4]],
    ]);
  });

  it('a new run changes index.html and the newest archive page only', () => {
    const render = (n: number): Map<string, string> =>
      new Map(historyPages(['o', 'r'], 'repository', runsOf(n), 3)!.map((p) => [p.page.name, renderHistoryPage(p)]));
    const before = render(10);
    const after = render(11);
    expect([...before.keys()]).toEqual(['index.html', 'page-1.html', 'page-2.html', 'page-3.html']);
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name));
    expect(changed).toEqual(['index.html', 'page-3.html']);
    // A full newest archive: the next run starts another, and the full one's "newer" link moves.
    const next = render(13);
    expect([...next.keys()]).toEqual(['index.html', 'page-1.html', 'page-2.html', 'page-3.html', 'page-4.html']);
    expect([...next.keys()].filter((name) => next.get(name) !== render(12).get(name))).toEqual(['index.html', 'page-3.html', 'page-4.html']);
  });

  it('links every archive page from index.html, and each archive to its neighbours', async () => {
    const pages = historyPages(['o', 'r'], 'repository', runsOf(7), 3)!;
    const index = renderHistoryPage(pages[0]!);
    expect(index).toContain('href="page-2.html">runs 4–4</a>');
    expect(index).toContain('href="page-1.html">runs 1–3</a>');
    const oldest = renderHistoryPage(pages[1]!);
    expect(oldest).toContain('<a href="page-2.html">newer</a>');
    expect(oldest).not.toContain('>older</a>');
    await golden('repository-page-1.html', oldest);
    const newestArchive = renderHistoryPage(pages[2]!);
    expect(newestArchive).toContain('<a href="index.html">newer</a>');
    expect(newestArchive).toContain('<a href="page-1.html">older</a>');
  });

  it('keeps every page of 10,000 runs of 40 long-named tests, with long branches and titles, under 1 MB', () => {
    const long = 'a-rather-long-test-name-for-a-matrix-job-'.repeat(2);
    const big = rootChildren(
      Array.from({ length: 10_000 }, (_, i) => ({
        run: { id: 100_000 + i, number: i, branch: `feature/${'x'.repeat(80)}-${i}`, pr: { number: i, title: 'A pull request title that is long enough '.repeat(3) } },
        tests: Array.from({ length: 40 }, (_, t): [string] => [`${long}${t}`]),
      })),
    );
    const pages = historyPages(['octo-org', 'octo-repo'], 'repository', big)!;
    expect(pages).toHaveLength(50);
    const largest = Math.max(...pages.map((p) => Buffer.byteLength(renderHistoryPage(p))));
    expect(largest).toBeLessThan(1024 * 1024);
  });
});

describe('test results on the history pages', () => {
  const counts = (passed: number, failed: number) => ({ passed, failed, skipped: 1, flaky: 0, total: passed + failed + 1, durationMs: 10 });
  const withResults = rootChildren([
    { run: push, tests: [['unit', { results: counts(120, 0) }], ['e2e', { results: counts(30, 3) }], ['lint']] },
    { run: pr1, tests: [['unit', { results: counts(120, 0) }]] },
    { run: pr2, tests: [['unit']] },
  ]);

  it('give each run its counts summed over its tests, and a mark; nothing for a run without results', () => {
    const rows = runRows(withResults);
    expect(rows.map((r) => r.results)).toEqual([
      undefined,
      { mark: '✅', markLabel: 'passed', counts: '120 passed' },
      { mark: '❌', markLabel: 'failed', counts: '3 failed · 150 passed' },
    ]);
    // Planted counts that are not whole numbers show nothing.
    const planted = rootChildren([{ run: push, tests: [['unit', { results: { passed: '<b>1</b>', failed: -1 } as never }]] }]);
    expect(runRows(planted)[0]!.results).toBeUndefined();
  });

  it('show the mark as an image a screen reader names, and match their golden files', async () => {
    const repo = renderHistoryPage(historyPages(['octo-org', 'octo-repo'], 'repository', withResults)![0]!);
    expect(repo).toContain('<td class="tests"><span class="results"><span role="img" aria-label="failed">❌</span> 3 failed · 150 passed</span><br>');
    expect(repo.match(/role="img"/g)).toHaveLength(2);
    await golden('repository-results.html', repo);
    const run = historyPages(['octo-org', 'octo-repo', '5001-1'], 'run', [
      { name: 'unit', updatedAt, entry: entry(push, 'unit', { results: counts(120, 0) }) },
      { name: 'e2e', updatedAt, entry: entry(push, 'e2e', { results: counts(30, 3) }) },
      { name: 'lint', updatedAt, entry: entry(push, 'lint') },
    ])!;
    expect(run[0]!.page.view.rows.map((r) => r.results?.counts)).toEqual(['3 failed · 30 passed', undefined, '120 passed']);
    const html = renderHistoryPage(run[0]!);
    expect(html).toContain('<td>complete<br><span class="results"><span role="img" aria-label="passed">✅</span> 120 passed</span></td>');
    expect(html).toContain('<td>complete</td>');
    await golden('run-results.html', html);
  });
});

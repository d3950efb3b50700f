// Stable links in process: the order of publications, where the links go, the redirect page
// (golden file), and the writer against the in-memory store, conditional and not, with the
// older writer held back so that it finishes last.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../src/config.js';
import { relativeHref } from '../src/files/keys.js';
import { renderStableLinkPage, stableLinkPlaces } from '../src/history/stable-link-page.js';
import { STABLE_LINK_ORDER, writeStableLinks, type StableLinkOptions } from '../src/history/stable-links.js';
import { compareStableOrder, stableOrderKey } from '../src/history/stable-order.js';
import { STABLE_LINK_GENERATED, STABLE_LINK_TARGET } from '../src/layout.js';
import { createFakeStore, type FakeStore } from '../src/store/fake.js';
import type { ObjectStore } from '../src/store/store.js';

const T0 = new Date('2026-12-01T17:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const order = (runId: string, runAttempt: string, startedAt: Date, prefix = 'o/r/x/t', runNumber?: string): string =>
  stableOrderKey({ runId, runAttempt, ...(runNumber !== undefined ? { runNumber } : {}) }, startedAt, prefix);
const newer = (a: string, b: string): boolean => compareStableOrder(a, b) > 0;

describe('the order of publications', () => {
  it('ranks numeric run ids as numbers, not as text, and beyond what a double holds exactly', () => {
    expect(newer(order('10', '1', T0), order('9', '1', T0))).toBe(true);
    expect(newer(order('9007199254740993', '1', T0), order('9007199254740992', '1', T0))).toBe(true);
    expect(newer(order('0010', '1', T0), order('9', '1', T0))).toBe(true);
  });

  it('ranks a later attempt of a run above the first, and a newer run above a later re-run of an older one', () => {
    expect(newer(order('100', '2', at(1)), order('100', '1', at(0)))).toBe(true);
    expect(newer(order('101', '1', at(0)), order('100', '2', at(30)))).toBe(true);
  });

  it('breaks ties by start time, then by prefix, so that two publications never compare equal', () => {
    expect(newer(order('5', '1', at(2)), order('5', '1', at(1)))).toBe(true);
    const a = order('5', '1', T0, 'o/r/5-1/unit');
    const b = order('5', '1', T0, 'o/r/5-1/e2e');
    expect(compareStableOrder(a, b)).not.toBe(0);
    expect(compareStableOrder(a, b)).toBe(-compareStableOrder(b, a));
    expect(compareStableOrder(a, a)).toBe(0);
  });

  it('ranks runs without a numeric id by their run number, then by start time; numbered CI runs above both', () => {
    const circle = (n: string, t: Date) => order('3f2a-uuid', '1', t, 'o/r/x/t', n);
    expect(newer(circle('12', at(0)), circle('11', at(5)))).toBe(true);
    expect(newer(order('local-20261201', '1', at(5)), order('local-20261130', '1', at(0)))).toBe(true);
    expect(newer(circle('1', at(0)), order('local-x', '1', at(9)))).toBe(true);
    expect(newer(order('1', '1', at(0)), circle('99', at(9)))).toBe(true);
    // A run id too long to be a run counter ranks as no number at all.
    expect(newer(order('1', '1', at(0)), order('1'.repeat(21), '1', at(9)))).toBe(true);
  });

  it('is a total order: sorting keys made in any order gives one sequence', () => {
    const keys = [order('7', '1', at(3)), order('7', '2', at(1)), order('8', '1', at(0)), order('abc', '1', at(9)), order('x', '1', at(9), 'o/r/x/t', '4')];
    const sorted = [...keys].sort(compareStableOrder);
    expect([...keys].reverse().sort(compareStableOrder)).toEqual(sorted);
    expect(sorted).toEqual([keys[3], keys[4], keys[0], keys[1], keys[2]]);
  });

  it('ranks a missing or foreign key below every key', () => {
    expect(newer(order('1', '1', T0), 'garbage')).toBe(true);
    expect(compareStableOrder(undefined, order('1', '1', T0))).toBe(-1);
  });
});

describe('where the stable links go', () => {
  it('one per branch (key-safe) and one per pull request, at the history root, named by the test segment', () => {
    const places = stableLinkPlaces('octo-org/octo-repo/1658821493-1/unit', { branch: 'feature/x', pullRequest: { number: 17 } });
    expect(places.map((p) => p.key)).toEqual([
      expect.stringMatching(/^octo-org\/octo-repo\/latest\/feature-x--[0-9a-f]{12}\/unit\/index\.html$/),
      'octo-org/octo-repo/pr/17/unit/index.html',
    ]);
    expect(stableLinkPlaces('a/b/c/d/run-1/unit', { branch: 'main' }).map((p) => p.key)).toEqual(['a/b/c/d/latest/main/unit/index.html']);
  });

  it('none for a prefix of fewer than three segments, nor without a branch or pull request', () => {
    expect(stableLinkPlaces('results/unit', { branch: 'main', pullRequest: { number: 1 } })).toEqual([]);
    expect(stableLinkPlaces('o/r/1-1/unit', {})).toEqual([]);
  });

  it('a branch named like a level, or like the history folders, gets a changed segment', () => {
    for (const branch of ['index.html', 'latest', 'PR', '_children']) {
      const [place] = stableLinkPlaces('o/r/1-1/unit', { branch });
      expect(place?.key.split('/')[3]).toMatch(/--[0-9a-f]{12}$/);
    }
  });

  it('links relatively, so the page works under any host', () => {
    expect(relativeHref('o/r/latest/main/unit/index.html', 'o/r/1-1/unit/index.html')).toBe('../../../1-1/unit/index.html');
    expect(relativeHref('o/r/pr/17/a b/index.html', 'o/r/1-1/a b/_listing.html')).toBe('../../../1-1/a%20b/_listing.html');
  });
});

describe('the redirect page', () => {
  const facts = { key: 'o/r/pr/17/unit/index.html', targetKey: 'o/r/1658821493-2/unit/index.html', testName: 'unit <tests> & "more"', follows: 'pull request #17', runLabel: '#1658821493 attempt 2' };

  it('refreshes to the publication and links it plainly, names escaped; matches its golden file', async () => {
    const html = renderStableLinkPage(facts);
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=../../../1658821493-2/unit/index.html">');
    expect(html).toContain('<a href="../../../1658821493-2/unit/index.html">');
    expect(html).not.toContain('<tests>');
    const golden = path.resolve(import.meta.dirname, '../__fixtures__/golden/stable-link/index.html');
    if (process.env['UPDATE_GOLDEN'] === '1') {
      await mkdir(path.dirname(golden), { recursive: true });
      await writeFile(golden, html);
    }
    expect(html).toBe(await readFile(golden, 'utf8'));
  });
});

const context = (runId: string, runAttempt = '1'): RunContext => ({
  repository: 'o/r', sha: 'abc', ref: '', runId, runAttempt, workflow: 'CI', job: 'test', serverUrl: 'https://github.com', workspace: '/w',
  branch: 'main', pullRequest: { number: 17 },
});

const options = (store: ObjectStore, runId: string, conditional: boolean, startedAt = T0): StableLinkOptions => ({
  store,
  prefix: `o/r/${runId}-1/unit`,
  rootKey: `o/r/${runId}-1/unit/index.html`,
  testName: 'unit',
  context: context(runId),
  startedAt,
  objects: { acl: 'public-read', storageClass: 'STANDARD_IA', tagging: 'team=qa' },
  conditional,
  log: { info: () => undefined, debug: () => undefined, warning: () => undefined },
});

const LATEST = 'o/r/latest/main/unit/index.html';
const PR = 'o/r/pr/17/unit/index.html';

/** The store, with every page PUT of `runId` held until `release` is called. */
function holding(store: FakeStore, runId: string): { store: ObjectStore; release: () => void; held: () => number } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = 0;
  const wrapped: ObjectStore = {
    ...store,
    async putIf(r, c) {
      if (r.key.endsWith('/index.html') && r.body.toString().includes(`/${runId}-1/`)) {
        held++;
        await gate;
      }
      return store.putIf(r, c);
    },
  };
  return { store: wrapped, release, held: () => held };
}

describe.each([
  ['a server that honours conditional writes', false],
  ['a server that ignores them', true],
])('writing the links on %s', (_name, ignoreConditions) => {
  const conditional = !ignoreConditions;

  it('writes each page as a stable link, with the contract metadata, the publication\'s ACL and tags, no-cache', async () => {
    const store = createFakeStore({ ignoreConditions });
    const results = await writeStableLinks(options(store, '100', conditional));
    expect(results.map((r) => [r.key, r.outcome])).toEqual([[LATEST, 'written'], [PR, 'written']]);
    const page = store.objects.get(LATEST)!;
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(page.cacheControl).toBe('no-cache');
    expect(page.metadata).toEqual({ generated: STABLE_LINK_GENERATED, [STABLE_LINK_TARGET]: encodeURIComponent('o/r/100-1/unit'), [STABLE_LINK_ORDER]: stableOrderKey(context('100'), T0, 'o/r/100-1/unit') });
    expect(page.body.toString()).toContain('url=../../../100-1/unit/index.html');
  });

  it('a newer publication replaces the link; an older one that comes later leaves it', async () => {
    const store = createFakeStore({ ignoreConditions });
    await writeStableLinks(options(store, '100', conditional));
    await writeStableLinks(options(store, '101', conditional));
    expect(store.objects.get(LATEST)?.metadata[STABLE_LINK_TARGET]).toBe(encodeURIComponent('o/r/101-1/unit'));
    const late = await writeStableLinks(options(store, '100', conditional, at(60)));
    expect(late.map((r) => r.outcome)).toEqual(['newer-stands', 'newer-stands']);
    expect(store.objects.get(LATEST)?.metadata[STABLE_LINK_TARGET]).toBe(encodeURIComponent('o/r/101-1/unit'));
  });

  it('an older publication whose write is held until the newer one has finished never moves the link back', async () => {
    const store = createFakeStore({ ignoreConditions });
    const slow = holding(store, '100');
    const older = writeStableLinks(options(slow.store, '100', conditional));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slow.held()).toBe(2);
    await writeStableLinks(options(store, '101', conditional));
    slow.release();
    await older;
    for (const key of [LATEST, PR]) expect(store.objects.get(key)?.metadata[STABLE_LINK_TARGET]).toBe(encodeURIComponent('o/r/101-1/unit'));
    // Only the newest candidate is left behind (none at all where conditions hold).
    const candidates = [...store.objects.keys()].filter((k) => k.includes('/_candidates/'));
    expect(candidates.length).toBe(ignoreConditions ? 2 : 0);
  });

  it('ends on the newest of several writers whose every request is delayed at random', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const store = createFakeStore({ ignoreConditions });
      const jitter = async <T>(fn: () => Promise<T>): Promise<T> => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 6));
        return fn();
      };
      const slow: ObjectStore = {
        ...store,
        put: (r) => jitter(() => store.put(r)),
        putIf: (r, c) => jitter(() => store.putIf(r, c)),
        head: (k) => jitter(() => store.head(k)),
        get: (k) => jitter(() => store.get(k)),
        list: (p, opt) => jitter(() => store.list(p, opt)),
        delete: (k) => jitter(() => store.delete(k)),
      };
      const runs = ['200', '201', '202', '203'].sort(() => Math.random() - 0.5);
      await Promise.all(runs.map((run) => writeStableLinks(options(slow, run, conditional))));
      for (const key of [LATEST, PR]) expect(store.objects.get(key)?.metadata[STABLE_LINK_TARGET]).toBe(encodeURIComponent('o/r/203-1/unit'));
    }
  });

  it('leaves a page there that this action did not write', async () => {
    const store = createFakeStore({ ignoreConditions });
    await store.put({ key: LATEST, body: Buffer.from('mine'), contentType: 'text/html' });
    const results = await writeStableLinks(options(store, '100', conditional));
    expect(results.map((r) => r.outcome)).toEqual(['foreign', 'written']);
    expect(store.objects.get(LATEST)?.body.toString()).toBe('mine');
    expect([...store.objects.keys()].filter((k) => k.startsWith('o/r/latest/'))).toEqual([LATEST]);
  });
});

// Which publications retention selects: by their claim's time (end, else start, else the
// listing's), whole runs only, never the publication just made nor a job still at work, bounded
// per run, oldest first.
import { describe, expect, it } from 'vitest';
import { candidateRuns, publicationTime, selectExpired, type PublicationEntry } from '../src/history/expired.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const DAY = 86400_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const LIMITS = { publications: 1000, objects: 50_000 };

function entry(run: string, test: string, finishedMsAgo: number | undefined, extra: Partial<PublicationEntry> = {}): PublicationEntry {
  return {
    run,
    test,
    prefix: `o/r/${run}/${test}`,
    state: 'complete',
    startedAt: finishedMsAgo === undefined ? undefined : ago(finishedMsAgo + 60_000),
    finishedAt: finishedMsAgo === undefined ? undefined : ago(finishedMsAgo),
    lastModified: new Date(NOW.getTime() - 100 * DAY),
    files: 20,
    ...extra,
  };
}

const select = (entries: PublicationEntry[], o: Partial<Parameters<typeof selectExpired>[1]> = {}) =>
  selectExpired(entries, { now: NOW, retentionSeconds: 30 * 86400, keep: 'o/r/new-1/unit', limits: LIMITS, ...o });
const prefixes = (s: { expired: PublicationEntry[] }): string[] => s.expired.map((e) => e.prefix);

describe('publicationTime', () => {
  it('is the end, else the start, else the listing time', () => {
    expect(publicationTime(entry('1-1', 'a', DAY))).toBe(NOW.getTime() - DAY);
    expect(publicationTime(entry('1-1', 'a', DAY, { finishedAt: undefined }))).toBe(NOW.getTime() - DAY - 60_000);
    expect(publicationTime(entry('1-1', 'a', undefined))).toBe(NOW.getTime() - 100 * DAY);
    expect(publicationTime(entry('1-1', 'a', DAY, { finishedAt: 'not a date' }))).toBe(NOW.getTime() - DAY - 60_000);
  });
});

describe('selectExpired', () => {
  it('selects the publications older than the cutoff, oldest first, and keeps the younger ones', () => {
    const s = select([entry('2-1', 'unit', 40 * DAY), entry('1-1', 'unit', 50 * DAY), entry('3-1', 'unit', 29 * DAY), entry('4-1', 'unit', 31 * DAY)]);
    expect(prefixes(s)).toEqual(['o/r/1-1/unit', 'o/r/2-1/unit', 'o/r/4-1/unit']);
    expect(s.remaining).toBe(0);
  });

  it('keeps a run whole while any of its publications is young', () => {
    const s = select([entry('1-1', 'unit', 40 * DAY), entry('1-1', 'e2e', 10 * DAY), entry('2-1', 'unit', 40 * DAY), entry('2-1', 'e2e', 35 * DAY)]);
    expect(prefixes(s)).toEqual(['o/r/2-1/unit', 'o/r/2-1/e2e']);
  });

  it('never selects the publication just made, nor its run, whatever the clocks say', () => {
    const s = select([entry('new-1', 'unit', 90 * DAY), entry('new-1', 'e2e', 90 * DAY), entry('1-1', 'unit', 90 * DAY)]);
    expect(prefixes(s)).toEqual(['o/r/1-1/unit']);
  });

  it('leaves a claim still being written to its job unless no job can run that long', () => {
    const short = { retentionSeconds: 60 };
    expect(prefixes(select([entry('1-1', 'unit', undefined, { state: 'writing', startedAt: ago(10 * 60_000) })], short))).toEqual([]);
    expect(prefixes(select([entry('1-1', 'unit', undefined, { state: 'writing', startedAt: ago(7 * 3600_000) })], short))).toEqual(['o/r/1-1/unit']);
    expect(prefixes(select([entry('1-1', 'unit', 2 * 60_000, { state: 'failed' })], short))).toEqual(['o/r/1-1/unit']);
  });

  it('with retention in seconds, uses the exact times', () => {
    const s = select([entry('1-1', 'unit', 5_000), entry('2-1', 'unit', 2_000)], { retentionSeconds: 3 });
    expect(prefixes(s)).toEqual(['o/r/1-1/unit']);
  });

  it('stops at the publication limit and counts what it left for later runs', () => {
    const many = Array.from({ length: 25 }, (_, i) => entry(`${i}-1`, 'unit', (100 - i) * DAY));
    const s = select(many, { limits: { publications: 10, objects: 50_000 } });
    expect(prefixes(s)).toEqual(many.slice(0, 10).map((e) => e.prefix));
    expect(s.remaining).toBe(15);
  });

  it('stops at the object limit, estimated from the claims, but always takes one', () => {
    const many = Array.from({ length: 5 }, (_, i) => entry(`${i}-1`, 'unit', (100 - i) * DAY, { files: 1000 }));
    const s = select(many, { limits: { publications: 1000, objects: 2600 } });
    expect(s.expired).toHaveLength(2);
    expect(s.remaining).toBe(3);
    expect(select(many, { limits: { publications: 1000, objects: 10 } }).expired).toHaveLength(1);
  });
});

describe('candidateRuns', () => {
  it('keeps only runs whose newest object at the root is older than the cutoff, oldest first, never the current run', () => {
    const at = (msAgo: number): Date => new Date(NOW.getTime() - msAgo);
    const runs = candidateRuns(
      [
        { run: 'b', lastModified: at(40 * DAY) },
        { run: 'a', lastModified: at(50 * DAY) },
        { run: 'c', lastModified: at(50 * DAY) },
        { run: 'c', lastModified: at(1 * DAY) },
        { run: 'cur', lastModified: at(90 * DAY) },
      ],
      { now: NOW, retentionSeconds: 30 * 86400, keepRun: 'cur' },
    );
    expect(runs).toEqual(['a', 'b']);
  });
});

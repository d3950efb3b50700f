import { describe, expect, it } from 'vitest';
import { archivePageName, entryKeys, historyPlace, isLevelName, LEVEL_NAMES, rootEntryKey } from '../src/layout.js';
import { keySegment, validatePrefix } from '../src/files/keys.js';

describe('history places', () => {
  it('splits a default prefix into its history root, run and test', () => {
    expect(historyPlace('octo/repo/123-1/unit')).toEqual({ root: 'octo/repo', run: '123-1', test: 'unit' });
    expect(historyPlace('a/b/c/d/e')).toEqual({ root: 'a/b/c', run: 'd', test: 'e' });
  });

  it('gives prefixes of fewer than three segments no history', () => {
    expect(historyPlace('a/b')).toBeUndefined();
    expect(historyPlace('a')).toBeUndefined();
  });

  it('names the claim and the root copy as the entries a publication has above it', () => {
    expect(rootEntryKey({ root: 'o/r', run: '7-1', test: 't' })).toBe('o/r/_children/7-1/t');
    expect(entryKeys('o/r/7-1/t')).toEqual(['o/r/7-1/_children/t', 'o/r/_children/7-1/t']);
    expect(entryKeys('o/t')).toEqual(['o/_children/t']);
  });

  it('keeps the names a level owns out of prefixes and default segments', () => {
    for (const name of [...LEVEL_NAMES, archivePageName(1), archivePageName(37)]) {
      expect(isLevelName(name), name).toBe(true);
      expect(keySegment(name)).not.toBe(name);
      expect(() => validatePrefix(`o/${name}/t`)).toThrow(/segment/);
    }
    // Names like an archive page's that are not one stay the user's.
    for (const name of ['page-0.html', 'page-01.html', 'page-1.htm', 'page-x.html']) {
      expect(isLevelName(name), name).toBe(false);
      expect(keySegment(name)).toBe(name);
    }
  });
});

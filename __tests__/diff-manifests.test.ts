// The manifests' comparison: by path and content, a compressed image by its original's hash,
// the kept originals left out; and what it says in a comment line and a fail-on-change error.
import { describe, expect, it } from 'vitest';
import { diffManifests } from '../src/compare/diff-manifests.js';
import { changeFailure } from '../src/compare/fail-on-change.js';
import { baselineLabel, changeCounts } from '../src/compare/label.js';
import { comparisonLine } from '../src/github/comparison-line.js';
import type { ManifestObject } from '../src/report/manifest.js';
import type { ComparisonReport } from '../src/publication/types.js';

const file = (path: string, sha256: string, extra: Partial<ManifestObject> = {}): ManifestObject => ({
  path,
  key: `p/${path}`,
  size: 10,
  contentType: 'text/plain',
  sha256,
  metadata: {},
  ...extra,
});

describe('diffManifests', () => {
  it('sorts files into changed, added, removed and unchanged by path and hash', () => {
    const d = diffManifests(
      { files: [file('a.txt', '1'), file('b.txt', '2'), file('gone/c.txt', '3'), file('same.txt', '4')] },
      { files: [file('a.txt', '1x'), file('b.txt', '2'), file('new.txt', '5'), file('same.txt', '4'), file('B.txt', '2')] },
    );
    expect(d.changed.map((c) => c.path)).toEqual(['a.txt']);
    expect(d.added.map((c) => c.path)).toEqual(['B.txt', 'new.txt']);
    expect(d.removed.map((c) => c.path)).toEqual(['gone/c.txt']);
    expect(d.unchanged).toBe(2);
    expect(d.changed[0]!.base!.sha256).toBe('1');
    expect(d.changed[0]!.head!.sha256).toBe('1x');
  });

  it('compares compressed images by their originals: another compression is no change, another original is', () => {
    const img = (sha: string, original: string) => file('plot.png', sha, { contentType: 'image/png', originalSha256: original });
    expect(diffManifests({ files: [img('c1', 'o1')] }, { files: [img('c2', 'o1')] }).unchanged).toBe(1);
    expect(diffManifests({ files: [img('c1', 'o1')] }, { files: [img('c1', 'o2')] }).changed).toHaveLength(1);
    // Compressed on one side only (the cap changed): the uncompressed bytes are the original's.
    expect(diffManifests({ files: [file('plot.png', 'o1')] }, { files: [img('c2', 'o1')] }).unchanged).toBe(1);
    expect(diffManifests({ files: [img('c1', 'o1')] }, { files: [file('plot.png', 'o9')] }).changed).toHaveLength(1);
  });

  it('leaves out the kept originals, marked by field or by metadata', () => {
    const d = diffManifests(
      { files: [file('_originals/plot.png', 'x', { originalOf: 'plot.png' })] },
      { files: [file('_originals/plot.png', 'y', { metadata: { 'original-of': 'plot.png' } })] },
    );
    expect(d).toEqual({ changed: [], added: [], removed: [], unchanged: 0 });
  });
});

describe('how a comparison is told', () => {
  const report = (o: Partial<ComparisonReport>): ComparisonReport => ({ outcome: 'compared', changed: [], added: [], removed: [], unchanged: 0, images: [], ...o });

  it('names the baseline by branch, commit and run, with what is known', () => {
    expect(baselineLabel({ prefix: 'o/r/1-1/unit', manifestKey: 'k', how: 'merge-base', note: '', branch: 'main', commit: 'abcdef0123', runNumber: '120' })).toBe('main @ abcdef0 (run #120)');
    expect(baselineLabel({ prefix: 'o/r/1-1/unit', manifestKey: 'k', how: 'explicit', note: '' })).toBe('o/r/1-1/unit');
    expect(changeCounts({ changed: 3, added: 0, removed: 1 })).toBe('3 changed · 1 removed');
    expect(changeCounts({ changed: 0, added: 0, removed: 0 })).toBe('no changes');
  });

  it('links the counts in one line, escaping the label and breaking mentions', () => {
    const line = comparisonLine(report({ changed: ['a'], added: ['b'], removed: ['c'], label: 'feat/<b>@team', url: 'https://x/_compare/index.html?a=1&b=2' }));
    expect(line).toContain('<a href="https://x/&#95;compare/index.html?a=1&#38;b=2">1 changed · 1 added · 1 removed</a> since <code>');
    expect(line).not.toContain('<b>');
    expect(line).not.toContain('@team');
    expect(comparisonLine(report({ label: 'main' }))).toBe('No changes since <code>main</code>');
    expect(comparisonLine(report({ outcome: 'no-baseline', reason: 'no earlier publication of unit on main' }))).toBe('Not compared with a baseline: no earlier publication of unit on main.');
  });

  it('fails fail-on-change with the list, not without a baseline, and when the comparison failed', () => {
    expect(changeFailure(report({}))).toBeUndefined();
    expect(changeFailure(report({ outcome: 'no-baseline', reason: 'first run' }))).toBeUndefined();
    expect(changeFailure(report({ outcome: 'failed', reason: 'HTTP 500' }))).toMatch(/^fail-on-change: the comparison .* could not be made \(HTTP 500\)/);
    const many = Array.from({ length: 25 }, (_, i) => `f${i}.txt`);
    const message = changeFailure(report({ changed: many, removed: ['old.txt'], label: 'main @ abc1234 (run #1)', url: 'https://x/list' }))!;
    const lines = message.split('\n');
    expect(lines[0]).toBe('fail-on-change: 25 changed · 1 removed since main @ abc1234 (run #1):');
    expect(lines[1]).toBe('  changed: f0.txt');
    expect(lines).toHaveLength(22);
    expect(lines[21]).toBe('  and 6 more: https://x/list');
  });
});

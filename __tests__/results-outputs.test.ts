// Failures linked to their outputs, and the change since the baseline, on the committed samples.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedAttachments } from '../src/results/attachments.js';
import { parseJUnit } from '../src/results/junit.js';
import { outputsIndex, outputsOf, namedOutputs } from '../src/results/outputs-of.js';
import { playwrightFolderNames, trimLongString } from '../src/results/playwright-folders.js';
import { sinceBase } from '../src/results/since-base.js';
import { testFailure } from '../src/results/fail-on-test-failure.js';
import { parseResults } from '../src/inputs.js';

const FIXTURES = path.resolve(import.meta.dirname, '../__fixtures__/junit');

describe('outputs of a failure', () => {
  it('finds Playwright’s folder of the sample’s failing test (its first attempt’s)', () => {
    const file = parseJUnit(readFileSync(path.join(FIXTURES, 'playwright/results.xml')), 'results.xml');
    if (file.kind !== 'results') throw new Error(file.reason);
    const paths = [
      'results.xml',
      'test-results/checkout-checkout-shows-the-total/error-context.md',
      'test-results/checkout-checkout-shows-the-total-retry1/error-context.md',
      'test-results/checkout-checkout-shows-the-total-retry1/trace.zip',
    ];
    const index = outputsIndex(paths);
    const failure = file.failures.find((f) => f.name === 'checkout › shows the total')!;
    const attachments = publishedAttachments(failure.attachments, { reportPath: 'results.xml', outputsRoot: '/w', workspace: '/w', published: new Set(paths) });
    expect(outputsOf(failure, attachments, index)).toBe('test-results/checkout-checkout-shows-the-total/');
  });

  it('names folders as Playwright trims them', () => {
    const long = `a-${'x'.repeat(80)}`;
    expect(trimLongString(long, 60)).toHaveLength(60);
    expect(playwrightFolderNames({ name: 'd › t', classname: 'sub/a.spec.ts' })).toContain('sub-a-d-t');
    expect(playwrightFolderNames({ name: 't', classname: 'Cart' })).toEqual([]);
  });

  it('finds a file named after the test, and refuses names too short to mean anything', () => {
    const index = outputsIndex(['shots/Adds_Item_To_Cart.png', 'shots/other.png']);
    expect(namedOutputs('adds item to cart', index)).toBe('shots/Adds_Item_To_Cart.png');
    expect(namedOutputs('ok', index)).toBeUndefined();
  });

  it('resolves attachments relative to the report, the workspace, or absolute; keeps only published ones', () => {
    const published = new Set(['out/plots/total.png', 'out/x.txt']);
    const places = { reportPath: 'out/results.xml', outputsRoot: '/w/dist', workspace: '/w', published };
    expect(publishedAttachments(['plots/total.png', '/w/dist/out/x.txt', 'missing.png', '../../etc/passwd'], places)).toEqual(['out/plots/total.png', 'out/x.txt']);
  });
});

describe('since the baseline', () => {
  const f = (suite: string, name: string) => ({ suite, name });
  it('counts newly failing and fixed by suite + name', () => {
    const s = sinceBase('main', [f('a', '1'), f('a', '2')], { failures: [f('a', '2'), f('b', '3')], moreFailures: 0 });
    expect(s).toEqual({ label: 'main', newlyFailing: 1, fixed: 1, newlyFailingNames: ['a › 1'] });
  });
  it('gives nothing for a baseline without results', () => {
    expect(sinceBase('main', [f('a', '1')], undefined)).toBeUndefined();
  });
  it('does not call newly failing what sorts past a truncated baseline’s last record', () => {
    const s = sinceBase('main', [f('z', '9')], { failures: [f('a', '1')], moreFailures: 5 });
    expect(s?.newlyFailing).toBe(0);
  });
});

describe('inputs and the failure line', () => {
  it('reads results', () => {
    expect(parseResults(undefined)).toEqual({ mode: 'auto', patterns: [] });
    expect(parseResults('off')).toEqual({ mode: 'off' });
    expect(parseResults('a/*.xml, {b,c}/j.xml\nauto')).toEqual({ mode: 'auto', patterns: ['a/*.xml', '{b,c}/j.xml'] });
    expect(() => parseResults('off\nx.xml')).toThrow(/input `results`/);
  });
  it('says how many tests failed', () => {
    expect(testFailure({ passed: 1, failed: 3, skipped: 0, flaky: 0, total: 4, durationMs: 0 })).toBe('3 tests failed (fail-on-test-failure)');
    expect(testFailure({ passed: 1, failed: 0, skipped: 0, flaky: 0, total: 1, durationMs: 0 })).toBeUndefined();
  });
});

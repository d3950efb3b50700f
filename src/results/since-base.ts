// How the failures changed since the comparison's baseline: tests failing now that the
// baseline did not record as failing, and the reverse, by suite + name. A baseline records only
// its first MAX_RECORDED_FAILURES failures (in mergeResults' order): past its last recorded one,
// a failure here may have failed there too, so it counts as neither newly failing nor fixed.
// Pure.
import { MAX_RECORDED_FAILURES, type ResultsRecord, type ResultsSinceBase } from './types.js';

type Named = { suite: string; name: string };

const keyOf = (t: Named): string => JSON.stringify([t.suite, t.name]);
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const order = (a: Named, b: Named): number => byCodePoint(a.suite, b.suite) || byCodePoint(a.name, b.name);

/** The baseline's failures as its manifest recorded them; undefined when it recorded no results
 * (older publications, results: off) or something unreadable. */
export function baseFailures(results: unknown): { failures: Named[]; complete: boolean } | undefined {
  if (typeof results !== 'object' || results === null) return undefined;
  const r = results as Partial<ResultsRecord>;
  if (!Array.isArray(r.failures)) return undefined;
  const failures = (r.failures as unknown[]).filter((f): f is Named => typeof f === 'object' && f !== null && typeof (f as Named).suite === 'string' && typeof (f as Named).name === 'string');
  return { failures, complete: typeof r.moreFailures !== 'number' || r.moreFailures === 0 };
}

/**
 * `current`: every failure of this run (not only those recorded); `base`: the baseline
 * manifest's `results`. Undefined when the baseline has none.
 */
export function sinceBase(label: string, current: readonly Named[], base: unknown): ResultsSinceBase | undefined {
  const recorded = baseFailures(base);
  if (recorded === undefined) return undefined;
  const baseKeys = new Set(recorded.failures.map(keyOf));
  const last = recorded.complete ? undefined : [...recorded.failures].sort(order).at(-1);
  const currentKeys = new Set<string>();
  const newly: Named[] = [];
  for (const t of [...current].sort(order)) {
    const key = keyOf(t);
    if (currentKeys.has(key)) continue;
    currentKeys.add(key);
    if (baseKeys.has(key)) continue;
    // Unknown: the baseline did not record that far.
    if (!recorded.complete && (last === undefined || order(t, last) > 0)) continue;
    newly.push(t);
  }
  const fixed = [...baseKeys].filter((k) => !currentKeys.has(k)).length;
  return {
    label,
    newlyFailing: newly.length,
    fixed,
    newlyFailingNames: newly.slice(0, MAX_RECORDED_FAILURES).map((t) => (t.suite === '' ? t.name : `${t.suite} › ${t.name}`)),
  };
}

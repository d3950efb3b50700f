// The publication's comparison with its baseline, as a stage of writing it: the baseline is
// looked up (and its manifest read) while the files upload; once they are in, the comparison's
// pages are written (compare/compare-publication.ts) before the root page, which shows them.
// No baseline is no failure; trouble reaching it is a warning (and fails fail-on-change).
import type { Inputs } from '../config.js';
import { findBaseline, readManifest } from '../compare/baseline.js';
import { comparePublication } from '../compare/compare-publication.js';
import { baselineLabel } from '../compare/label.js';
import type { Baseline, ComparisonOutcome } from '../compare/types.js';
import { joinKey } from '../files/keys.js';
import { loadSharp } from '../images/load-sharp.js';
import type { Manifest, ManifestComparison, ManifestObject } from '../report/manifest.js';
import { sinceBase } from '../results/since-base.js';
import type { FailedTest, ResultsSinceBase } from '../results/types.js';
import { InputError } from '../util/errors.js';
import type { ComparisonReport, PublishDeps } from './types.js';

export type LocatedBaseline = { kind: 'found'; baseline: Baseline; manifest: Manifest } | { kind: 'no-baseline' | 'failed'; reason: string };

/** Finds the baseline and reads its manifest; never rejects (the outcome says what happened). */
export async function locateBaseline(inputs: Inputs, deps: PublishDeps, startedAt: Date): Promise<LocatedBaseline> {
  const { store, log } = deps;
  try {
    const found = await findBaseline({ store, prefix: inputs.prefix, testName: inputs.testName, context: inputs.context, setting: inputs.compare, startedAt, debug: (m) => log.debug(m) });
    if (!found.found) return { kind: 'no-baseline', reason: found.reason };
    // One that retention deletes after this publication would leave its pages linking nowhere.
    const started = found.baseline.startedAt === undefined ? NaN : Date.parse(found.baseline.startedAt);
    if (inputs.retentionSeconds !== undefined && started < startedAt.getTime() - inputs.retentionSeconds * 1000) {
      return { kind: 'no-baseline', reason: `the baseline ${found.baseline.prefix}/ is older than retention-days, and is deleted after this publication` };
    }
    const manifest = await readManifest(store, found.baseline.manifestKey);
    if (manifest === undefined) return { kind: 'no-baseline', reason: `the baseline ${found.baseline.prefix}/ has no readable manifest (${found.baseline.manifestKey})` };
    return { kind: 'found', baseline: found.baseline, manifest };
  } catch (error) {
    // A wrong explicit target is the user's to fix: it fails the step as bad input does.
    if (error instanceof InputError) throw error;
    return { kind: 'failed', reason: `the baseline could not be read: ${store.describe(error).message}` };
  }
}

export interface ComparisonStage {
  outcome: ComparisonOutcome;
  /** The comparison's pages and overlays, for the manifest. */
  objects: ManifestObject[];
}

export async function writeComparison(
  inputs: Inputs,
  deps: PublishDeps,
  o: { located: LocatedBaseline; compareDir: string; files: ManifestObject[]; localPath: (path: string) => string | undefined; sign: ((key: string) => Promise<string>) | undefined },
): Promise<ComparisonStage> {
  const { log, store } = deps;
  const located = o.located;
  if (located.kind !== 'found') {
    if (located.kind === 'failed') log.warning(`no comparison: ${located.reason}`);
    else log.info(`not compared: ${located.reason}`);
    return { outcome: { kind: located.kind, reason: located.reason }, objects: [] };
  }
  log.info(`comparing with ${baselineLabel(located.baseline)}: ${located.baseline.note}`);
  try {
    const written = await comparePublication({
      store,
      prefix: inputs.prefix,
      testName: inputs.testName,
      compareDir: o.compareDir,
      baseline: located.baseline,
      baseManifest: located.manifest,
      files: o.files,
      localPath: o.localPath,
      concurrency: inputs.concurrency,
      loadSharp: deps.loadSharp ?? (() => loadSharp()),
      sign: o.sign,
      objects: inputs.objects,
      warning: (m) => log.warning(m),
    });
    const c = written.comparison;
    log.info(`${c.changed.length} changed, ${c.added.length} added, ${c.removed.length} removed, ${c.unchanged} unchanged since ${c.label}`);
    return { outcome: { kind: 'compared', comparison: c }, objects: written.objects };
  } catch (error) {
    const reason = `the comparison could not be written: ${store.describe(error).message}`;
    log.warning(reason);
    return { outcome: { kind: 'failed', reason }, objects: [] };
  }
}

/** What the drivers report of the comparison: counts, names and URLs. */
export async function comparisonReport(stage: ComparisonStage, prefix: string, link: (key: string) => Promise<string>, thumbnails: number): Promise<ComparisonReport> {
  const { outcome } = stage;
  if (outcome.kind !== 'compared') return { outcome: outcome.kind, reason: outcome.reason, changed: [], added: [], removed: [], unchanged: 0, images: [] };
  const c = outcome.comparison;
  const images = await Promise.all(
    c.changed
      .filter((x) => x.overlay !== undefined && x.page !== undefined)
      .slice(0, thumbnails)
      .map(async (x) => ({ name: x.path, url: await link(joinKey(prefix, x.page as string)), imageUrl: await link(joinKey(prefix, x.overlay as string)) })),
  );
  return {
    outcome: 'compared',
    label: c.label,
    baseline: c.baseline.prefix,
    changed: c.changed.map((x) => x.path),
    added: c.added.map((x) => x.path),
    removed: c.removed.map((x) => x.path),
    unchanged: c.unchanged,
    url: await link(joinKey(prefix, c.listPath)),
    images,
  };
}

/** What the manifest records of the comparison. */
export function manifestComparison(outcome: ComparisonOutcome): ManifestComparison {
  if (outcome.kind !== 'compared') return { outcome: outcome.kind, reason: outcome.reason };
  const c = outcome.comparison;
  return { outcome: 'compared', baseline: c.baseline.prefix, label: c.label, changed: c.changed.length, added: c.added.length, removed: c.removed.length, unchanged: c.unchanged };
}

/** How the failures changed since the baseline: only when the comparison ran and the baseline
 * recorded results (results/since-base.ts). */
export function resultsSinceBase(located: LocatedBaseline, stage: ComparisonStage, failures: readonly FailedTest[]): ResultsSinceBase | undefined {
  if (located.kind !== 'found' || stage.outcome.kind !== 'compared') return undefined;
  return sinceBase(stage.outcome.comparison.label, failures, located.manifest.results);
}

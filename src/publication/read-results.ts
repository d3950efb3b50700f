// The test results as a stage of the publication: before the upload, the JUnit reports among the
// outputs (and those an explicit `results` glob adds, published under `_results/`) are read;
// once the files are in, the record is made from what arrived: each failure's outputs, the
// traces, the change since the baseline. `results: off` skips all of it.
import path from 'node:path';
import type { Inputs } from '../config.js';
import type { UploadItem } from '../files/plan.js';
import { planUploads, type PublicationInfo } from '../files/plan.js';
import { publishedAttachments } from '../results/attachments.js';
import { collectResults, isCandidate, type ReportCandidate } from '../results/collect.js';
import { explicitReports } from '../results/extra-reports.js';
import { outputsIndex, outputsOf } from '../results/outputs-of.js';
import { buildRecord, tracesAmong } from '../results/record.js';
import type { ResultsRecord, ResultsSinceBase, TestResults } from '../results/types.js';
import type { PublishDeps } from './types.js';

export interface ReadResults {
  results: TestResults | undefined;
  /** Reports from outside the outputs, to upload with them. */
  extraItems: UploadItem[];
  /** The directory the outputs' paths are relative to, for attachments written absolute. */
  outputsRoot: string | undefined;
}

/** The outputs' root directory, from a file published as found (not a compressed copy). */
export function outputsRootOf(items: readonly UploadItem[]): string | undefined {
  for (const item of items) {
    if (item.compressed !== undefined || item.originalOf !== undefined) continue;
    const rel = item.file.relativePath.split('/').join(path.sep);
    const abs = item.file.absolutePath;
    if (abs.endsWith(`${path.sep}${rel}`)) return abs.slice(0, abs.length - rel.length - 1) || path.sep;
  }
  return undefined;
}

export async function readResults(inputs: Inputs, deps: PublishDeps, items: readonly UploadItem[], resultsDir: string, info: PublicationInfo): Promise<ReadResults> {
  const none: ReadResults = { results: undefined, extraItems: [], outputsRoot: undefined };
  if (inputs.results.mode === 'off') return none;
  const { log } = deps;
  return log.group('Read test results', async () => {
    // Compressed images and kept originals are never reports.
    const own = items.filter((i) => i.compressed === undefined && i.originalOf === undefined);
    const explicit = await explicitReports(inputs.results.mode === 'auto' ? inputs.results.patterns : [], {
      glob: deps.glob,
      workspace: inputs.context.workspace,
      outputs: new Set(own.map((i) => i.file.absolutePath)),
      resultsDir,
      debug: (m) => log.debug(m),
    });
    const candidates: ReportCandidate[] = [
      ...own
        .filter((i) => isCandidate(i.file.relativePath, explicit.among.has(i.file.absolutePath)))
        .map((i) => ({ path: i.file.relativePath, absolutePath: i.file.absolutePath, size: i.file.size, explicit: explicit.among.has(i.file.absolutePath) })),
      ...explicit.extra.map((f) => ({ path: f.relativePath, absolutePath: f.absolutePath, size: f.size, explicit: true })),
    ];
    const results = await collectResults(candidates, { warning: (m) => log.warning(m) });
    if (results === undefined) {
      log.info(candidates.length === 0 ? 'no JUnit report among the outputs' : `no JUnit report among the ${candidates.length} XML files of the outputs`);
      return none;
    }
    const extras = explicit.extra.filter((f) => results.files.some((r) => r.reportPath === f.relativePath));
    log.info(`read ${results.files.length} JUnit reports: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped${results.flaky > 0 ? `, ${results.flaky} flaky` : ''}`);
    if (extras.length > 0) log.info(`${extras.length} of them come from outside the outputs: published under ${resultsDir}/`);
    return { results, extraItems: planUploads(extras, info), outputsRoot: outputsRootOf(items) };
  });
}

/** The record of what arrived: reports whose upload failed still count (the tests ran), but
 * outputs and traces are only ever paths that were published. */
export function recordResults(read: ReadResults, arrived: readonly string[], workspace: string, sinceBase: ResultsSinceBase | undefined): ResultsRecord | undefined {
  if (read.results === undefined) return undefined;
  const published = new Set(arrived);
  const index = outputsIndex(arrived);
  return buildRecord({
    results: read.results,
    outputsOf: (f) => outputsOf(f, publishedAttachments(f.attachments, { reportPath: f.reportPath, outputsRoot: read.outputsRoot, workspace, published }), index),
    traces: tracesAmong(arrived),
    ...(sinceBase ? { sinceBase } : {}),
  });
}

// The facts a publication is reported by, derived once from the publication and the run: the
// action's outputs, its job summary and the PR comment, and the command line's notes, are all
// rendered from this one value (comment.ts CommentFacts and summary.ts SummaryFacts are views
// of it). Pure.
import type { Inputs, PullRequestRef } from '../config.js';
import type { ComparisonReport, PublishResult, SummaryEntry } from '../publication/types.js';
import type { FailedFile } from '../report/model.js';
import type { ResultsReport } from '../results/types.js';
import { reachabilityNote, type ReachabilityNote } from '../storage/reachability.js';
import { humanBytes, humanTime } from '../util/format.js';

export interface PublicationReport {
  testName: string;
  /** The browse URL; '' when nothing was published. */
  url: string;
  prefix: string;
  bucket: string;
  files: number;
  /** Human size, e.g. "12.3 MB". */
  bytes: string;
  /** The exact byte count, for the outputs. */
  byteCount: number;
  failed: FailedFile[];
  thumbnails: { name: string; url: string }[];
  entries: SummaryEntry[];
  commit: { short: string; url: string } | undefined;
  run: { label: string; url: string } | undefined;
  /** When the publication was reported, e.g. "2026-12-04 16:02:56 UTC". */
  time: string;
  /** Presigned links: when they stop working. */
  linksExpire?: string;
  /** What to say about the browse URL opening without credentials; unset when it opens. */
  reachability?: ReachabilityNote;
  /** The HTTP status the browse URL answered without credentials, when reviewers cannot open it. */
  browseRefused?: number;
  /** The stable link of the run's branch: always its newest publication of this test. */
  latestUrl?: string;
  /** The stable link of the run's pull request: always its newest publication of this test. */
  prUrl?: string;
  /** The branch built, when known. */
  branch?: string;
  /** The pull request the run belongs to, settled before publishing (github/pull-request.ts). */
  pullRequest?: PullRequestRef;
  /** The comparison with the baseline, when there was one to make. */
  comparison?: ComparisonReport;
  /** The test results read from the JUnit reports among the outputs, when any were. */
  results?: ResultsReport;
  /** Whether there is anything to report: files arrived or failed. Nothing found is not reported. */
  published: boolean;
}

export function reportOf(inputs: Inputs, result: PublishResult, now: Date): PublicationReport {
  const c = inputs.context;
  const reachability = result.reachability && reachabilityNote(result.reachability, inputs.publicBaseUrl);
  const browseRefused = reachability?.level === 'warning' && result.reachability?.outcome === 'refused' ? result.reachability.status : undefined;
  return {
    testName: inputs.testName,
    url: result.url,
    prefix: result.prefix,
    bucket: inputs.bucket,
    files: result.files,
    bytes: humanBytes(result.bytes),
    byteCount: result.bytes,
    failed: result.failed,
    thumbnails: result.thumbnails,
    entries: result.entries,
    commit: c.sha && c.commitUrl ? { short: c.sha.slice(0, 7), url: c.commitUrl } : undefined,
    run: c.runUrl ? { label: `#${c.runId}`, url: c.runUrl } : undefined,
    time: humanTime(now),
    ...(result.linksExpireAt ? { linksExpire: humanTime(result.linksExpireAt) } : {}),
    ...(reachability ? { reachability } : {}),
    ...(browseRefused !== undefined ? { browseRefused } : {}),
    ...(result.stableLinks?.latestUrl !== undefined ? { latestUrl: result.stableLinks.latestUrl } : {}),
    ...(result.stableLinks?.prUrl !== undefined ? { prUrl: result.stableLinks.prUrl } : {}),
    ...(c.branch ? { branch: c.branch } : {}),
    ...(c.pullRequest ? { pullRequest: c.pullRequest } : {}),
    ...(result.comparison ? { comparison: result.comparison } : {}),
    ...(result.results ? { results: result.results } : {}),
    published: result.files > 0 || result.failed.length > 0,
  };
}

/** The action's outputs but the comment's (set once it is posted). `passed`, `failed` and
 * `skipped` are unset (empty in the workflow) when no JUnit report was read. */
export function outputsOf(r: PublicationReport): Record<string, string> {
  const read = r.results !== undefined && r.results.reports.length > 0 ? r.results : undefined;
  return {
    url: r.url,
    prefix: r.prefix,
    files: String(r.files),
    bytes: String(r.byteCount),
    ...(r.pullRequest ? { 'pr-number': String(r.pullRequest.number) } : {}),
    ...(r.latestUrl !== undefined ? { 'latest-url': r.latestUrl } : {}),
    ...(r.prUrl !== undefined ? { 'pr-url': r.prUrl } : {}),
    ...(r.comparison?.outcome === 'compared'
      ? {
          'changed-count': String(r.comparison.changed.length),
          'added-count': String(r.comparison.added.length),
          'removed-count': String(r.comparison.removed.length),
          ...(r.comparison.url !== undefined ? { 'compare-url': r.comparison.url } : {}),
        }
      : {}),
    ...(read ? { passed: String(read.passed), failed: String(read.failed), skipped: String(read.skipped) } : {}),
  };
}

// manifest.json: the machine-readable record of a publication (pure).
import type { ResultsRecord } from '../results/types.js';
import type { RunContext } from '../config.js';
import type { FailedFile } from './model.js';

export interface ManifestObject {
  /** Path relative to the publication root. */
  path: string;
  key: string;
  size: number;
  contentType: string;
  sha256: string;
  metadata: Record<string, string>;
  /** For a compressed image: SHA-256 of the original bytes, which comparisons go by. */
  originalSha256?: string;
  /** For a kept original (keep-originals): the path of the compressed image it is the original of. */
  originalOf?: string;
}

/** What the comparison with the baseline found (counts; the pages list the files). */
export interface ManifestComparison {
  outcome: 'compared' | 'no-baseline' | 'failed';
  reason?: string;
  /** The baseline's prefix and label. */
  baseline?: string;
  label?: string;
  changed?: number;
  added?: number;
  removed?: number;
  unchanged?: number;
}

export interface Manifest {
  version: 1;
  testName: string;
  bucket: string;
  prefix: string;
  url: string;
  uploadedAt: string;
  repository: string;
  commit: string;
  ref: string;
  runId: string;
  runAttempt: string;
  workflow: string;
  job: string;
  /** The CI the run was in, its branch and its web pages, when the run context has them. */
  ci?: string;
  branch?: string;
  commitUrl?: string;
  runUrl?: string;
  jobUrl?: string;
  complete: boolean;
  files: ManifestObject[];
  pages: ManifestObject[];
  failed: FailedFile[];
  comparison?: ManifestComparison;
  results?: ResultsRecord;
}

export interface ManifestInput {
  testName: string;
  bucket: string;
  prefix: string;
  url: string;
  uploadedAt: Date;
  context: RunContext;
  files: ManifestObject[];
  pages: ManifestObject[];
  failed: FailedFile[];
  comparison?: ManifestComparison;
  results?: ResultsRecord;
}

const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function buildManifest(m: ManifestInput): Manifest {
  const c = m.context;
  return {
    version: 1,
    testName: m.testName,
    bucket: m.bucket,
    prefix: m.prefix,
    url: m.url,
    uploadedAt: m.uploadedAt.toISOString(),
    repository: c.repository,
    commit: c.sha,
    ref: c.ref,
    runId: c.runId,
    runAttempt: c.runAttempt,
    workflow: c.workflow,
    job: c.job,
    ...(c.ci !== undefined ? { ci: c.ci } : {}),
    ...(c.branch !== undefined ? { branch: c.branch } : {}),
    ...(c.commitUrl !== undefined ? { commitUrl: c.commitUrl } : {}),
    ...(c.runUrl !== undefined ? { runUrl: c.runUrl } : {}),
    ...(c.jobUrl !== undefined ? { jobUrl: c.jobUrl } : {}),
    complete: m.failed.length === 0,
    files: [...m.files].sort(byPath),
    pages: [...m.pages].sort(byPath),
    failed: [...m.failed].sort(byPath),
    ...(m.comparison ? { comparison: m.comparison } : {}),
    ...(m.results ? { results: m.results } : {}),
  };
}

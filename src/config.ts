// The domain types of a publication: what the drivers (the action's inputs, the command line)
// produce and the core consumes. Types only: parsing lives with each driver (inputs.ts), the
// run context with its readers.
import type { CannedAcl, StorageClassName } from './store/store.js';

/** With `text`, HTML, SVG and other active content are stored as text/plain (never run). */
export type HtmlMode = 'render' | 'text';
export type IfNoFilesFound = 'warn' | 'error' | 'ignore';
export type LinkMode = 'public' | 'presigned';
/** What a publication does when its prefix already holds one: fail, or replace it whole. */
export type IfExists = 'error' | 'replace';
export type CommentMode = 'sticky' | 'new' | 'off';

/** How the `compare` input asks for a baseline (compare/baseline.ts). */
export type CompareSetting = { mode: 'auto' } | { mode: 'off' } | { mode: 'explicit'; target: string };

/** How the `results` input asks for test results (results/): JUnit reports found among the
 * outputs by their content (`auto`), plus the files `patterns` match; or none (`off`). */
export type ResultsSetting = { mode: 'auto'; patterns: string[] } | { mode: 'off' };

/** The CI system a run context was read from (`local`: a terminal, from git). */
export type CiSystem = 'github' | 'gitlab' | 'jenkins' | 'buildkite' | 'circleci' | 'local';

/** Where a publication was made: read once by a reader of src/context/ (one per CI). The links
 * are the CI's own, so pages and the comment link them by one rule, whatever the CI. */
export interface RunContext {
  /** owner/repo, or `local/<dir>` outside a CI. */
  repository: string;
  sha: string;
  ref: string;
  runId: string;
  runAttempt: string;
  workflow: string;
  job: string;
  serverUrl: string;
  workspace: string;
  /** Optional so that contexts written by hand (tests) need not name them; readers set them. */
  ci?: CiSystem;
  /** The branch built, when known. */
  branch?: string;
  /** The commit on the forge's web pages; the commit is linked only when this is set. */
  commitUrl?: string;
  /** The run (a GitHub run attempt, a GitLab pipeline, a Jenkins build…) on the CI's web pages. */
  runUrl?: string;
  /** How the run is named beside that link on the root page: `#1658821493 attempt 1`, `pipeline #4711`. */
  runLabel?: string;
  /** The job's own page, when the CI has one apart from the run's. */
  jobUrl?: string;
  /** What started the run, in the CI's own words: `push`, `pull_request`, `merge_request_event`… */
  event?: string;
  /** The run's number as the CI counts runs of this project (GITHUB_RUN_NUMBER, CI_PIPELINE_IID…). */
  runNumber?: string;
  /** The pull (merge) request the run tests, when the CI says so without an API call. */
  pullRequest?: PullRequestRef;
}

export interface PullRequestRef {
  number: number;
  title?: string;
  /** Its page on the forge. */
  url?: string;
  /** The branch it would merge into, when the CI says: the baseline is looked for there. */
  baseBranch?: string;
  /** The base branch's commit the CI names (GitHub: its tip when the event fired). */
  baseSha?: string;
  /** The pull request's head commit, when the run's own is another (GitHub's merge commit). */
  headSha?: string;
  /** Where the pull request's branch left the base branch: the commit whose publication is the
   * baseline (compare/baseline.ts). The CI's (GitLab), or the driver's (github/merge-base.ts). */
  mergeBase?: string;
}

export interface Inputs {
  bucket: string;
  /** Glob patterns, one per line; `!pattern` excludes. */
  patterns: string[];
  testName: string;
  /** Key prefix of the publication, without leading or trailing `/`. */
  prefix: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  publicBaseUrl: string | undefined;
  ifNoFilesFound: IfNoFilesFound;
  includeHiddenFiles: boolean;
  concurrency: number;
  /** Write index pages for the levels above the prefix (repository, run). */
  parentIndexes: boolean;
  linkMode: LinkMode;
  ifExists: IfExists;
  /** How published HTML, SVG and XML are served: run in the browser, or shown as text. */
  html: HtmlMode;
  github: GithubInputs;
  objects: ObjectOptions;
  /** Seconds a presigned link is valid (link-mode presigned). */
  presignExpiry: number;
  /** Seconds a request may stay silent before it is abandoned and retried. */
  requestTimeout: number;
  /** The most files one publication takes; 0 for no limit. */
  maxFiles: number;
  /** Seconds a publication is kept: older ones of the same history root are deleted after a
   * complete publication. Undefined: kept forever. */
  retentionSeconds: number | undefined;
  images: ImageInputs;
  /** What this publication is compared with (compare/baseline.ts). */
  compare: CompareSetting;
  /** Fail the step, after publishing, when anything changed since the baseline. */
  failOnChange: boolean;
  /** Which JUnit reports are read for the test results. */
  results: ResultsSetting;
  /** Fail the step, after publishing, when any test failed. */
  failOnTestFailure: boolean;
  context: RunContext;
}

/** Settings every uploaded object gets. */
export interface ObjectOptions {
  /** Canned ACL; none by default (buckets with ACLs disabled refuse them). */
  acl: CannedAcl | undefined;
  /** For the published files only: pages stay readable in the default class. */
  storageClass: StorageClassName | undefined;
  /** URL-encoded `k=v&k2=v2`, the form of the x-amz-tagging header. */
  tagging: string | undefined;
}

export interface GithubInputs {
  /** Empty when there is none (outside Actions): no comment is attempted then. */
  token: string;
  comment: CommentMode;
  /** Identifies the sticky comment; by default one per test name. */
  commentHeader: string;
  summary: boolean;
  /** Explicit PR number; wins over the event's. */
  prNumber: number | undefined;
  /** On push events, comment on the open pull request whose head is the pushed commit. */
  commentOnPush: boolean;
}

export interface ImageInputs {
  compress: boolean;
  /** Byte cap per image. */
  maxBytes: number;
  /** `auto`: only where the compressed copy loses detail (images/keep-original.ts). */
  keepOriginals: boolean | 'auto';
  /** Lower-case extensions without the dot. */
  extensions: string[];
}

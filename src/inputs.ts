// Every input of the action is read, validated and defaulted here, once. Lower layers receive
// the typed `Inputs` object and never read the environment themselves.
import { ObjectCannedACL, StorageClass } from '@aws-sdk/client-s3';
import { readGithubContext } from './context/github.js';
import { InputError } from './util/errors.js';
import { keySegment, validatePrefix } from './files/keys.js';
import { addressingStyle } from './storage/urls.js';

export type IfNoFilesFound = 'warn' | 'error' | 'ignore';
export type LinkMode = 'public' | 'presigned';
/** What a publication does when its prefix already holds one: fail, or replace it whole. */
export type IfExists = 'error' | 'replace';

/** SigV4 presigned URLs live at most 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
const DURATION_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `604800`, `7d`, `12h`, `90m` → seconds; `limit` is the longest allowed and why. */
export function parseDuration(name: string, raw: string, limit: { seconds: number; why: string } = PRESIGN_LIMIT): number {
  const match = /^(\d+)\s*([smhd]?)$/i.exec(raw.trim());
  const seconds = match ? Number(match[1]) * (DURATION_UNITS[match[2]!.toLowerCase()] ?? NaN) : NaN;
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new InputError(`input \`${name}\` is '${raw}': use a duration such as 7d, 12h, 90m or a number of seconds`);
  }
  if (seconds > limit.seconds) throw new InputError(`input \`${name}\` is '${raw}': ${limit.why}`);
  return seconds;
}

const PRESIGN_LIMIT = { seconds: MAX_PRESIGN_SECONDS, why: 'presigned links live at most 7 days (7d, 604800 seconds) with SigV4' };
const REQUEST_TIMEOUT_LIMIT = { seconds: 3600, why: 'use at most 1h; a request silent that long is stalled' };
/** A request whose socket stays silent this long is abandoned and retried. */
export const DEFAULT_REQUEST_TIMEOUT = '2m';
/** More matches than this is most likely a pattern that caught too much (node_modules, /). */
export const DEFAULT_MAX_FILES = 20_000;

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
  github: GithubInputs;
  objects: ObjectOptions;
  /** Seconds a presigned link is valid (link-mode presigned). */
  presignExpiry: number;
  /** Seconds a request may stay silent before it is abandoned and retried. */
  requestTimeout: number;
  /** The most files one publication takes; 0 for no limit. */
  maxFiles: number;
  images: ImageInputs;
  context: RunContext;
}

export type CommentMode = 'sticky' | 'new' | 'off';

/** Settings every uploaded object gets. */
export interface ObjectOptions {
  /** Canned ACL; none by default (buckets with ACLs disabled refuse them). */
  acl: ObjectCannedACL | undefined;
  /** For the published files only: pages stay readable in the default class. */
  storageClass: StorageClass | undefined;
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
  keepOriginals: boolean;
  /** Lower-case extensions without the dot. */
  extensions: string[];
}

export const DEFAULT_MAX_IMAGE_SIZE = '50KB';
export const DEFAULT_IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'avif'];
// Below this no image stays readable; it also catches a forgotten unit ("50" meaning 50 KB).
const MIN_IMAGE_CAP = 1024;

/** Reads one input by its action.yml name; returns '' when unset (as @actions/core does). */
export type GetInput = (name: string) => string;

export const DEFAULT_CONCURRENCY = 64;
const MAX_CONCURRENCY = 256;
// S3 caps user metadata at 2 KB in total; the test name is stored in it and in every key.
const MAX_TEST_NAME_LENGTH = 200;

function required(getInput: GetInput, name: string, what: string): string {
  const value = getInput(name).trim();
  if (!value) throw new InputError(`input \`${name}\` is required: set it to ${what}`);
  return value;
}

function optional(getInput: GetInput, name: string): string | undefined {
  const value = getInput(name).trim();
  return value === '' ? undefined : value;
}

export function parseBoolean(getInput: GetInput, name: string, fallback: boolean): boolean {
  const raw = optional(getInput, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InputError(`input \`${name}\` is '${raw}': use true or false`);
}

function parseEnum<T extends string, F extends T | undefined>(getInput: GetInput, name: string, allowed: readonly T[], fallback: F): T | F {
  const raw = optional(getInput, name);
  if (raw === undefined) return fallback;
  const match = allowed.find((a) => a === raw) ?? allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!match) throw new InputError(`input \`${name}\` is '${raw}': use one of ${allowed.join(', ')}`);
  return match;
}

function parseConcurrency(getInput: GetInput): number {
  const raw = optional(getInput, 'concurrency');
  if (raw === undefined) return DEFAULT_CONCURRENCY;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_CONCURRENCY) {
    throw new InputError(`input \`concurrency\` is '${raw}': use a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  return n;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** `51200`, `50KB`, `0.5MB` → bytes (1 KB = 1024 bytes). */
export function parseSize(name: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = SIZE_UNITS[match?.[2]?.toLowerCase() ?? 'invalid'];
  if (!match || unit === undefined) {
    throw new InputError(`input \`${name}\` is '${raw}': use a byte count or a size such as 51200, 50KB or 0.5MB`);
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < MIN_IMAGE_CAP) throw new InputError(`input \`${name}\` is '${raw}' (${bytes} bytes): use at least 1KB`);
  return bytes;
}

function parseExtensions(getInput: GetInput): string[] {
  const raw = optional(getInput, 'image-extensions');
  if (raw === undefined) return DEFAULT_IMAGE_EXTENSIONS;
  const list = raw.split(/[\s,]+/).map((e) => e.replace(/^\*?\./, '').toLowerCase()).filter((e) => e !== '');
  const bad = list.find((e) => !/^[a-z0-9]+$/.test(e));
  if (bad !== undefined) throw new InputError(`input \`image-extensions\` has '${bad}': list extensions such as png, jpg, webp, separated by commas`);
  return [...new Set(list)];
}

function parseMaxFiles(getInput: GetInput): number {
  const raw = optional(getInput, 'max-files');
  if (raw === undefined) return DEFAULT_MAX_FILES;
  if (!/^\d+$/.test(raw)) throw new InputError(`input \`max-files\` is '${raw}': use a whole number of files, or 0 for no limit`);
  return Number(raw);
}

function parsePrNumber(getInput: GetInput): number | undefined {
  const raw = optional(getInput, 'pr-number');
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new InputError(`input \`pr-number\` is '${raw}': use the number of a pull request, e.g. 42`);
  return Number(raw);
}

function parseTags(getInput: GetInput): string | undefined {
  const raw = optional(getInput, 'tags');
  if (raw === undefined) return undefined;
  const pairs = raw.split(/[\n,]/).map((p) => p.trim()).filter((p) => p !== '');
  const fix = 'write one key=value per line or separated by commas, at most 10 tags';
  if (pairs.length > 10) throw new InputError(`input \`tags\` has ${pairs.length} tags: S3 allows 10 per object; ${fix}`);
  return pairs
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? '' : pair.slice(0, eq).trim();
      const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
      if (key === '' || key.length > 128 || value.length > 256) throw new InputError(`input \`tags\` has '${pair}': ${fix} (keys up to 128, values up to 256 characters)`);
      return `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
    })
    .join('&');
}

function parseUrl(name: string, raw: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`input \`${name}\` is not a valid URL: use a full URL such as ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`input \`${name}\` must be an http:// or https:// URL, such as ${example}`);
  }
  return url;
}

function parsePatterns(getInput: GetInput): string[] {
  const raw = required(getInput, 'path', 'the files or globs to publish, one per line (e.g. test-results/**)');
  const patterns = raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (patterns.length === 0 || patterns.every((p) => p.startsWith('!'))) {
    throw new InputError('input `path` has no pattern to include: add at least one line that is not an `!exclude`');
  }
  return patterns;
}

export function defaultPrefix(context: RunContext, testName: string): string {
  const slash = context.repository.indexOf('/');
  const owner = slash < 0 ? 'local' : context.repository.slice(0, slash);
  const repo = slash < 0 ? context.repository : context.repository.slice(slash + 1);
  return [owner, repo, `${context.runId}-${context.runAttempt}`, testName].map(keySegment).join('/');
}

/** `context`: the run context when the caller read it itself (the command line, from another CI
 * or flags); by default GitHub Actions' (src/context/github.ts). */
export function parseInputs(getInput: GetInput, env: NodeJS.ProcessEnv, now = new Date(), context = readGithubContext(env, now)): Inputs {
  const bucket = required(getInput, 'bucket', 'the name of the S3 bucket that receives the outputs');
  if (/[/\s]/.test(bucket)) {
    throw new InputError(`input \`bucket\` is '${bucket}': give the bucket name only, without '/' or spaces (use \`prefix\` for a folder)`);
  }
  const patterns = parsePatterns(getInput);
  const testName = required(getInput, 'test-name', 'the name of the test or suite (e.g. unit-tests)');
  if (testName.length > MAX_TEST_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(testName)) {
    throw new InputError(`input \`test-name\` must be one line of at most ${MAX_TEST_NAME_LENGTH} characters`);
  }
  const userPrefix = optional(getInput, 'prefix');
  const prefix = userPrefix === undefined ? defaultPrefix(context, testName) : validatePrefix(userPrefix);

  const endpointRaw = optional(getInput, 'endpoint') ?? (env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'] || undefined);
  const endpoint = endpointRaw === undefined
    ? undefined
    : parseUrl('endpoint', endpointRaw, 'https://s3.example.com or http://127.0.0.1:9000').toString().replace(/\/+$/, '');
  const publicBaseRaw = optional(getInput, 'public-base-url');
  const publicBaseUrl = publicBaseRaw === undefined
    ? undefined
    : parseUrl('public-base-url', publicBaseRaw, 'https://outputs.example.com').toString().replace(/\/+$/, '');
  const forcePathStyle = parseBoolean(getInput, 'force-path-style', endpoint !== undefined);
  // A bucket address that cannot exist is a configuration error, found before any upload.
  addressingStyle({ bucket, endpoint, forcePathStyle });

  return {
    bucket,
    patterns,
    testName,
    prefix,
    region: optional(getInput, 'region') ?? (env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1'),
    endpoint,
    forcePathStyle,
    publicBaseUrl,
    ifNoFilesFound: parseEnum(getInput, 'if-no-files-found', ['warn', 'error', 'ignore'] as const, 'warn'),
    includeHiddenFiles: parseBoolean(getInput, 'include-hidden-files', false),
    concurrency: parseConcurrency(getInput),
    parentIndexes: parseBoolean(getInput, 'parent-indexes', true),
    linkMode: parseEnum(getInput, 'link-mode', ['public', 'presigned'] as const, 'public'),
    ifExists: parseEnum(getInput, 'if-exists', ['error', 'replace'] as const, 'error'),
    objects: {
      acl: parseEnum(getInput, 'acl', Object.values(ObjectCannedACL), undefined),
      storageClass: parseEnum(getInput, 'storage-class', Object.values(StorageClass), undefined),
      tagging: parseTags(getInput),
    },
    github: {
      token: optional(getInput, 'github-token') ?? env['GITHUB_TOKEN'] ?? '',
      comment: parseEnum(getInput, 'comment', ['sticky', 'new', 'off'] as const, 'sticky'),
      commentHeader: optional(getInput, 'comment-header') ?? testName,
      summary: parseBoolean(getInput, 'summary', true),
      prNumber: parsePrNumber(getInput),
      commentOnPush: parseBoolean(getInput, 'comment-on-push', false),
    },
    presignExpiry: parseDuration('presign-expiry', optional(getInput, 'presign-expiry') ?? '7d'),
    requestTimeout: parseDuration('request-timeout', optional(getInput, 'request-timeout') ?? DEFAULT_REQUEST_TIMEOUT, REQUEST_TIMEOUT_LIMIT),
    maxFiles: parseMaxFiles(getInput),
    images: {
      compress: parseBoolean(getInput, 'compress-images', true),
      maxBytes: parseSize('max-image-size', optional(getInput, 'max-image-size') ?? DEFAULT_MAX_IMAGE_SIZE),
      keepOriginals: parseBoolean(getInput, 'keep-originals', false),
      extensions: parseExtensions(getInput),
    },
    context,
  };
}

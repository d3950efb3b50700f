// Every input of the action is read, validated and defaulted here, once. Lower layers receive
// the typed `Inputs` object and never read the environment themselves.
import type { CompareSetting, Inputs, RunContext } from './config.js';
import { parseResults } from './inputs-results.js';
import { readGithubContext } from './context/github.js';
import { keySegment, validatePrefix } from './files/keys.js';
import { historyPlace } from './layout.js';
import { CANNED_ACLS, STORAGE_CLASSES } from './store/store.js';
import { addressingStyle } from './store/s3/urls.js';
import { InputError } from './util/errors.js';

export type * from './config.js';
export { parseResults } from './inputs-results.js';

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

function parseKeepOriginals(getInput: GetInput): boolean | 'auto' {
  const raw = optional(getInput, 'keep-originals');
  if (raw === undefined || raw.toLowerCase() === 'auto') return 'auto';
  if (raw.toLowerCase() === 'true') return true;
  if (raw.toLowerCase() === 'false') return false;
  throw new InputError(`input \`keep-originals\` is '${raw}': use auto, true or false`);
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

/** `retention-days`: a bare number is days, as the name says (`30` never means 30 seconds);
 * `30d`, `12h`, `90m`, `45s` as the other durations. Only a publication that has a history (a
 * prefix of at least three segments: `<root>/<run>/<test>`) can have older ones pruned. */
export function parseRetention(raw: string | undefined, prefix: string): number | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (!/^\d+\s*[smhd]?$/i.test(trimmed)) {
    throw new InputError(`input \`retention-days\` is '${raw}': use a number of days such as 30, or a duration such as 30d, 12h, 90m or 45s (leave it empty to keep everything)`);
  }
  const seconds = parseDuration('retention-days', /\d$/.test(trimmed) ? `${trimmed}d` : trimmed, { seconds: Number.MAX_SAFE_INTEGER, why: 'too long' });
  if (historyPlace(prefix) === undefined) {
    throw new InputError(`input \`retention-days\` needs a prefix of at least 3 segments (<root>/<run>/<test>, as the default <owner>/<repo>/<run>/<test>), and \`prefix\` is '${prefix}': leave \`prefix\` unset, or give it a root, a run and a test segment`);
  }
  return seconds;
}

/** `compare`: `auto` (the base branch's publication, or the branch's previous one), `off`, or a
 * publication to compare with: its prefix, `s3://<bucket>/<prefix>`, or the URL of its page
 * (compare/baseline.ts resolves it). */
export function parseCompare(raw: string | undefined): CompareSetting {
  if (raw === undefined) return { mode: 'auto' };
  const value = raw.trim();
  const lower = value.toLowerCase();
  if (lower === 'auto' || lower === 'true') return { mode: 'auto' };
  if (lower === 'off' || lower === 'false' || lower === 'none') return { mode: 'off' };
  if (/\s/.test(value)) throw new InputError(`input \`compare\` is '${raw}': use auto, off, or one publication's prefix, s3://<bucket>/<prefix> or page URL (no spaces)`);
  if (/^https?:\/\//i.test(value)) parseUrl('compare', value, 'https://bucket.s3.amazonaws.com/owner/repo/123-1/unit/index.html');
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^s3:\/\//i.test(value)) {
    throw new InputError(`input \`compare\` is '${raw}': give a prefix, s3://<bucket>/<prefix> or an http(s) URL of a publication's page`);
  }
  return { mode: 'explicit', target: value };
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

// A region is part of the S3 host name and of every signature: one DNS label, in lower case as
// every AWS region and S3-compatible server (auto, garage, default) spells it.
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function parseRegion(getInput: GetInput, env: NodeJS.ProcessEnv): string {
  const given = optional(getInput, 'region');
  const fromEnv = (['AWS_REGION', 'AWS_DEFAULT_REGION'] as const).find((name) => env[name]);
  const raw = given ?? (fromEnv ? (env[fromEnv] as string) : 'us-east-1');
  if (!REGION.test(raw)) {
    const source = given === undefined && fromEnv ? ` (from ${fromEnv})` : '';
    throw new InputError(
      `input \`region\` is '${JSON.stringify(raw).slice(1, -1)}'${source}: use the bucket's region, such as eu-west-1 (lower-case letters, digits and '-'; auto for Cloudflare R2)`,
    );
  }
  return raw;
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

  const compare = parseCompare(optional(getInput, 'compare'));
  const failOnChange = parseBoolean(getInput, 'fail-on-change', false);
  const results = parseResults(optional(getInput, 'results'));
  const failOnTestFailure = parseBoolean(getInput, 'fail-on-test-failure', false);
  if (failOnTestFailure && results.mode === 'off') throw new InputError('input `fail-on-test-failure` is true but `results` is off: no test result is read, so none could fail; set results to auto (or globs), or fail-on-test-failure to false');
  if (failOnChange && compare.mode === 'off') throw new InputError('input `fail-on-change` is true but `compare` is off: nothing is compared, so nothing could fail; set compare to auto (or a publication), or fail-on-change to false');
  return {
    bucket,
    patterns,
    testName,
    prefix,
    region: parseRegion(getInput, env),
    endpoint,
    forcePathStyle,
    publicBaseUrl,
    ifNoFilesFound: parseEnum(getInput, 'if-no-files-found', ['warn', 'error', 'ignore'] as const, 'warn'),
    includeHiddenFiles: parseBoolean(getInput, 'include-hidden-files', false),
    concurrency: parseConcurrency(getInput),
    parentIndexes: parseBoolean(getInput, 'parent-indexes', true),
    linkMode: parseEnum(getInput, 'link-mode', ['public', 'presigned'] as const, 'public'),
    ifExists: parseEnum(getInput, 'if-exists', ['error', 'replace'] as const, 'error'),
    html: parseEnum(getInput, 'html', ['render', 'text'] as const, 'render'),
    objects: {
      acl: parseEnum(getInput, 'acl', CANNED_ACLS, undefined),
      storageClass: parseEnum(getInput, 'storage-class', STORAGE_CLASSES, undefined),
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
    retentionSeconds: parseRetention(optional(getInput, 'retention-days'), prefix),
    compare,
    failOnChange,
    results,
    failOnTestFailure,
    images: {
      compress: parseBoolean(getInput, 'compress-images', true),
      maxBytes: parseSize('max-image-size', optional(getInput, 'max-image-size') ?? DEFAULT_MAX_IMAGE_SIZE),
      keepOriginals: parseKeepOriginals(getInput),
      extensions: parseExtensions(getInput),
    },
    context,
  };
}

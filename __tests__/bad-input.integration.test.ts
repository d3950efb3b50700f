// The bad-input catalogue: every way a workflow can hand the action something wrong (inputs,
// credentials, bucket, region, files), each run through the built action against a real S3
// server (the embedded s3rver, or Ceph RGW with PTO_S3_ENDPOINT). Each case asserts the exit
// status documented in the README, the one error line (or the warning), and that the bucket
// holds exactly what the step claims: every object it reports is stored with the bytes the
// manifest says, and a configuration error (exit 2) leaves the bucket empty.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, constants, openSync, rmSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ENTRY, runAction, type ActionRun } from '../scripts/run-action.mjs';
import { startFaultProxy, type Fault, type RequestInfo } from './helpers/fault-proxy.js';
import { ACTIONS_BOT, ACTIONS_TOKEN, startGithubApi, type GithubApi } from './helpers/github-api.js';
import { freePort } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';
import { childKey, CHILDREN_DIR } from '../src/layout.js';

const PREFIX = 'c';
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const pass: Fault = { kind: 'pass' };
const isRoot = process.getuid?.() === 0;

interface Context {
  ws: string;
  target: S3Target;
}

interface Case {
  name: string;
  /** Merged over `{ bucket, path: 'out', test-name, prefix: 'c' }`; `undefined` removes one. */
  inputs?: Record<string, string | undefined>;
  env?: (c: Context) => Promise<Record<string, string | undefined>> | Record<string, string | undefined>;
  /** Makes the workspace (beside the default out/a.txt and out/logs/b.log). */
  setup?: (ws: string) => Promise<void>;
  /** Requests go through a fault-injecting proxy with this plan (fresh per run). */
  faults?: (ws: string) => (r: RequestInfo) => Fault;
  /** Faults only where the server itself does not check this (s3rver accepts any signature). */
  faultsOnlyEmbedded?: boolean;
  /** Runs the action as an unprivileged user (root reads any file). */
  unprivileged?: boolean;
  exit: 0 | 1 | 2;
  error?: RegExp;
  warning?: RegExp;
  /** Objects a fatal error left stored but unclaimed: the step fails, and no page lists them. */
  unlisted?: number;
  /** Keys (under the prefix) of the files that must be published, exactly. */
  published?: string[];
  check?: (run: ActionRun, stored: Map<string, Buffer>, c: Context) => void | Promise<void>;
}

const DEFAULT_FILES = ['a.txt', 'logs/b.log'];
const everyRequest = (fault: Fault) => () => () => fault;
/** The first `n` uploads of files go through (the claim's PUTs are not counted); every request
 * after them gets `fault`. */
const afterUploads = (n: number, fault: Fault) => () => {
  let puts = 0;
  return (r: RequestInfo): Fault => (r.method === 'PUT' && !r.url.includes(`/${CHILDREN_DIR}/`) && ++puts > n ? fault : pass);
};
const s3Error = (status: number, code: string, headers?: Record<string, string>): Fault => ({ kind: 'status', status, code, ...(headers ? { headers } : {}) });
const files = (entries: Record<string, string | Buffer>) => async (ws: string) => {
  for (const [rel, data] of Object.entries(entries)) {
    await mkdir(path.dirname(path.join(ws, rel)), { recursive: true });
    await writeFile(path.join(ws, rel), data);
  }
};

/** A named pipe out/pipe and a unix socket out/logs/sock. Reading the pipe would block until a
 * writer comes: one comes after a while, so a regression fails its case instead of hanging. */
async function specialFiles(ws: string): Promise<void> {
  const pipe = path.join(ws, 'out/pipe');
  execFileSync('mkfifo', [pipe]);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(ws, 'out/logs/sock'), resolve));
  server.unref();
  setTimeout(() => {
    try {
      closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it, as it should be.
    }
  }, 20_000).unref();
}

const badInput = (name: string, inputs: Record<string, string | undefined>, error: RegExp): Case => ({ name, inputs, exit: 2, error });

const githubApis: GithubApi[] = [];
/** Pull request #42 and a fake GitHub API behind GITHUB_API_URL for one case; `api()` is that
 * case's server, for its check. */
function onPullRequest(prepare?: (api: GithubApi) => void): Pick<Case, 'env'> & { api: () => GithubApi } {
  let api: GithubApi | undefined;
  return {
    env: async ({ ws }) => {
      api = await startGithubApi();
      githubApis.push(api);
      prepare?.(api);
      const event = path.join(path.dirname(ws), 'event.json');
      await writeFile(event, JSON.stringify({ number: 42, pull_request: { number: 42 } }));
      return { GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event };
    },
    api: () => api!,
  };
}
const hugeHeader = onPullRequest();
const mentioningName = onPullRequest();
const plantedMarker = onPullRequest((api) =>
  api.comments.set(42, [{ id: 1, body: '<!-- publish-test-outputs:catalogue -->\n[Browse the outputs](https://evil.example)', html_url: 'u1', user: { login: 'mallory', type: 'User' } }]),
);
const refusedToken = onPullRequest((api) => api.refused.add('ghp_revoked'));

const CASES: Case[] = [
  // ---- inputs: missing, empty, malformed, unknown values ----
  badInput('bucket missing', { bucket: undefined }, /^input `bucket` is required: set it to the name of the S3 bucket/),
  badInput('bucket only whitespace', { bucket: '   ' }, /^input `bucket` is required/),
  badInput('bucket with a slash', { bucket: 'outputs/run' }, /^input `bucket` is 'outputs\/run': give the bucket name only, without '\/' or spaces \(use `prefix` for a folder\)/),
  badInput('bucket given as an s3:// URL', { bucket: 's3://outputs' }, /^input `bucket` is 's3:\/\/outputs': give the bucket name only/),
  badInput('path missing', { path: undefined }, /^input `path` is required/),
  badInput('path with only excludes', { path: '!out/**' }, /^input `path` has no pattern to include: add at least one line that is not an `!exclude`/),
  badInput('test-name missing', { 'test-name': undefined }, /^input `test-name` is required/),
  badInput('test-name over 200 characters', { 'test-name': 'x'.repeat(201) }, /^input `test-name` must be one line of at most 200 characters/),
  badInput('test-name with a control character', { 'test-name': 'unit\u0007tests' }, /^input `test-name` must be one line/),
  badInput('if-no-files-found unknown', { 'if-no-files-found': 'sometimes' }, /^input `if-no-files-found` is 'sometimes': use one of warn, error, ignore$/),
  badInput('include-hidden-files not a boolean', { 'include-hidden-files': 'yes' }, /^input `include-hidden-files` is 'yes': use true or false$/),
  badInput('force-path-style not a boolean', { 'force-path-style': 'maybe' }, /^input `force-path-style` is 'maybe': use true or false$/),
  badInput('parent-indexes not a boolean', { 'parent-indexes': 'on' }, /^input `parent-indexes` is 'on': use true or false$/),
  badInput('summary not a boolean', { summary: '1' }, /^input `summary` is '1': use true or false$/),
  badInput('concurrency zero', { concurrency: '0' }, /^input `concurrency` is '0': use a whole number from 1 to 256$/),
  badInput('concurrency not a number', { concurrency: 'many' }, /^input `concurrency` is 'many'/),
  badInput('concurrency over the maximum', { concurrency: '1000' }, /^input `concurrency` is '1000': use a whole number from 1 to 256$/),
  badInput('max-image-size malformed', { 'max-image-size': '50 parsecs' }, /^input `max-image-size` is '50 parsecs': use a byte count or a size such as 51200, 50KB or 0.5MB$/),
  badInput('max-image-size too small to read', { 'max-image-size': '50' }, /^input `max-image-size` is '50' \(50 bytes\): use at least 1KB$/),
  badInput('compress-images not a boolean', { 'compress-images': 'sometimes' }, /^input `compress-images` is 'sometimes': use true or false$/),
  badInput('keep-originals not auto or a boolean', { 'keep-originals': 'both' }, /^input `keep-originals` is 'both': use auto, true or false$/),
  badInput('image-extensions with a path in it', { 'image-extensions': 'png, j/pg' }, /^input `image-extensions` has 'j\/pg': list extensions such as png, jpg, webp, separated by commas$/),
  badInput('link-mode unknown', { 'link-mode': 'private' }, /^input `link-mode` is 'private': use one of public, presigned$/),
  badInput('presign-expiry over the SigV4 limit', { 'presign-expiry': '30d' }, /^input `presign-expiry` is '30d': presigned links live at most 7 days/),
  badInput('presign-expiry not a duration', { 'presign-expiry': 'soon' }, /^input `presign-expiry` is 'soon': use a duration such as 7d, 12h, 90m or a number of seconds$/),
  badInput('request-timeout not a duration', { 'request-timeout': 'forever' }, /^input `request-timeout` is 'forever': use a duration/),
  badInput('request-timeout over an hour', { 'request-timeout': '2h' }, /^input `request-timeout` is '2h': use at most 1h/),
  badInput('max-files not a number', { 'max-files': 'lots' }, /^input `max-files` is 'lots': use a whole number of files, or 0 for no limit$/),
  badInput('comment mode unknown', { comment: 'always' }, /^input `comment` is 'always': use one of sticky, new, off$/),
  badInput('pr-number not a number', { 'pr-number': 'abc' }, /^input `pr-number` is 'abc': use the number of a pull request, e.g. 42$/),
  badInput('endpoint not a URL', { endpoint: 'not a url' }, /^input `endpoint` is not a valid URL: use a full URL such as/),
  badInput('endpoint with another scheme', { endpoint: 'ftp://files.example.com' }, /^input `endpoint` must be an http:\/\/ or https:\/\/ URL/),
  { name: 'AWS_ENDPOINT_URL_S3 not a URL', env: () => ({ AWS_ENDPOINT_URL_S3: 'localhost:9000 ' }), exit: 2, error: /^input `endpoint` (is not a valid URL|must be an http)/ },
  badInput('public-base-url without a scheme', { 'public-base-url': 'outputs.example.com' }, /^input `public-base-url` (is not a valid URL|must be an http)/),
  badInput('acl unknown', { acl: 'world-writable' }, /^input `acl` is 'world-writable': use one of authenticated-read, .*public-read/),
  badInput('storage-class unknown', { 'storage-class': 'COLD' }, /^input `storage-class` is 'COLD': use one of /),
  badInput('tags without =', { tags: 'no-equals-sign' }, /^input `tags` has 'no-equals-sign': write one key=value per line/),
  badInput('more than 10 tags', { tags: Array.from({ length: 11 }, (_, i) => `k${i}=v`).join(',') }, /^input `tags` has 11 tags: S3 allows 10 per object/),
  badInput("prefix with '..'", { prefix: '../escape' }, /^input `prefix` has an empty, '.' or '..' segment/),
  badInput("prefix with a segment '_children' (the levels' own)", { prefix: 'runs/_children/x' }, /^input `prefix` has the segment '_children', which the index pages of the levels above publications use: rename that segment$/),
  badInput("prefix with 'PR' after its first segment (the stable links' folder)", { prefix: 'o/r/PR/17/unit' }, /^input `prefix` has the segment 'PR' after its first, where the stable links of the publications above live \(<root>\/latest\/, <root>\/pr\/\): rename that segment, e.g. 'PR-runs'$/),
  badInput("prefix with a segment 'index.html'", { prefix: 'runs/index.html' }, /^input `prefix` has the segment 'index.html', which the index pages of the levels above publications use: rename that segment$/),
  badInput('if-exists unknown', { 'if-exists': 'overwrite' }, /^input `if-exists` is 'overwrite': use one of error, replace$/),
  badInput("prefix starting with '/'", { prefix: '/abs/path' }, /^input `prefix` must not start with '\/'/),
  badInput('prefix with an empty segment', { prefix: 'a//b' }, /^input `prefix` has an empty, '.' or '..' segment/),
  badInput('prefix with a control character', { prefix: 'a\tb' }, /^input `prefix` contains a control character or '\\'/),
  badInput('prefix longer than a key can hold', { prefix: 'p'.repeat(1100) }, /^input `prefix` is longer than 512 bytes: S3 keys are capped at 1,024 bytes; shorten it$/),

  // ---- credentials, bucket, region, permissions, network ----
  { name: 'bucket that does not exist', inputs: { bucket: 'pto-no-such-bucket' }, exit: 2, error: /^bucket `pto-no-such-bucket` does not exist at http:\/\/127\.0\.0\.1:\d+: create it, or fix input `bucket` \/ `endpoint`$/ },
  {
    name: 'no credentials anywhere',
    env: async ({ ws }) => ({
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SHARED_CREDENTIALS_FILE: path.join(ws, 'none'),
      AWS_CONFIG_FILE: path.join(ws, 'none'),
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    exit: 2,
    error: /^no AWS credentials found: run aws-actions\/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY$/,
  },
  {
    name: 'wrong secret key',
    env: () => ({ AWS_SECRET_ACCESS_KEY: 'wrong-secret-value-1234567890' }),
    faults: everyRequest(s3Error(403, 'SignatureDoesNotMatch')),
    faultsOnlyEmbedded: true,
    exit: 2,
    error: /^credentials rejected by http:\/\/127\.0\.0\.1:\d+ \((SignatureDoesNotMatch|InvalidAccessKeyId)\): check the access key, secret and session token/,
    check: (run) => expect(run.stdout.replace('::add-mask::wrong-secret-value-1234567890', '') + run.stderr).not.toContain('wrong-secret-value'),
  },
  {
    name: 'expired session token',
    env: () => ({ AWS_SESSION_TOKEN: 'expired-session-token-abcdef' }),
    faults: everyRequest(s3Error(400, 'ExpiredToken')),
    exit: 2,
    error: /^the session credentials expired before the upload \(ExpiredToken from http:\/\/127\.0\.0\.1:\d+\): run aws-actions\/configure-aws-credentials closer to this step or raise its role-duration-seconds$/,
    check: (run) => expect(run.stdout.replace('::add-mask::expired-session-token-abcdef', '') + run.stderr).not.toContain('expired-session-token'),
  },
  {
    name: 'region mismatch',
    inputs: { region: 'us-east-1' },
    faults: everyRequest(s3Error(301, 'PermanentRedirect', { 'x-amz-bucket-region': 'eu-central-1' })),
    exit: 2,
    error: /^bucket `pto-test-\w+` is in another region than the one configured: set input `region` to eu-central-1$/,
  },
  {
    name: 'no permission to write',
    faults: () => (r) => (r.method === 'PUT' ? s3Error(403, 'AccessDenied') : pass),
    exit: 2,
    error: /^access denied by http:\/\/127\.0\.0\.1:\d+ for bucket `pto-test-\w+` \(AccessDenied: injected\): the credentials need s3:PutObject on the bucket and prefix$/,
  },
  {
    name: 'permission withdrawn part way (policy change)',
    inputs: { concurrency: '1' },
    setup: files({ 'out/c.txt': 'c', 'out/d.txt': 'd', 'out/e.txt': 'e' }),
    faults: afterUploads(2, s3Error(403, 'AccessDenied')),
    exit: 1,
    error: /^access denied by .* \(after 2 of 5 files were uploaded; no index page lists them\)$/,
    unlisted: 2,
    check: (run, stored) => {
      expect(run.outputs['files'] ?? '0').toBe('0');
      expect([...stored.keys()].filter((k) => k.endsWith('index.html') || k.endsWith('manifest.json'))).toEqual([]);
    },
  },
  {
    name: 'bucket deleted part way',
    inputs: { concurrency: '1' },
    setup: files({ 'out/c.txt': 'c', 'out/d.txt': 'd' }),
    faults: afterUploads(1, s3Error(404, 'NoSuchBucket')),
    exit: 1,
    error: /^bucket `pto-test-\w+` does not exist at .* \(after 1 of 4 files were uploaded; no index page lists them\)$/,
    unlisted: 1,
  },
  {
    name: 'endpoint that nothing listens on',
    env: async () => ({ AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${await freePort()}` }),
    exit: 1,
    error: /^cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check input `endpoint` \/ `region` and the network$/,
  },
  {
    name: 'credentials written into the endpoint URL',
    env: async () => ({ AWS_ENDPOINT_URL_S3: `http://user:hunter2-secret@127.0.0.1:${await freePort()}` }),
    exit: 1,
    error: /^cannot reach http:\/\/127\.0\.0\.1:\d+\/? \(ECONNREFUSED\)/,
    check: (run) => {
      expect(run.stdout).toContain('::add-mask::hunter2-secret');
      expect((run.stdout + run.stderr).replace('::add-mask::hunter2-secret', '')).not.toContain('hunter2');
    },
  },

  // ---- files ----
  { name: 'no file matched (warn)', inputs: { path: 'nothing-here/**' }, exit: 0, warning: /^no files were found with the provided path: nothing-here\/\*\*\. No outputs will be published\.$/, published: [] },
  { name: 'no file matched (error)', inputs: { path: 'nothing-here/**', 'if-no-files-found': 'error' }, exit: 2, error: /^no files were found with the provided path: nothing-here\/\*\*\. No outputs will be published\. \(if-no-files-found: error\)$/ },
  {
    name: 'no file matched (ignore)',
    inputs: { path: 'nothing-here/**', 'if-no-files-found': 'ignore' },
    exit: 0,
    published: [],
    check: (run) => expect(run.stdout).not.toContain('::warning::'),
  },
  {
    name: 'only hidden files matched',
    inputs: { path: 'hidden' },
    setup: files({ 'hidden/.env.test': 'x', 'hidden/.cache/c.bin': 'y' }),
    exit: 0,
    warning: /^no files were found with the provided path: hidden \(2 hidden files were left out: set include-hidden-files: true to publish them\)\./,
    published: [],
  },
  {
    name: 'a glob matching 100,000 files',
    inputs: { path: 'many/**' },
    setup: async (ws) => {
      for (let d = 0; d < 100; d++) {
        await mkdir(path.join(ws, 'many', `d${d}`), { recursive: true });
        await Promise.all(Array.from({ length: 1000 }, (_, f) => writeFile(path.join(ws, 'many', `d${d}`, `f${f}.txt`), '')));
      }
    },
    exit: 2,
    error: /^input `path` matched 100000 files, more than `max-files` \(20000\): narrow the pattern \(e\.g\. add !\*\*\/node_modules\/\*\*\) or raise `max-files`$/,
  },
  {
    name: 'zero-byte files',
    setup: files({ 'out/empty.log': '', 'out/logs/empty.txt': '' }),
    exit: 0,
    published: ['a.txt', 'empty.log', 'logs/b.log', 'logs/empty.txt'],
    check: (_run, stored) => expect(stored.get('empty.log')!.length).toBe(0),
  },
  {
    name: 'a directory matched by a wildcard publishes what is in it',
    inputs: { path: 'out/*' },
    setup: files({ 'out/deep/er/c.txt': 'c' }),
    exit: 0,
    published: ['a.txt', 'deep/er/c.txt', 'logs/b.log'],
  },
  {
    name: 'an unreadable file',
    setup: async (ws) => {
      await files({ 'out/secret.txt': 'no' })(ws);
      await chmod(path.join(ws, 'out/secret.txt'), 0o000);
    },
    unprivileged: true,
    exit: 1,
    error: /^1 of 3 files failed to upload:%0A {2}secret\.txt: the file cannot be read \(EACCES\): give the user running this step read permission$/,
    published: ['a.txt', 'logs/b.log'],
  },
  {
    name: 'a symlink inside the workspace is followed',
    setup: async (ws) => {
      await files({ 'shared/common.txt': 'shared' })(ws);
      await symlink('../shared/common.txt', path.join(ws, 'out/common.txt'));
    },
    exit: 0,
    published: ['a.txt', 'common.txt', 'logs/b.log'],
    check: (_run, stored) => expect(stored.get('common.txt')!.toString()).toBe('shared'),
  },
  {
    name: 'a symlink pointing outside the workspace is skipped',
    setup: async (ws) => {
      await writeFile(path.join(path.dirname(ws), `${path.basename(ws)}-outside.txt`), 'private');
      await symlink(path.join(path.dirname(ws), `${path.basename(ws)}-outside.txt`), path.join(ws, 'out/leak.txt'));
    },
    exit: 0,
    warning: /^skipped leak\.txt: it is a symbolic link to .*-outside\.txt, outside the workspace, so it is left out: name that location in `path` to publish it$/,
    published: ['a.txt', 'logs/b.log'],
  },
  {
    name: 'a symlink loop is skipped',
    setup: async (ws) => symlink('..', path.join(ws, 'out/logs/loop')),
    exit: 0,
    warning: /^skipped logs\/loop: it is a symbolic link to .*\/out, which contains it \(a loop\): it is not followed$/,
    published: ['a.txt', 'logs/b.log'],
  },
  {
    name: 'a broken symlink is skipped',
    setup: async (ws) => symlink('/nonexistent/file.txt', path.join(ws, 'out/gone.txt')),
    exit: 0,
    warning: /^skipped gone\.txt: it is a broken symbolic link$/,
    published: ['a.txt', 'logs/b.log'],
  },
  { name: "a pattern with '..' segments", inputs: { path: 'out/logs/../../out' }, exit: 0, published: ['a.txt', 'logs/b.log'] },
  badInput("a pattern with '..' after a wildcard", { path: 'out/**/../x' }, /^input `path` has 'out\/\*\*\/\.\.\/x': a '\.\.' after a wildcard is ambiguous; write the pattern without it$/),
  {
    name: 'a file name with a control character',
    setup: files({ 'out/bell\u0007.txt': 'x' }),
    exit: 0,
    warning: /^skipped bell\\u0007\.txt: its name has a control character, which S3 listings and browsers do not show reliably: rename it$/,
    published: ['a.txt', 'logs/b.log'],
  },
  { name: 'a file name with a backslash', setup: files({ 'out/C:\\temp\\x.txt': 'win' }), exit: 0, published: ['C:\\temp\\x.txt', 'a.txt', 'logs/b.log'] },
  {
    name: 'names with #?%+&<>"\'',
    setup: files({ "out/q #1?a=%41&b+c <x> \"y\" 'z'.txt": 'odd' }),
    exit: 0,
    published: ["q #1?a=%41&b+c <x> \"y\" 'z'.txt", 'a.txt', 'logs/b.log'],
  },
  {
    name: 'NFC and NFD spellings of one name are two files',
    setup: files({ ['out/' + 'résumé.txt'.normalize('NFC')]: 'nfc', ['out/' + 'résumé.txt'.normalize('NFD')]: 'nfd' }),
    exit: 0,
    published: ['a.txt', 'logs/b.log', 'résumé.txt'.normalize('NFC'), 'résumé.txt'.normalize('NFD')],
    check: (_run, stored) => {
      expect(stored.get('résumé.txt'.normalize('NFC'))!.toString()).toBe('nfc');
      expect(stored.get('résumé.txt'.normalize('NFD'))!.toString()).toBe('nfd');
    },
  },
  {
    name: 'a path too long for an S3 key',
    setup: files({ [`out/${['d', 'e', 'f', 'g', 'h'].map((c) => c.repeat(250)).join('/')}/long.txt`]: 'x' }),
    exit: 1,
    error: /^1 of 3 files failed to upload:%0A {2}d+\/e+\/f+\/g+\/h+\/long\.txt: its key is 1265 bytes, over S3's limit of 1024: shorten the file's path or the `prefix`$/,
    published: ['a.txt', 'logs/b.log'],
  },
  {
    name: 'a file deleted during the upload',
    inputs: { concurrency: '1' },
    setup: files({ 'out/z-vanishes.txt': 'soon gone' }),
    faults: (ws) => {
      let done = false;
      return (r) => {
        if (r.method === 'PUT' && !done) {
          done = true;
          rmSync(path.join(ws, 'out/z-vanishes.txt'));
        }
        return pass;
      };
    },
    exit: 1,
    error: /^1 of 3 files failed to upload:%0A {2}z-vanishes\.txt: the file vanished after it was found \(ENOENT\): make sure nothing deletes it while this step runs$/,
    published: ['a.txt', 'logs/b.log'],
  },
  {
    name: 'a file growing during the upload',
    inputs: { concurrency: '1' },
    setup: files({ 'out/z-grows.log': 'line 1\n' }),
    faults: (ws) => {
      let done = false;
      return (r) => {
        if (r.method === 'PUT' && !done) {
          done = true;
          appendFileSync(path.join(ws, 'out/z-grows.log'), 'line 2\nline 3\n');
        }
        return pass;
      };
    },
    exit: 0,
    published: ['a.txt', 'logs/b.log', 'z-grows.log'],
    check: (_run, stored) => expect(stored.get('z-grows.log')!.toString()).toBe('line 1\nline 2\nline 3\n'),
  },
  // ---- comments: only our own ----
  {
    name: 'a comment-header of 10,000 characters with --> and line breaks',
    inputs: { 'github-token': ACTIONS_TOKEN, 'comment-header': `${'h'.repeat(10_000)}\n--> <b>@alice</b>\n--` },
    ...hugeHeader,
    exit: 0,
    check: () => {
      const [comment, ...more] = hugeHeader.api().comments.get(42)!;
      expect(more).toEqual([]);
      expect(comment!.body.split('\n')[0]).toMatch(/^<!-- publish-test-outputs#sha256:[0-9a-f]{64} -->$/);
      expect(comment!.body).not.toContain('alice');
    },
  },
  {
    name: 'a test-name that mentions a team, a user and issues',
    inputs: { 'github-token': ACTIONS_TOKEN, 'test-name': 'e2e @octo-org/core @alice #12 GH-3 o/r#4' },
    ...mentioningName,
    exit: 0,
    check: (run) => {
      const shown = 'e2e @\u200Bocto-org/core @\u200Balice #\u200B12 GH-\u200B3 o/r#\u200B4';
      expect(mentioningName.api().comments.get(42)![0]!.body).toContain(`### Test outputs: ${shown}`);
      expect(run.summary).toContain(`<h3>Test outputs: ${shown}</h3>`);
    },
  },
  {
    name: "another user's comment carrying the marker",
    inputs: { 'github-token': ACTIONS_TOKEN },
    ...plantedMarker,
    exit: 0,
    check: (run) => {
      const [planted, ours] = plantedMarker.api().comments.get(42)!;
      expect(planted!.body).toContain('evil.example');
      expect(ours!.user).toEqual(ACTIONS_BOT);
      expect(ours!.body).toContain(`[Browse the outputs](${run.outputs['url']})`);
    },
  },
  {
    name: 'a github-token that GitHub refuses',
    inputs: { 'github-token': 'ghp_revoked' },
    ...refusedToken,
    exit: 0,
    warning: /^could not comment on pull request #42: the token was refused \(HTTP 401\): check that input `github-token` is a valid, unexpired token$/,
    check: () => expect(refusedToken.api().comments.get(42)).toBeUndefined(),
  },

  // ---- URL style: addresses that cannot be virtual-hosted (refused before anything is sent) ----
  badInput('virtual-hosted style on an IP endpoint', { 'force-path-style': 'false' }, /^input `force-path-style` is false, but `endpoint` http:\/\/127\.0\.0\.1:\d+ is an IP address, which cannot carry the bucket name as a subdomain: set force-path-style: true \(the default with an endpoint\)$/),
  // The SDK would build http://outputs.example.127.0.0.1:…/ and fail every file with ERR_INVALID_URL.
  badInput('virtual-hosted style on an IP endpoint, bucket with dots', { bucket: 'outputs.example', 'force-path-style': 'false' }, /^input `force-path-style` is false, but `endpoint` http:\/\/127\.0\.0\.1:\d+ is an IP address/),
  badInput('virtual-hosted style on a localhost endpoint', { endpoint: 'http://localhost:9000', 'force-path-style': 'false' }, /^input `force-path-style` is false, but `endpoint` http:\/\/localhost:9000 is localhost, where pto-test-\w+\.localhost does not resolve: set force-path-style: true/),
  badInput(
    'virtual-hosted style over HTTPS, bucket with dots',
    { bucket: 'outputs.example.com', endpoint: 'https://s3.example.com', 'force-path-style': 'false' },
    /^input `bucket` 'outputs\.example\.com' has dots, so it cannot be virtual-hosted over HTTPS \(a certificate for \*\.s3\.example\.com does not cover outputs\.example\.com\.s3\.example\.com\): set force-path-style: true/,
  ),
  badInput('virtual-hosted style, bucket name that is not a host name', { bucket: 'Test_Outputs', endpoint: 'http://s3.example.com', 'force-path-style': 'false' }, /^input `bucket` 'Test_Outputs' cannot be a host name \(lower-case letters, digits and hyphens, 3 to 63 per label\), so it cannot be virtual-hosted: set force-path-style: true/),

  // ---- region, files that are not regular files, html ----
  badInput('region with spaces', { region: 'us east 1' }, /^input `region` is 'us east 1': use the bucket's region, such as eu-west-1 \(lower-case letters, digits and '-'; auto for Cloudflare R2\)$/),
  badInput('region with a trailing slash', { region: 'eu-west-1/' }, /^input `region` is 'eu-west-1\/': use the bucket's region/),
  badInput('region in upper case', { region: 'EU-WEST-1' }, /^input `region` is 'EU-WEST-1': use the bucket's region/),
  { name: 'AWS_REGION that is a path', env: () => ({ AWS_REGION: '../x' }), exit: 2, error: /^input `region` is '\.\.\/x' \(from AWS_REGION\): use the bucket's region/ },
  {
    name: 'region that does not exist on AWS',
    inputs: { region: 'xx-nowhere-9' },
    env: () => ({ AWS_ENDPOINT_URL_S3: undefined, AWS_ENDPOINT_URL: undefined }),
    exit: 2,
    error: /^input `region` is 'xx-nowhere-9', which is not an AWS region: s3\.xx-nowhere-9\.amazonaws\.com does not resolve; set it to the bucket's region, such as eu-west-1, or set `endpoint` for S3-compatible storage$/,
    check: (run) => expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toEqual([]),
  },
  {
    name: 'a named pipe and a socket matched by a glob',
    inputs: { path: 'out/**' },
    setup: specialFiles,
    exit: 0,
    warning: /^skipped logs\/sock \(socket\), pipe \(named pipe\): these 2 are not regular files, so they are never read \(pipes, sockets and devices have no contents to publish\)$/,
    published: DEFAULT_FILES,
    check: (run) => expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))).toHaveLength(1),
  },
  {
    name: 'a named pipe named in path',
    inputs: { path: 'out/pipe\nout/a.txt' },
    setup: specialFiles,
    exit: 0,
    warning: /^skipped pipe \(named pipe\): it is not a regular file, so it is never read/,
    published: ['a.txt'],
  },
  badInput('html unknown', { html: 'sandboxed' }, /^input `html` is 'sandboxed': use one of render, text$/),
];

let target: S3Target;
const cleanup: string[] = [];
const DOC = path.resolve(import.meta.dirname, '../docs/bad-input.md');
const rows = new Map<string, string>();

/** One table row per case; what varies between runs (bucket, port, temp dirs) made generic. */
function docRow(c: Case, said: string | undefined, root: string): string {
  const generic = (said ?? '')
    .replaceAll(root, '<tmp>')
    .replace(/pto-test-\w+/g, '<bucket>')
    .replace(/127\.0\.0\.1:\d+/g, '<endpoint>')
    .replace(/%0A/g, ' ⏎ ')
    .replace(/[|]/g, '\\|')
    .replace(/\n/g, ' ')
    .replace(/(.)\1{19,}/g, (run, ch: string) => `${ch.repeat(3)}…(${run.length} × ${ch})`);
  return `| ${c.name.replace(/[|]/g, '\\|')} | ${c.exit} | ${generic.startsWith('(') ? generic : `\`\` ${generic} \`\``} |`;
}

async function writeDoc(): Promise<void> {
  const doc = `# Bad input

What the action does with each case of the bad-input catalogue
(\`__tests__/bad-input.integration.test.ts\`): the exit status and the line it prints (the
error, or the warning when it succeeds), as measured against the embedded S3 server. The same
cases pass against Ceph RGW in CI, where a wrong secret is refused by the server itself.
\`UPDATE_DOCS=1\` rewrites this table; otherwise the tests fail when a row differs.

Exit status: **0** published (warnings possible), **1** some or all files not published
(storage or network trouble, unreadable or vanished files; what the pages list did arrive),
**2** inputs or configuration wrong, nothing uploaded. \`<bucket>\`, \`<endpoint>\` and
\`<tmp>\` stand for the values of each run; ⏎ is a line break.

| case | exit | what the step says |
| --- | ---: | --- |
${CASES.map((c) => rows.get(c.name)).join('\n')}
`;
  await writeFile(DOC, doc);
}

beforeAll(async () => {
  target = await s3Target();
});
afterAll(async () => {
  if (process.env['UPDATE_DOCS'] === '1' && target.kind === 'embedded' && rows.size === CASES.length) await writeDoc();
  await target.close();
  for (const api of githubApis) await api.close();
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

/** Every object under the prefix, by key relative to it. */
async function storedObjects(bucket: string): Promise<Map<string, Buffer>> {
  const stored = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await target.client.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    for (const o of page.Contents ?? []) {
      const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
      stored.set(o.Key!.startsWith(`${PREFIX}/`) ? o.Key!.slice(PREFIX.length + 1) : o.Key!, Buffer.from(await got.Body!.transformToByteArray()));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return stored;
}

// The claim lives in the level above the prefix (layout.ts childKey), the rest under it.
const generated = (key: string): boolean => key === childKey(PREFIX) || key === 'manifest.json' || key === 'index.html' || key.endsWith('/index.html');

/** Runs the action as nobody: the workspace and a copy of the bundle opened to that user. */
async function unprivilegedLauncher(ws: string): Promise<{ launcher: string[]; entry: string }> {
  if (!isRoot) return { launcher: [], entry: ACTION_ENTRY };
  const entry = path.join(path.dirname(ws), `${path.basename(ws)}-action`, 'index.js');
  await mkdir(path.dirname(entry), { recursive: true });
  await copyFile(ACTION_ENTRY, entry);
  for (const dir of [path.dirname(ws), path.dirname(entry), ws, path.join(ws, 'out'), path.join(ws, 'out/logs')]) await chmod(dir, 0o755);
  return { launcher: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], entry };
}

describe('bad input: one clear line, the documented exit status, and nothing claimed that is not stored', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const root = await mkdtemp(path.join(tmpdir(), 'pto-bad-'));
    cleanup.push(root);
    const ws = path.join(root, 'ws');
    await files({ 'out/a.txt': 'alpha\n', 'out/logs/b.log': 'bravo\n' })(ws);
    await c.setup?.(ws);
    const bucket = await target.createBucket();
    const useFaults = c.faults !== undefined && !(c.faultsOnlyEmbedded && target.kind === 'external');
    const proxy = useFaults ? await startFaultProxy(target.endpoint, c.faults!(ws)) : undefined;
    const inputs = Object.fromEntries(
      Object.entries({ bucket, path: 'out', 'test-name': 'catalogue', prefix: PREFIX, ...c.inputs }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const env = { ...target.env(), ...(proxy ? { AWS_ENDPOINT_URL_S3: proxy.endpoint } : {}), ...(await c.env?.({ ws, target })) };
    let run: ActionRun;
    try {
      run = await runAction({ cwd: ws, inputs, env, ...(c.unprivileged ? await unprivilegedLauncher(ws) : {}) });
    } finally {
      await proxy?.close();
    }
    const lines = run.stdout.split('\n');
    const errors = lines.filter((l) => l.startsWith('::error::')).map((l) => l.slice('::error::'.length));
    const warnings = lines.filter((l) => l.startsWith('::warning::')).map((l) => l.slice('::warning::'.length));
    const context = `exit ${run.code}\n${run.stdout}\n${run.stderr}`;

    expect(run.code, context).toBe(c.exit);
    if (c.exit === 0) expect(errors, context).toEqual([]);
    else {
      expect(errors, context).toHaveLength(1);
      expect(errors[0], context).toMatch(c.error!);
    }
    if (c.warning) expect(warnings.some((w) => c.warning!.test(w)), context).toBe(true);

    // Nothing claimed that is not stored, byte for byte.
    const stored = await storedObjects(bucket);
    const userKeys = [...stored.keys()].filter((k) => !generated(k)).sort();
    expect(userKeys.length, `stored ${userKeys.join(', ')}`).toBe(Number(run.outputs['files'] ?? '0') + (c.unlisted ?? 0));
    if (c.exit === 2) expect([...stored.keys()], 'a configuration error uploads nothing').toEqual([]);
    if (c.published) expect(userKeys).toEqual([...c.published].sort());
    const manifest = stored.get('manifest.json');
    if (manifest) {
      const listed = (JSON.parse(manifest.toString()) as { files: { path: string; sha256: string }[] }).files;
      expect(listed.map((f) => f.path).sort()).toEqual(userKeys);
      for (const f of listed) expect(sha256(stored.get(f.path)!), f.path).toBe(f.sha256);
    }
    await c.check?.(run, stored, { ws, target });

    const said = c.exit === 0 ? (warnings.find((w) => c.warning?.test(w)) ?? `(published ${run.outputs['files'] ?? 0} files, no warning)`) : errors[0];
    const row = docRow(c, said, root);
    rows.set(c.name, row);
    if (target.kind === 'embedded' && process.env['UPDATE_DOCS'] !== '1') {
      expect((await readFile(DOC, 'utf8')).split('\n'), 'docs/bad-input.md has this row (UPDATE_DOCS=1 to rewrite)').toContain(row);
    }
  }, 120_000);
});

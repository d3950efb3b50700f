// The command line (dist/cli.js) run as a user runs it: a child process with argv and a clean
// environment (no GITHUB_*, no INPUT_*; PATH, HOME and the AWS credentials only), against a
// real S3 server (the embedded s3rver, or Ceph RGW with PTO_S3_ENDPOINT; scripts/test-rgw.sh).
// What it stores is checked by SHA-256 against the files and against what the action stores.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAction } from '../scripts/run-action.mjs';
import { envName } from '../src/cli/flags.js';
import { expectPublished } from './helpers/crawl.js';
import { startFaultProxy } from './helpers/fault-proxy.js';
import { ACTIONS_TOKEN, startGithubApi } from './helpers/github-api.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const CLI = path.join(repoRoot, 'dist/cli.js');
const fixtures = path.join(repoRoot, '__fixtures__/outputs');
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

let target: S3Target;

/** A clean environment: nothing of the test runner's (no GITHUB_*, INPUT_*, PTO_S3_*). */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    AWS_ACCESS_KEY_ID: target.accessKeyId,
    AWS_SECRET_ACCESS_KEY: target.secretAccessKey,
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? repoRoot, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

async function listKeys(bucket: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await target.client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.set(o.Key as string, `${o.ETag} ${o.Size}`);
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

async function getObject(bucket: string, key: string): Promise<{ body: Uint8Array; type: string; metadata: Record<string, string> }> {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: await got.Body!.transformToByteArray(), type: got.ContentType ?? '', metadata: got.Metadata ?? {} };
}

/** A page's text with the entities mustache writes in attributes (`&#x2F;` for `/`) decoded. */
const html = (body: Uint8Array): string => Buffer.from(body).toString().replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=');

// Metadata that says where and when a publication was made, which differs between two runs.
const RUN_METADATA = ['repository', 'commit', 'ref', 'run-id', 'run-attempt', 'workflow', 'job', 'uploaded-at'];

beforeAll(async () => {
  target = await s3Target();
});
afterAll(async () => {
  await target.close();
});

/** The photo's original, which keep-originals: auto publishes (its compressed copy loses detail). */
const ORIGINAL = '_originals/photos/photo.jpg';
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe(`the command line from a plain terminal (${process.env['PTO_S3_ENDPOINT'] ? 'external S3' : 'embedded s3rver'})`, () => {
  let bucket: string;
  let run: CliRun;
  let result: { url: string; prefix: string; files: number; bytes: number; failed: unknown[] };
  let localFiles: string[];

  beforeAll(async () => {
    bucket = await target.createBucket();
    localFiles = await listFiles(fixtures);
    run = await runCli(['--bucket', bucket, '--path', '__fixtures__/outputs', '--path', '!**/*.tmp', '--test-name', 'cli suite', '--endpoint', target.endpoint, '--json']);
    result = JSON.parse(run.stdout) as typeof result;
  }, 120_000);

  it('exits 0 and prints the publication as JSON on stdout, and nothing else there', () => {
    expect(run.code, run.stderr).toBe(0);
    // Every file, and the photo's original: keep-originals: auto keeps it, its copy loses detail.
    expect(result.files).toBe(localFiles.length + 1);
    expect(result.failed).toEqual([]);
    expect(result.url).toBe(`${target.endpoint}/${bucket}/${result.prefix}/index.html`);
    expect(run.stdout).not.toContain('::');
    expect(run.stderr).not.toMatch(/^::/m);
  });

  it('writes compression and upload progress to stderr as plain lines, the last of each complete', () => {
    const compressed = [...run.stderr.matchAll(/^compressed (\d+)\/(\d+) images, .+$/gm)];
    expect(compressed.length).toBeGreaterThan(0);
    expect(compressed.at(-1)![1]).toBe(compressed.at(-1)![2]);
    const uploaded = [...run.stderr.matchAll(/^uploaded (\d+)\/(\d+) files, .+$/gm)];
    expect(uploaded.at(-1)![0]).toMatch(new RegExp(`^uploaded ${result.files}/${result.files} files, `));
    expect(run.stderr).not.toMatch(/[\r\x1b]/);
  });

  it('names the run from git: local/<repository folder>, local-<UTC time>, the checked-out commit', async () => {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    expect(result.prefix).toMatch(new RegExp(`^local/${path.basename(top)}/local-\\d{8}T\\d{6}Z-1/cli-suite--[0-9a-f]{12}$`));
    const { metadata } = await getObject(bucket, `${result.prefix}/${localFiles[0]}`);
    expect(metadata['commit']).toBe(head);
    expect(metadata['repository']).toBe(`local/${path.basename(top)}`);
  });

  it('stores every file byte-exact (images compressed as the action does), with its Content-Type and metadata', async () => {
    for (const rel of localFiles) {
      const local = await readFile(path.join(fixtures, rel));
      const got = await getObject(bucket, `${result.prefix}/${rel}`);
      expectPublished(rel, local, got.body, fixtures);
      expect(decodeURIComponent(got.metadata['test-name'] ?? '')).toBe('cli suite');
      expect(got.metadata['original-size']).toBe(String(local.length));
    }
    const manifest = JSON.parse(Buffer.from((await getObject(bucket, `${result.prefix}/manifest.json`)).body).toString()) as {
      ci: string;
      files: { path: string; key: string; sha256: string }[];
    };
    expect(manifest.ci).toBe('local');
    expect(manifest.files.map((f) => f.path)).toEqual([ORIGINAL, ...localFiles].sort(byCodePoint));
    // keep-originals: auto published the photo's original too, byte for byte, with the reason.
    const original = await getObject(bucket, `${result.prefix}/${ORIGINAL}`);
    expect(sha256(original.body)).toBe(sha256(await readFile(path.join(fixtures, 'photos/photo.jpg'))));
    expect((await getObject(bucket, `${result.prefix}/photos/photo.jpg`)).metadata['original-kept']).toMatch(/^low-similarity 0\.\d\d < 0\.85$/);
    for (const f of manifest.files) expect(f.sha256, f.path).toBe(sha256((await getObject(bucket, f.key)).body));
  });

  it('stores what the action stores: the same keys, bytes, Content-Types, metadata and pages', async () => {
    const actionBucket = await target.createBucket();
    const action = await runAction({
      cwd: repoRoot,
      inputs: { bucket: actionBucket, path: '__fixtures__/outputs\n!**/*.tmp', 'test-name': 'cli suite', summary: 'false', comment: 'off' },
      env: target.env(),
    });
    expect(action.code, action.stdout).toBe(0);
    const actionPrefix = action.outputs['prefix']!;
    const relative = (keys: Map<string, string>, prefix: string): string[] => [...keys.keys()].filter((k) => k.startsWith(`${prefix}/`)).map((k) => k.slice(prefix.length + 1)).sort();
    const cliKeys = relative(await listKeys(bucket), result.prefix);
    expect(cliKeys).toEqual(relative(await listKeys(actionBucket), actionPrefix));
    for (const rel of cliKeys) {
      const ours = await getObject(bucket, `${result.prefix}/${rel}`);
      const theirs = await getObject(actionBucket, `${actionPrefix}/${rel}`);
      expect(ours.type, rel).toBe(theirs.type);
      const strip = (m: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(m).filter(([k]) => !RUN_METADATA.includes(k)));
      expect(strip(ours.metadata), rel).toEqual(strip(theirs.metadata));
      // Pages and the manifest name the run and the time; every file is the same bytes.
      if (!rel.endsWith('.html') && rel !== 'manifest.json') expect(sha256(ours.body), rel).toBe(sha256(theirs.body));
    }
    await target.deleteBucket(actionBucket);
  }, 120_000);
});

describe('the command line in a GitLab CI job', () => {
  const gitlab = {
    GITLAB_CI: 'true',
    CI: 'true',
    CI_SERVER_URL: 'https://gitlab.example.com',
    CI_PROJECT_PATH: 'team/widgets',
    CI_PROJECT_URL: 'https://gitlab.example.com/team/widgets',
    CI_COMMIT_SHA: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
    CI_COMMIT_BRANCH: 'feature/plots',
    CI_COMMIT_REF_NAME: 'feature/plots',
    CI_PIPELINE_ID: '4711',
    CI_PIPELINE_URL: 'https://gitlab.example.com/team/widgets/-/pipelines/4711',
    CI_JOB_ID: '90210',
    CI_JOB_NAME: 'unit',
    CI_JOB_URL: 'https://gitlab.example.com/team/widgets/-/jobs/90210',
  };
  let dir: string;
  let bucket: string;
  let run: CliRun;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pto-cli-gitlab-'));
    await mkdir(path.join(dir, 'out/logs'), { recursive: true });
    await writeFile(path.join(dir, 'out/summary.txt'), 'all green\n');
    await writeFile(path.join(dir, 'out/logs/run.log'), 'line 1\nline 2\n');
    bucket = await target.createBucket();
    run = await runCli(['--bucket', bucket, '--path', 'out/', '--test-name', 'unit', '--endpoint', target.endpoint], { cwd: dir, env: cleanEnv(gitlab) });
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes under the project and pipeline, with the commit and pipeline in the metadata', async () => {
    expect(run.code, run.stderr).toBe(0);
    const prefix = 'team/widgets/4711-1/unit';
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`browse the outputs: ${target.endpoint}/${bucket}/${prefix}/index.html`);
    const { metadata, body } = await getObject(bucket, `${prefix}/logs/run.log`);
    expect(Buffer.from(body).toString()).toBe('line 1\nline 2\n');
    expect(metadata['commit']).toBe(gitlab.CI_COMMIT_SHA);
    expect(metadata['run-id']).toBe('4711');
    expect(metadata['repository']).toBe('team/widgets');
    expect(metadata['job']).toBe('unit');
    expect(metadata['ref']).toBe('refs/heads/feature/plots');
  });

  it('links the commit and the pipeline on GitLab from the root page, and records the job in the manifest', async () => {
    const page = html((await getObject(bucket, 'team/widgets/4711-1/unit/index.html')).body);
    expect(page).toContain(`<a href="${gitlab.CI_PROJECT_URL}/-/commit/${gitlab.CI_COMMIT_SHA}"><code>9f8e7d6</code></a>`);
    expect(page).toContain(`<a href="${gitlab.CI_PIPELINE_URL}">pipeline #4711</a>`);
    expect(page).not.toContain('github.com');
    const manifest = JSON.parse(Buffer.from((await getObject(bucket, 'team/widgets/4711-1/unit/manifest.json')).body).toString()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ ci: 'gitlab', commit: gitlab.CI_COMMIT_SHA, runId: '4711', branch: 'feature/plots', runUrl: gitlab.CI_PIPELINE_URL, jobUrl: gitlab.CI_JOB_URL });
  });

  it('takes --commit, --branch and --run-id over the CI\'s; the commit link follows, the pipeline link is dropped', async () => {
    const other = 'aaaabbbbccccddddeeeeffff0000111122223333';
    const second = await runCli(['--bucket', bucket, '--path', 'out/', '--test-name', 'unit', '--endpoint', target.endpoint, '--commit', other, '--branch', 'main', '--run-id', 'nightly-7', '--json'], { cwd: dir, env: cleanEnv(gitlab) });
    expect(second.code, second.stderr).toBe(0);
    const { prefix } = JSON.parse(second.stdout) as { prefix: string };
    expect(prefix).toBe('team/widgets/nightly-7-1/unit');
    const { metadata } = await getObject(bucket, `${prefix}/summary.txt`);
    expect(metadata).toMatchObject({ commit: other, 'run-id': 'nightly-7', ref: 'refs/heads/main' });
    const page = html((await getObject(bucket, `${prefix}/index.html`)).body);
    expect(page).toContain(`href="${gitlab.CI_PROJECT_URL}/-/commit/${other}"`);
    expect(page).not.toContain(gitlab.CI_PIPELINE_URL);
  });
});

describe('the pull-request comment', () => {
  it('is posted only when asked, on the pull request named, with the CI\'s links', async () => {
    const api = await startGithubApi();
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-cli-comment-'));
    try {
      await writeFile(path.join(dir, 'a.txt'), 'a\n');
      const bucket = await target.createBucket();
      const env = cleanEnv({ GITHUB_API_URL: api.url, GITHUB_TOKEN: ACTIONS_TOKEN, GITLAB_CI: 'true', CI_PROJECT_PATH: 'team/w', CI_PROJECT_URL: 'https://gitlab.example.com/team/w', CI_COMMIT_SHA: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', CI_PIPELINE_ID: '5', CI_PIPELINE_URL: 'https://gitlab.example.com/team/w/-/pipelines/5' });
      const args = ['--bucket', bucket, '--path', 'a.txt', '--endpoint', target.endpoint, '--repository', 'octo-org/octo-repo', '--pr-number', '42'];
      const silent = await runCli([...args, '--test-name', 'quiet'], { cwd: dir, env });
      expect(silent.code, silent.stderr).toBe(0);
      expect(api.requests).toEqual([]);
      const asked = await runCli([...args, '--test-name', 'loud', '--comment'], { cwd: dir, env });
      expect(asked.code, asked.stderr).toBe(0);
      const [comment, ...more] = api.comments.get(42) ?? [];
      expect(more).toEqual([]);
      expect(comment?.body).toContain(`${target.endpoint}/${bucket}/octo-org/octo-repo/5-1/loud/index.html`);
      expect(comment?.body).toContain('https://gitlab.example.com/team/w/-/commit/9f8e7d6c5b4a39281706f5e4d3c2b1a098765432');
      expect(comment?.body).toContain('https://gitlab.example.com/team/w/-/pipelines/5');
      expect(asked.stderr).toMatch(/commented on pull request #42/);
    } finally {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('exit statuses, as the action\'s', () => {
  it('1 when files fail to upload: the others are published, the failed ones named', async () => {
    const bucket = await target.createBucket();
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-cli-fail-'));
    const proxy = await startFaultProxy(target.endpoint, (r) => (r.method === 'PUT' && r.url.includes('/broken.txt') ? { kind: 'status', status: 500, code: 'InternalError' } : { kind: 'pass' }));
    try {
      await writeFile(path.join(dir, 'fine.txt'), 'fine\n');
      await writeFile(path.join(dir, 'broken.txt'), 'broken\n');
      const run = await runCli(['--bucket', bucket, '--path', '.', '--test-name', 'partial', '--endpoint', proxy.endpoint, '--prefix', 'p/partial', '--json'], { cwd: dir });
      expect(run.code, run.stderr).toBe(1);
      const result = JSON.parse(run.stdout) as { files: number; failed: { path: string; reason: string }[] };
      expect(result.files).toBe(1);
      expect(result.failed.map((f) => f.path)).toEqual(['broken.txt']);
      expect(run.stderr).toMatch(/failed: broken\.txt: /);
      expect(Buffer.from((await getObject(bucket, 'p/partial/fine.txt')).body).toString()).toBe('fine\n');
    } finally {
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('2 when the bucket does not exist, with one error line and nothing on stdout', async () => {
    const run = await runCli(['--bucket', 'pto-test-no-such-bucket-here', '--path', '__fixtures__/outputs/data', '--test-name', 'nb', '--endpoint', target.endpoint]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('error: '))).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: .*pto-test-no-such-bucket-here/m);
  });
});

// util-linux `script` gives the child a real pseudo-terminal, as a user's shell would.
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasScript)('on a terminal', () => {
  it('draws compression and upload progress in one status line, then the browse URL', async () => {
    const bucket = await target.createBucket();
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-cli-tty-'));
    try {
      // Enough files, one at a time, that the upload lasts past the first redraw.
      for (let i = 0; i < 80; i++) await writeFile(path.join(dir, `log-${i}.txt`), `line ${i}\n`);
      for (const photo of await readdir(path.join(fixtures, 'photos'))) await writeFile(path.join(dir, photo), await readFile(path.join(fixtures, 'photos', photo)));
      const args = [CLI, '--bucket', bucket, '--path', dir, '--test-name', 'tty', '--endpoint', target.endpoint, '--concurrency', '1'];
      const command = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
      const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: repoRoot, env: { ...cleanEnv(), COLUMNS: '200' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      });
      expect(code, out).toBe(0);
      expect(out).toMatch(/\r\x1b\[2K\S+ Compress images \[[#-]{20}\] \d+\/\d+ images, /);
      // The terminal is narrower than the upload's phase: the destination is cut, not the bar.
      // 80 logs, the photo and its original (keep-originals: auto).
      expect(out).toMatch(/\r\x1b\[2K\S+ Upload 82 files to s3:\/\/[^\r\n ]*…? \[[#-]{20}\] \d+\/82 files, [\d.]+ [KMG]?B \d+\.\ds/);
      expect(out).toMatch(/✓ Compress images \(\d+\.\ds\)/);
      expect(out).not.toMatch(/^(?:compressed|uploaded) \d+\/\d+/m);
      expect(out.trimEnd().split(/\r?\n/).at(-1)).toMatch(new RegExp(`^browse the outputs: ${target.endpoint}/${bucket}/.+/index\\.html$`));
    } finally {
      await target.deleteBucket(bucket);
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('--dry-run', () => {
  it('writes nothing (the bucket is unchanged) and prints every key, size, type, the images to compress and the pages', async () => {
    const bucket = await target.createBucket();
    await target.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'already/there.txt', Body: 'x' }));
    const before = await listKeys(bucket);
    const args = ['--bucket', bucket, '--path', '__fixtures__/outputs', '--test-name', 'dry', '--endpoint', target.endpoint, '--prefix', 'dry/run', '--dry-run'];
    const run = await runCli(args);
    expect(run.code, run.stderr).toBe(0);
    expect(await listKeys(bucket)).toEqual(before);
    const localFiles = await listFiles(fixtures);
    const lines = run.stdout.split('\n');
    for (const rel of localFiles) {
      const line = lines.find((l) => l.trimStart().startsWith(`dry/run/${rel} `));
      expect(line, rel).toBeDefined();
      const size = (await readFile(path.join(fixtures, rel))).length;
      const image = /\.(png|jpe?g|webp|gif)$/i.test(rel) && !rel.startsWith('vitest-report/');
      expect(line!.includes('compressed'), rel).toBe(image && size > 50 * 1024);
    }
    expect(run.stdout).toContain('dry/run/index.html');
    expect(run.stdout).toContain('dry/run/manifest.json');

    const json = await runCli([...args, '--json']);
    const plan = JSON.parse(json.stdout) as { files: { path: string; size: number; contentType: string }[]; pages: string[] };
    expect(plan.files.map((f) => f.path).sort()).toEqual(localFiles);
    expect(plan.pages).toContain('dry/run/index.html');
    expect(plan.files.find((f) => f.path.endsWith('.json'))?.contentType).toBe('application/json; charset=utf-8');
    expect(await listKeys(bucket)).toEqual(before);
  }, 120_000);

  it('sends no request at all', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCli(['--bucket', 'b', '--path', '__fixtures__/outputs', '--test-name', 'dry', '--endpoint', endpoint, '--dry-run']);
    await new Promise((resolve) => server.close(resolve));
    expect(run.code, run.stderr).toBe(0);
    expect(requests).toBe(0);
  });
});

describe('usage', () => {
  const actionInputs = Object.entries((parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string; description: string }> }).inputs);

  it('exits 2 with one line when --bucket is missing', async () => {
    const run = await runCli(['--path', 'out/', '--test-name', 't']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^error: `--bucket` is required/)]);
  });

  it('exits 2 with one line for an unknown flag, and for a flag without its value', async () => {
    const unknown = await runCli(['--bucket', 'b', '--path', 'out/', '--test-name', 't', '--buckett', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trimEnd().split('\n')).toEqual(['error: unknown flag --buckett: see publish-test-outputs --help']);
    const missing = await runCli(['--path', 'out/', '--test-name', 't', '--bucket']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^error: --bucket needs a value/)]);
  });

  it('takes every flag from its PTO_ variable too', async () => {
    const run = await runCli(['--dry-run', '--json'], { env: cleanEnv({ PTO_BUCKET: 'from-env', PTO_PATH: '__fixtures__/outputs/data', PTO_TEST_NAME: 'env', PTO_PREFIX: 'e/n/v' }) });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ bucket: 'from-env', prefix: 'e/n/v' });
  });

  it('--help lists every input of action.yml with its variable, description and default', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    const help = run.stdout.replace(/\s+/g, ' ');
    for (const [name, spec] of actionInputs) {
      expect(run.stdout, name).toMatch(new RegExp(`^  --${name} <value> +${envName(name)}$`, 'm'));
      expect(help, name).toContain(spec.description.trim().replace(/\s+/g, ' '));
      if (spec.default !== undefined && name !== 'github-token' && name !== 'comment') expect(help, name).toContain(`default: ${spec.default}`);
    }
  });
});

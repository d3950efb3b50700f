// `@github/local-action` (GitHub's tool for running a JavaScript action on a workstation) runs
// the action from its TypeScript source, src/main.ts, under tsx with @actions/core stubbed:
// the commands README "Development" documents, run as a developer types them, with the inputs
// and credentials in a .env file, against a real S3 server (the embedded s3rver, or RGW with
// PTO_S3_*). Needs no build: nothing here comes from dist/.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubEnv } from '../scripts/run-action.mjs';
import { crawlPublication } from './helpers/crawl.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs `command` in the repository as a developer would: a clean environment, and this test's
 * Node first on PATH, so that npm, local-action and tsx all run on the Node under test. */
function runCommand(command: string, args: string[]): Promise<Run> {
  const env = {
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? '',
    TMPDIR: process.env['TMPDIR'] ?? tmpdir(),
    // What local-action's README asks for, so that npx never stops to ask.
    npm_config_yes: 'true',
  };
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      // local-action's stubbed core.setOutput prints the output as a workflow command.
      const outputs = Object.fromEntries([...stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
      resolve({ code, stdout, stderr, outputs });
    });
  });
}

/** A .env file as dotenv reads it: one `NAME="value"` a line. */
async function writeEnvFile(file: string, vars: Record<string, string>): Promise<void> {
  const lines = Object.entries(vars).map(([name, value]) => {
    if (/["\\\n]/.test(value)) throw new Error(`${name}: the test writes plain values only`);
    return `${name}="${value}"`;
  });
  await writeFile(file, lines.join('\n') + '\n');
}

let target: S3Target;
let dir: string;

beforeAll(async () => {
  target = await s3Target();
  dir = await mkdtemp(path.join(tmpdir(), 'pto-local-action-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`@github/local-action runs src/main.ts (${process.env['PTO_S3_ENDPOINT'] ? 'external S3' : 'embedded s3rver'}, Node ${process.version})`, () => {
  const files: Record<string, Buffer> = {
    'result.txt': Buffer.from('ok\n'),
    'logs/run.log': Buffer.from('line 1\nline 2\n'),
    'data/table.csv': Buffer.from('a,b\n1,2\n'),
    'blob.bin': randomBytes(300 * 1024),
    'report/index.html': Buffer.from('<!doctype html><title>report</title><a href="page.html">page</a>\n'),
    'report/page.html': Buffer.from('<!doctype html><title>page</title>\n'),
  };
  const runId = String(1_700_000_000 + Math.floor(Math.random() * 1_000_000));
  const prefix = `octo-org/octo-repo/${runId}-1/local-action`;
  let workspace: string;
  let summaryFile: string;
  let bucket: string;
  let run: Run;

  beforeAll(async () => {
    workspace = path.join(dir, 'workspace');
    for (const [rel, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(workspace, rel)), { recursive: true });
      await writeFile(path.join(workspace, rel), body);
    }
    summaryFile = path.join(dir, 'summary.md');
    await writeFile(summaryFile, '');
    bucket = await target.createBucket();
    const envFile = path.join(dir, '.env');
    await writeEnvFile(envFile, {
      INPUT_BUCKET: bucket,
      INPUT_PATH: workspace,
      'INPUT_TEST-NAME': 'local-action',
      ...target.env(),
      ...githubEnv({ GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: runId, GITHUB_STEP_SUMMARY: summaryFile }),
    });
    run = await runCommand('npx', ['@github/local-action', 'run', '.', 'src/main.ts', envFile]);
  }, 180_000);

  it('runs on the Node under test (npm, local-action and tsx find it first on PATH)', async () => {
    expect((await runCommand('node', ['--version'])).stdout.trim()).toBe(process.version);
  });

  it('runs the TypeScript entry (not dist/) and succeeds', () => {
    expect(run.stdout, run.stderr).toMatch(/'Entrypoint'\s*│\s*'[^']*\/src\/main\.ts'/);
    expect(run.stdout).toContain('Running Action');
    expect(run.stdout).not.toContain('::error::');
    expect(run.code, run.stderr).toBe(0);
  });

  it('sets the outputs: prefix, url, files and bytes', () => {
    expect(run.outputs['prefix']).toBe(prefix);
    expect(run.outputs['url']).toBe(`${target.endpoint}/${bucket}/${prefix}/index.html`);
    expect(run.outputs['files']).toBe(String(Object.keys(files).length));
    expect(run.outputs['bytes']).toBe(String(Object.values(files).reduce((sum, body) => sum + body.length, 0)));
  });

  it('stores every file byte for byte, with the run context from the .env file in its metadata', async () => {
    for (const [rel, body] of Object.entries(files)) {
      const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/${rel}` }));
      expect(sha256(await got.Body!.transformToByteArray()), rel).toBe(sha256(body));
      expect(got.Metadata?.['test-name'], rel).toBe('local-action');
      expect(got.Metadata?.['run-id'], rel).toBe(runId);
      expect(got.Metadata?.['commit'], rel).toBe(githubEnv().GITHUB_SHA);
    }
  });

  it('writes the index page from the templates, and every link of every page leads to the right bytes', async () => {
    const page = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}/index.html` }));
    expect(page.ContentType).toBe('text/html; charset=utf-8');
    const html = await page.Body!.transformToString();
    expect(html).toContain('<title>');
    expect(html).toContain('local-action');
    // The sort script inlined and allowed by its hash: the templates loaded unbundled, as text.
    const script = await readFile(path.join(ROOT, 'src/report/templates/sort-table.js.txt'), 'utf8');
    expect(html).toContain(`<script>${script}</script>`);
    expect(html).toContain(`sha256-${createHash('sha256').update(script).digest('base64').replace(/\//g, '&#x2F;').replace(/=/g, '&#x3D;')}`);
    for (const name of ['result.txt', 'blob.bin', 'logs/index.html', 'data/index.html', 'report/index.html']) expect(html).toContain(`href="${name.replace(/\//g, '&#x2F;')}"`);

    const crawl = await crawlPublication(run.outputs['url']!, workspace, Object.keys(files));
    for (const rel of Object.keys(files)) expect(crawl.seen.has(`${crawl.base}${rel}`), `${rel} is linked from a page`).toBe(true);
  });

  it('writes the job summary through local-action to GITHUB_STEP_SUMMARY', async () => {
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary).toContain('local-action');
    expect(summary).toContain(`href="${run.outputs['url']}"`);
  });
});

describe('npm run local-action', () => {
  it('is the command README "Development" documents, with the npx form this file runs', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const development = readme.slice(readme.indexOf('\n## Development\n'));
    expect(development).toContain('`npm run local-action -- .env` is `npx @github/local-action run . src/main.ts .env`');
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.scripts['local-action']).toBe('local-action run . src/main.ts');
    expect(pkg.devDependencies['@github/local-action']).toMatch(/^\d+\.\d+\.\d+$/);
  });


  it('passes the .env file on, and a bad input fails the run with its one-line message and exit status 2', async () => {
    const envFile = path.join(dir, 'no-bucket.env');
    await writeEnvFile(envFile, { INPUT_PATH: 'out', 'INPUT_TEST-NAME': 'local-action', ...target.env() });
    const run = await runCommand('npm', ['run', 'local-action', '--', envFile]);
    expect(run.stdout).toContain('::error::input `bucket` is required');
    expect(run.code).toBe(2);
  }, 120_000);
});

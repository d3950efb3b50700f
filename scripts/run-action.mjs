// @ts-check
// Runs the built action (dist/index.js) in a child process exactly as the GitHub runner does:
// inputs as INPUT_* variables, outputs and the job summary through the files named by
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, and a realistic GITHUB_* environment.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a run of the action left behind: exit status, streams, GITHUB_OUTPUT and the summary.
 * @typedef {{ code: number | null, stdout: string, stderr: string, outputs: Record<string, string>, summary: string }} ActionRun
 */

export const ACTION_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/**
 * The environment of a pull_request job in a GitHub-hosted runner, minus secrets.
 * @param {Record<string, string>} [overrides]
 * @returns {Record<string, string>}
 */
export function githubEnv(overrides = {}) {
  return {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: '2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d',
    GITHUB_REF: 'refs/pull/42/merge',
    GITHUB_HEAD_REF: 'feature/plots',
    GITHUB_BASE_REF: 'main',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'test',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...overrides,
  };
}

/**
 * `{ 'test-name': 'x' }` → `{ 'INPUT_TEST-NAME': 'x' }`, as the runner names them.
 * @param {Record<string, string>} inputs
 * @returns {Record<string, string>}
 */
export function inputEnv(inputs) {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]));
}

/**
 * Parses the GITHUB_OUTPUT file (`name<<delimiter` blocks, or `name=value` lines).
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = /** @type {string} */ (lines[i]);
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      /** @type {string[]} */
      const value = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(/** @type {string} */ (lines[i]));
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/**
 * @param {{ inputs: Record<string,string>, env?: Record<string,string|undefined>, cwd: string, nodeBinary?: string, entry?: string, launcher?: string[] }} options
 * env replaces the parent's environment except PATH/HOME/TMPDIR, so nothing leaks in by accident.
 * entry: another copy of dist/index.js; launcher: a command that runs the Node binary (qemu).
 * @returns {Promise<ActionRun>}
 */
export async function runAction({ inputs, env = {}, cwd, nodeBinary = process.execPath, entry = ACTION_ENTRY, launcher = [] }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'pto-run-'));
  // Open to every user: a launcher may run the action as another one (an unprivileged user).
  await chmod(dir, 0o777);
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  for (const file of [outputFile, summaryFile]) {
    await writeFile(file, '');
    await chmod(file, 0o666);
  }
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR };
  /** @type {Record<string, string | undefined>} */
  const childEnv = {
    ...base,
    ...githubEnv({ GITHUB_WORKSPACE: cwd, RUNNER_TEMP: dir, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile }),
    ...inputEnv(inputs),
    ...env,
  };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const [command = nodeBinary, ...args] = [...launcher, nodeBinary, entry];
  const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (/** @type {Buffer} */ d) => (stdout += d.toString()));
  child.stderr.on('data', (/** @type {Buffer} */ d) => (stderr += d.toString()));
  /** @type {number | null} */
  const code = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
  const summary = await readFile(summaryFile, 'utf8');
  await rm(dir, { recursive: true, force: true });
  return { code, stdout, stderr, outputs, summary };
}

/**
 * @typedef {{ endpoint: string, accessKeyId: string, secretAccessKey: string }} S3Server
 */

/**
 * The AWS_* variables that point the action at a local S3 server from scripts/local-s3.mjs.
 * @param {S3Server} server
 * @returns {Record<string, string>}
 */
export function localS3Env(server) {
  return {
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: server.endpoint,
  };
}

/**
 * Publishes the sample outputs in __fixtures__/outputs as the demo shows them.
 * @param {S3Server} server
 * @param {string} bucket
 * @param {{ nodeBinary?: string, inputs?: Record<string, string>, env?: Record<string, string> }} [options]
 * nodeBinary: the Node that runs dist/index.js (default: this process's); inputs and env are added.
 */
export function publishSamples(server, bucket, options = {}) {
  return runAction({
    ...(options.nodeBinary === undefined ? {} : { nodeBinary: options.nodeBinary }),
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    inputs: { bucket, path: '__fixtures__/outputs', 'test-name': 'demo suite', 'if-no-files-found': 'error', ...options.inputs },
    env: { ...localS3Env(server), ...options.env },
  });
}

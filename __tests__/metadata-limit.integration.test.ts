// User metadata stays under S3's 2 KB limit (AWS refuses the PUT beyond it; s3rver and RGW as
// configured here store it) whatever the test name, ref, workflow and job: the values are cut,
// marked with …, and manifest.json keeps them whole.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const png = path.resolve(import.meta.dirname, '../__fixtures__/outputs/plots/loss curve.png');
const testName = '結合試験'.repeat(50); // 200 characters, 1,800 bytes once encoded
const context = {
  GITHUB_WORKFLOW: 'ワークフロー・夜間の全テスト '.repeat(30),
  GITHUB_JOB: 'job_'.repeat(25),
  GITHUB_REF: `refs/heads/${'機能/'.repeat(60)}x`,
};
// Folders deep enough that the original's path alone would fill the 2 KB once encoded.
const deepDir = Array.from({ length: 3 }, () => 'グラフ'.repeat(25)).join('/');

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-meta-'));
  await mkdir(path.join(workspace, 'out', deepDir), { recursive: true });
  await copyFile(png, path.join(workspace, 'out', deepDir, 'loss.png'));
  await copyFile(png, path.join(workspace, 'out', 'log.txt'));
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

const bytesOf = (m: Record<string, string>): number => Object.entries(m).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);

describe(`user metadata on ${process.env['PTO_S3_ENDPOINT'] ? 'the external server' : 'the embedded s3rver'}`, () => {
  it('stays within 2 KB per object with a 200-character CJK test name and long ref, workflow and job; the manifest keeps them whole', async () => {
    const bucket = await target.createBucket();
    const run = await runAction({
      cwd: workspace,
      inputs: { bucket, path: 'out', 'test-name': testName, prefix: 'm', 'max-image-size': '2KB', 'keep-originals': 'true' },
      env: { ...target.env(), ...context },
    });
    expect(run.code, run.stdout).toBe(0);
    const manifest = JSON.parse(
      await (await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'm/manifest.json' }))).Body!.transformToString(),
    ) as { testName: string; ref: string; workflow: string; job: string; files: { key: string; path: string }[]; pages: { key: string }[] };
    expect(manifest.files.map((f) => f.path).sort()).toEqual([`_originals/${deepDir}/loss.png`, `${deepDir}/loss.png`, 'log.txt'].sort());
    expect({ testName: manifest.testName, ref: manifest.ref, workflow: manifest.workflow, job: manifest.job }).toEqual({
      testName,
      ref: context.GITHUB_REF,
      workflow: context.GITHUB_WORKFLOW,
      job: context.GITHUB_JOB,
    });

    const cut: string[] = [];
    for (const { key } of [...manifest.files, ...manifest.pages, { key: 'm/manifest.json' }]) {
      const head = await target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const meta = head.Metadata ?? {};
      expect(bytesOf(meta), key).toBeLessThanOrEqual(2048);
      for (const [name, value] of Object.entries(meta)) {
        const text = decodeURIComponent(value);
        if (text.endsWith('…')) cut.push(name);
      }
      if (key.includes('/_originals/') && !key.endsWith('.html')) expect(decodeURIComponent(meta['original-of']!)).toMatch(/^(グラフ)+…$/u);
    }
    // The long values were cut on every file, and only those.
    expect(new Set(cut)).toEqual(new Set(['test-name', 'workflow', 'ref', 'original-of']));
  });
});

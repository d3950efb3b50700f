// The job summary's thumbnails follow the gallery's rule: a report's own images (files inside a
// folder that has its own index.html) are the report's, not the publication's.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const png = path.resolve(import.meta.dirname, '../__fixtures__/outputs/plots/loss curve.png');
let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-thumbs-'));
  for (const rel of ['out/plots/loss.png', 'out/report/icon.png', 'out/report/assets/bg.png', 'out/z-last.png']) {
    await mkdir(path.dirname(path.join(workspace, rel)), { recursive: true });
    await copyFile(png, path.join(workspace, rel));
  }
  await writeFile(path.join(workspace, 'out/report/index.html'), '<!doctype html><title>report</title><img src="icon.png">');
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('job summary thumbnails', () => {
  it("show the publication's images and leave out a report's own, as the root page's gallery does", async () => {
    const bucket = await target.createBucket();
    const run = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'thumbs', prefix: 't' }, env: target.env() });
    expect(run.code, run.stdout).toBe(0);
    const alts = [...run.summary.matchAll(/<img [^>]*alt="([^"]*)"/g)].map((m) => m[1]);
    expect(alts).toEqual(['plots/loss.png', 'z-last.png']);

    const root = await fetch(`${target.endpoint}/${bucket}/t/index.html`).then((r) => r.text());
    const gallery = [...root.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => decodeURIComponent(m[1]!.replace(/&#x2F;/g, '/')));
    expect(gallery).toEqual(['plots/loss.png', 'z-last.png']);
  });
});

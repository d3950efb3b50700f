// Images through the built action against a real S3 server: compressed copies under the cap in
// their own format, originals kept on request, bad images published untouched with a warning
// naming them, and the workspace never written.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { animatedGif, magic, photoJpeg, plotPng, solidPng } from './helpers/images.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const CAP = 50 * 1024;
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

let target: S3Target;
let workspace: string;

async function treeHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const full = path.join(e.parentPath, e.name);
      out[path.relative(dir, full)] = sha256(await readFile(full));
    }
  }
  return out;
}

async function get(bucket: string, key: string) {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { body: Buffer.from(await got.Body!.transformToByteArray()), type: got.ContentType, meta: got.Metadata ?? {} };
}

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-images-'));
  const out = path.join(workspace, 'out');
  await mkdir(path.join(out, 'plots'), { recursive: true });
  await mkdir(path.join(out, 'bad'), { recursive: true });
  await writeFile(path.join(out, 'plots/loss curve.png'), await plotPng(1600, 1200));
  await writeFile(path.join(out, 'photo.JPG'), await photoJpeg(1920, 1080));
  await writeFile(path.join(out, 'small.png'), await plotPng(300, 200));
  await mkdir(path.join(out, 'report/data'), { recursive: true });
  await writeFile(path.join(out, 'report/index.html'), '<!doctype html><img src="data/shot.png">\n');
  await writeFile(path.join(out, 'report/data/shot.png'), await plotPng(1600, 1200));
  await writeFile(path.join(out, 'bad/truncated.png'), (await plotPng(1600, 1200)).subarray(0, 30_000));
  await writeFile(path.join(out, 'bad/text.png'), 'this is a log, not an image\n');
  await writeFile(path.join(out, 'bad/empty.png'), '');
  await writeFile(path.join(out, 'bad/dot.png'), await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
  await writeFile(path.join(out, 'bad/bomb.png'), solidPng(30000, 30000));
  await writeFile(path.join(out, 'bad/noise.gif'), await animatedGif(200, 150, 10));
}, 60_000);

afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('images', () => {
  let bucket: string;
  let run: ActionRun;
  let before: Record<string, string>;

  beforeAll(async () => {
    bucket = await target.createBucket();
    before = await treeHashes(workspace);
    run = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'images', prefix: 'img', 'keep-originals': 'true' }, env: target.env() });
  }, 120_000);

  it('succeed, and leave the workspace byte-identical', async () => {
    expect(run.stdout).not.toContain('::error::');
    expect(run.code).toBe(0);
    expect(await treeHashes(workspace)).toEqual(before);
  });

  it('over the cap are published compressed, in their own format, with what was done in metadata', async () => {
    for (const [rel, format] of [['plots/loss curve.png', 'png'], ['photo.JPG', 'jpeg']] as const) {
      const local = await readFile(path.join(workspace, 'out', rel));
      const { body, type, meta } = await get(bucket, `img/${rel}`);
      expect(body.length, rel).toBeLessThanOrEqual(CAP);
      expect(magic(body), rel).toBe(format);
      expect(type).toBe(format === 'png' ? 'image/png' : 'image/jpeg');
      const info = await sharp(body).metadata();
      expect(meta['original-size']).toBe(String(local.length));
      expect(meta['dimensions']).toBe(`${info.width}x${info.height}`);
      const original = await sharp(local).metadata();
      expect(meta['original-dimensions']).toBe(`${original.width}x${original.height}`);
      expect(meta['compression']).toMatch(/^(palette-png|png|jpeg q\d+)/);
    }
  });

  it('keep their originals under _originals/ when asked, linked from the page beside the compressed image', async () => {
    const local = await readFile(path.join(workspace, 'out/plots/loss curve.png'));
    const { body, meta } = await get(bucket, 'img/_originals/plots/loss curve.png');
    expect(sha256(body)).toBe(sha256(local));
    expect(meta['original-of']).toBe('plots/loss curve.png');
    const page = (await get(bucket, 'img/plots/index.html')).body.toString('utf8');
    expect(page).toContain('href="..&#x2F;_originals&#x2F;plots&#x2F;loss%20curve.png">original</a>');
    expect(page).toMatch(/compressed from \d+(\.\d)? KB/);
    const root = (await get(bucket, 'img/index.html')).body.toString('utf8');
    expect(root).toMatch(/compressed from 1?\d+(\.\d)? (KB|MB)/);
  });

  it('inside an HTML report are published byte-identical: a report is never altered', async () => {
    const local = await readFile(path.join(workspace, 'out/report/data/shot.png'));
    expect(local.length).toBeGreaterThan(CAP);
    const { body, meta } = await get(bucket, 'img/report/data/shot.png');
    expect(sha256(body)).toBe(sha256(local));
    expect(meta['compression']).toBeUndefined();
    expect(run.stdout).toContain('1 image inside HTML reports published as they are');
  });

  it('under the cap are published byte-identical', async () => {
    const local = await readFile(path.join(workspace, 'out/small.png'));
    expect(local.length).toBeLessThan(CAP);
    const { body, meta } = await get(bucket, 'img/small.png');
    expect(sha256(body)).toBe(sha256(local));
    expect(meta['compression']).toBeUndefined();
  });

  it.each([
    ['truncated.png', /not a readable image/],
    ['text.png', /not a readable image/],
    ['empty.png', /empty file/],
    ['bomb.png', /pixel limit|too many pixels/],
  ])('bad image %s: published untouched, with a warning naming it and why', async (name, reason) => {
    const local = await readFile(path.join(workspace, 'out/bad', name));
    const { body, meta } = await get(bucket, `img/bad/${name}`);
    expect(sha256(body)).toBe(sha256(local));
    expect(meta['compression']).toMatch(/^none \(/);
    const warning = run.stdout.split('\n').find((l) => l.startsWith('::warning::') && l.includes(`bad/${name}`));
    expect(warning, `a warning names bad/${name}`).toBeDefined();
    expect(warning).toMatch(reason);
  });

  it('an image over the cap that could not be compressed is marked on its index page', async () => {
    // Names carry <wbr> after . - _ / (break-names.ts): matched without them.
    const page = (await get(bucket, 'img/bad/index.html')).body.toString('utf8').replaceAll('<wbr>', '');
    expect(page).toMatch(/bomb\.png<\/a>.*over the image cap, not compressed \(unreadable\)/);
    expect(page).not.toMatch(/text\.png<\/a>.*over the image cap/);
  });

  it('a 1×1 image is published untouched, with a warning', async () => {
    const local = await readFile(path.join(workspace, 'out/bad/dot.png'));
    expect(sha256((await get(bucket, 'img/bad/dot.png')).body)).toBe(sha256(local));
    expect(run.stdout).toMatch(/::warning::image bad\/dot\.png: a 1×1 image/);
  });

  it('an animated GIF that cannot fit animated is published as its first frame, and says so', async () => {
    const { body } = await get(bucket, 'img/bad/noise.gif');
    expect(body.length).toBeLessThanOrEqual(CAP);
    expect(magic(body)).toBe('gif');
    expect((await sharp(body).metadata()).pages ?? 1).toBe(1);
    expect(run.stdout).toMatch(/::warning::image bad\/noise\.gif: the animation does not fit in the cap; only its first frame is published/);
  });

  it('compress-images: false publishes every image byte-identical', async () => {
    const b = await target.createBucket();
    const plain = await runAction({ cwd: workspace, inputs: { bucket: b, path: 'out', 'test-name': 'images', prefix: 'raw', 'compress-images': 'false' }, env: target.env() });
    expect(plain.code).toBe(0);
    for (const rel of ['plots/loss curve.png', 'photo.JPG', 'bad/noise.gif']) {
      expect(sha256((await get(b, `raw/${rel}`)).body), rel).toBe(sha256(await readFile(path.join(workspace, 'out', rel))));
    }
    expect(plain.stdout).not.toContain('::warning::');
  }, 60_000);

  it('max-image-size sets the cap', async () => {
    const b = await target.createBucket();
    const small = await runAction({ cwd: workspace, inputs: { bucket: b, path: 'out/plots', 'test-name': 'images', prefix: 'cap', 'max-image-size': '0.03MB' }, env: target.env() });
    expect(small.code).toBe(0);
    const { body } = await get(b, 'cap/loss curve.png');
    expect(body.length).toBeLessThanOrEqual(Math.floor(0.03 * 1024 * 1024));
  }, 60_000);
});

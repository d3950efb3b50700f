// The action's own names never collide with a user's file (layout.ts), through the built
// action against a real S3 server: for each name the action writes for itself (kept originals,
// page splits, report listings, the manifest, the level's _children/), a user file of that name
// is stored byte-exact at its own key, listed once in the manifest and in one row of the pages,
// and the generated object sits at a key no user file has.
import { GetObjectCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { crawlPublication } from './helpers/crawl.js';
import { plotPng } from './helpers/images.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const CAP = 50 * 1024;
// Rows per page of a folder's listing (src/report/model-facts.ts PAGE_SIZE); not an input.
const PAGE_SIZE = 5000;
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-reserved-'));
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

/** Writes `files` (relative path → content) under workspace/<name>; returns the folder. */
async function outputs(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = path.join(workspace, name);
  const limit = pLimit(64);
  await Promise.all(
    Object.entries(files).map(([rel, body]) =>
      limit(async () => {
        await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await writeFile(path.join(root, rel), body);
      }),
    ),
  );
  return root;
}

async function localFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

async function getBytes(bucket: string, key: string): Promise<Buffer> {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

/** Every key under `prefix`. ListObjects (v1) with a marker: s3rver cannot make v2's
 * continuation tokens under OpenSSL 3 (it ciphers them with DES) and fails a truncated list. */
async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (let truncated = true; truncated;) {
    const page = await target.client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, ...(keys.length > 0 ? { Marker: keys[keys.length - 1] } : {}) }));
    for (const c of page.Contents ?? []) keys.push(c.Key!);
    truncated = page.IsTruncated === true && (page.Contents ?? []).length > 0;
  }
  return keys;
}

/** The `::warning::` lines of a run, and the `::error::` ones. */
const annotations = (run: ActionRun, kind: 'warning' | 'error'): string[] => run.stdout.split('\n').filter((l) => l.startsWith(`::${kind}::`));

function publish(bucket: string, root: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    cwd: workspace,
    inputs: { bucket, path: path.relative(workspace, root), 'test-name': path.basename(root), concurrency: '128', 'if-no-files-found': 'error', ...inputs },
    env: target.env(),
  });
}

interface ManifestEntry {
  path: string;
  key: string;
  sha256: string;
  metadata: Record<string, string>;
}

interface Checked {
  manifestKey: string;
  /** Keys of every object the action wrote into the publication. */
  generated: Set<string>;
}

/**
 * What holds for every publication, whatever the names of its files:
 * - each user file is stored byte-exact at its own key (compressed images: a copy under the cap);
 * - the manifest the root page links lists each of them exactly once, and no key twice;
 * - every other object under the prefix is one the manifest names as the action's own (a page,
 *   a kept original, the manifest itself), at a key no user file has;
 * - a crawl of the pages finds each user file in exactly one file row.
 */
async function checkPublication(bucket: string, run: ActionRun, root: string, compressed: string[] = []): Promise<Checked> {
  expect(run.code, run.stdout).toBe(0);
  const prefix = run.outputs['prefix']!;
  const files = await localFiles(root);
  const userKeys = new Map(files.map((rel) => [`${prefix}/${rel}`, rel]));

  // Byte-exact at its own key (all of them checked, so that a failure names every one replaced).
  const limit = pLimit(32);
  const replaced: string[] = [];
  await Promise.all(
    files.map((rel) =>
      limit(async () => {
        const stored = await getBytes(bucket, `${prefix}/${rel}`);
        const local = await readFile(path.join(root, rel));
        if (compressed.includes(rel) ? stored.length > CAP : sha256(stored) !== sha256(local)) replaced.push(rel);
      }),
    ),
  );
  expect(replaced.sort(), 'every user file is stored byte-exact at its own key (a compressed image: a copy under the cap)').toEqual([]);

  // The manifest the root page links to (in its meta line, not a file row).
  const rootPage = (await getBytes(bucket, `${prefix}/index.html`)).toString('utf8');
  const meta = /<p class="meta">.*?<a href="([^"]+)">manifest\.json<\/a><\/p>/.exec(rootPage);
  expect(meta, 'the root page links the generated manifest').not.toBeNull();
  const manifestKey = `${prefix}/${decodeURIComponent(meta![1]!)}`;
  expect(userKeys.has(manifestKey), `the generated manifest (${manifestKey}) is at a key no user file has`).toBe(false);
  const manifest = JSON.parse((await getBytes(bucket, manifestKey)).toString('utf8')) as { files: ManifestEntry[]; pages: ManifestEntry[] };
  const byPath = new Map<string, number>();
  for (const f of manifest.files) byPath.set(f.path, (byPath.get(f.path) ?? 0) + 1);
  expect(files.filter((rel) => byPath.get(rel) !== 1).map((rel) => `${rel}: ${byPath.get(rel) ?? 0} times`), 'each user file is in the manifest once').toEqual([]);
  const allKeys = [...manifest.files, ...manifest.pages].map((e) => e.key);
  expect(allKeys.length, 'no key is listed twice in the manifest').toBe(new Set(allKeys).size);

  // Everything else under the prefix is the action's own, away from the user's keys.
  const originals = manifest.files.filter((f) => f.metadata['original-of'] !== undefined).map((f) => f.key);
  const generated = new Set([...manifest.pages.map((p) => p.key), ...originals, manifestKey]);
  for (const key of generated) expect(userKeys.has(key), `generated ${key} is at a key no user file has`).toBe(false);
  const stored = await listKeys(bucket, `${prefix}/`);
  expect(stored.filter((k) => !userKeys.has(k) && !generated.has(k)), 'no object under the prefix is neither a user file nor a generated one').toEqual([]);
  for (const key of generated) expect(stored.includes(key), `${key} is stored`).toBe(true);

  // What a reviewer reaches: each user file in exactly one row.
  const crawl = await crawlPublication(run.outputs['url']!, root, files);
  const twice = files.filter((rel) => crawl.rows.get(rel) !== 1).map((rel) => `${rel}: ${crawl.rows.get(rel) ?? 0} rows`);
  expect(twice, 'each user file is in exactly one row of the pages').toEqual([]);
  return { manifestKey, generated };
}

describe('reserved names never collide with a user file', () => {
  it('keep-originals: a user file at _originals/plot.png stays theirs; the original of the compressed plot.png goes beside it', async () => {
    const root = await outputs('originals', {
      'plot.png': await plotPng(1600, 1200),
      '_originals/plot.png': await plotPng(300, 200),
      'notes.txt': 'mine\n',
    });
    expect((await readFile(path.join(root, '_originals/plot.png'))).length, 'the user file is under the cap, so published as it is').toBeLessThan(CAP);
    const bucket = await target.createBucket();
    const run = await publish(bucket, root, { prefix: 'originals', 'keep-originals': 'true' });
    expect(annotations(run, 'warning')).toEqual([]);
    const { generated } = await checkPublication(bucket, run, root, ['plot.png']);
    const kept = [...generated].filter((k) => k.endsWith('/plot.png'));
    expect(kept).toEqual(['originals/_originals-1/plot.png']);
    expect(sha256(await getBytes(bucket, kept[0]!)), 'the kept original is the local plot.png').toBe(sha256(await readFile(path.join(root, 'plot.png'))));
    const page = (await getBytes(bucket, 'originals/index.html')).toString('utf8').replaceAll('<wbr>', '');
    expect(page).toContain('<a href="plot.png">plot.png</a> (<a href="_originals-1&#x2F;plot.png">original</a>)');
  }, 120_000);

  describe(`folders of more than ${PAGE_SIZE} files, split over pages`, () => {
    let bucket: string;
    let run: ActionRun;
    let root: string;
    let checked: Checked;

    beforeAll(async () => {
      const files: Record<string, string> = {
        'big/_page-2.html': '<!doctype html><p>my own page 2</p>\n',
        'report/index.html': '<!doctype html><p>my report</p>\n',
        'report/_listing-2.html': '<!doctype html><p>my own listing 2</p>\n',
      };
      // big/ holds PAGE_SIZE + 1 files; report/ too, with its index.html and _listing-2.html.
      for (let i = 0; i < PAGE_SIZE; i++) files[`big/f${String(i).padStart(5, '0')}.txt`] = `${i}\n`;
      for (let i = 0; i < PAGE_SIZE - 1; i++) files[`report/r${String(i).padStart(5, '0')}.txt`] = `${i}\n`;
      root = await outputs('split', files);
      bucket = await target.createBucket();
      run = await publish(bucket, root, { prefix: 'split', 'request-timeout': '5m' });
      checked = await checkPublication(bucket, run, root);
    }, 600_000);

    it('no warning', () => {
      expect(annotations(run, 'warning')).toEqual([]);
    });

    it("a user's _page-2.html is kept; the generated second page takes another name", () => {
      const pages = [...checked.generated].filter((k) => k.startsWith('split/big/')).sort();
      expect(pages).toEqual(['split/big/_page-2-1.html', 'split/big/index.html']);
    });

    it("a user's _listing-2.html in a report folder is kept; the generated second listing page takes another name", () => {
      const pages = [...checked.generated].filter((k) => k.startsWith('split/report/')).sort();
      expect(pages).toEqual(['split/report/_listing-2-1.html', 'split/report/_listing.html']);
    });
  });

  it("a user's _listing.html in a report folder is kept, and the folder still gets a listing of its files", async () => {
    const root = await outputs('listing', {
      'report/index.html': '<!doctype html><p>my report</p>\n',
      'report/_listing.html': '<!doctype html><p>my own listing</p>\n',
      'report/data/result.json': '{"ok":true}\n',
      'report/style.css': 'p{}\n',
      'summary.txt': 'ok\n',
    });
    const bucket = await target.createBucket();
    const run = await publish(bucket, root, { prefix: 'listing' });
    expect(annotations(run, 'warning')).toEqual([]);
    const { generated } = await checkPublication(bucket, run, root);
    expect([...generated].filter((k) => k.startsWith('listing/report/') && !k.startsWith('listing/report/data/'))).toEqual(['listing/report/_listing-1.html']);
    const rootPage = (await getBytes(bucket, 'listing/index.html')).toString('utf8');
    expect(rootPage).toContain('<a href="report&#x2F;_listing-1.html">files</a>');
  }, 120_000);

  it("a user's manifest.json at the root is kept byte-exact; the generated one is written beside it, linked from the root page, with one warning", async () => {
    const mine = '{ "my": "own manifest", "version": 7 }\n';
    const root = await outputs('manifest', { 'manifest.json': mine, 'result.txt': 'ok\n', 'logs/run.log': 'line 1\n' });
    const bucket = await target.createBucket();
    const run = await publish(bucket, root, { prefix: 'manifest' });
    const { manifestKey } = await checkPublication(bucket, run, root);
    expect(manifestKey).toBe('manifest/manifest-1.json');
    expect((await getBytes(bucket, 'manifest/manifest.json')).toString('utf8')).toBe(mine);
    const generated = JSON.parse((await getBytes(bucket, manifestKey)).toString('utf8')) as { testName: string; prefix: string };
    expect(generated).toMatchObject({ testName: 'manifest', prefix: 'manifest' });
    expect(annotations(run, 'warning')).toEqual([
      '::warning::the outputs contain manifest.json at their root: it is kept, and the generated manifest is written as manifest-1.json',
    ]);
  }, 120_000);

  it('a test named _children (default prefix) published beside another test of the run: both intact, the run page lists both', async () => {
    // Both publish the same outputs, which have a file named _children among them.
    const root = await outputs('children-outputs', { '_children': 'a file of mine\n', 'result.txt': 'ok\n', 'logs/run.log': 'line 1\n' });
    const bucket = await target.createBucket();
    const runs: ActionRun[] = [];
    for (const testName of ['_children', 'unit']) {
      const run = await publish(bucket, root, { 'test-name': testName });
      expect(annotations(run, 'warning'), testName).toEqual([]);
      runs.push(run);
    }
    for (const run of runs) await checkPublication(bucket, run, root);
    const [children, unit] = runs.map((r) => r.outputs['prefix']!);
    const level = 'octo-org/octo-repo/1658821493-1';
    expect(unit).toBe(`${level}/unit`);
    expect(children!.startsWith(`${level}/`), children).toBe(true);
    expect(children, 'the test named _children does not publish into the level\'s _children/').not.toBe(`${level}/_children`);
    const runPage = (await getBytes(bucket, `${level}/index.html`)).toString('utf8');
    const listed = [...runPage.matchAll(/<a href="([^"]+)&#x2F;index\.html">/g)].map((m) => decodeURIComponent(m[1]!)).filter((n) => !n.startsWith('..'));
    expect(listed.sort()).toEqual([children!.slice(level.length + 1), 'unit'].sort());
    // The level's own objects: its page, its index of entries, and one object per publication under _children/.
    const levelKeys = (await listKeys(bucket, `${level}/`)).filter((k) => !k.startsWith(`${children}/`) && !k.startsWith(`${unit}/`));
    expect(levelKeys.sort()).toEqual([`${level}/_children/${children!.slice(level.length + 1)}`, `${level}/_children/unit`, `${level}/_history.json`, `${level}/index.html`].sort());
  }, 180_000);

  it("a user's own _children/x inside a publication is unaffected, also when another publication tries the prefix below it", async () => {
    const root = await outputs('own-children', { '_children/x': 'my x\n', '_children/y': 'my y\n', 'result.txt': 'ok\n' });
    const bucket = await target.createBucket();
    const run = await publish(bucket, root, { prefix: 'results' });
    expect(annotations(run, 'warning')).toEqual([]);
    await checkPublication(bucket, run, root);
    // results/x would be listed at results/_children/x: it is refused, before writing a byte.
    const other = await outputs('nested', { 'result.txt': 'other\n' });
    const nested = await publish(bucket, other, { prefix: 'results/x' });
    await checkPublication(bucket, run, root);
    expect(nested.code, nested.stdout).toBe(2);
    expect(annotations(nested, 'error')).toEqual(['::error::prefix results/x/ is inside the publication at results/: choose a prefix outside it (publications cannot nest)']);
    expect(await listKeys(bucket, 'results/x/'), 'nothing is written into the refused prefix').toEqual([]);
  }, 120_000);
});

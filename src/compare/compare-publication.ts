// Compares a publication with its baseline and writes what shows it: from the two manifests the
// changed, added and removed files (diff-manifests.ts); for each changed image a page with a
// difference overlay (image-diff.ts, image-page.ts), for each changed text a diff page
// (text-diff.ts, text-page.ts); and the list of every change. Unchanged files are never
// downloaded; the baseline's versions of changed images and texts are fetched in parallel with
// the upload concurrency, the images compared one per core. Trouble with one file costs only its
// page: its row says why.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { ObjectOptions } from '../config.js';
import { joinKey, relativeHref } from '../files/keys.js';
import type { SharpLoad } from '../images/load-sharp.js';
import { compareOverlayPath, comparePagePath, INDEX_NAME } from '../layout.js';
import type { Manifest, ManifestObject } from '../report/manifest.js';
import { signLinks } from '../storage/presign.js';
import type { ObjectStore } from '../store/store.js';
import { errorMessage } from '../util/errors.js';
import { humanBytes } from '../util/format.js';
import { diffManifests } from './diff-manifests.js';
import { compareImages } from './image-diff.js';
import { describeShare, imagePageView, renderImagePage } from './image-page.js';
import { baselineLabel } from './label.js';
import { listPageView, renderListPage } from './list-page.js';
import { diffTextFiles, isComparableText } from './text-diff.js';
import { renderTextPage, textPageView } from './text-page.js';
import type { Baseline, ComparedChange, Comparison, ComparisonPageHead, FileChange, FileVersion } from './types.js';

/** S3 keys are at most 1,024 bytes: a file whose comparison page would be longer has none. */
const MAX_KEY_BYTES = 1024;
/** Images larger than this (bytes, either side) are compared by size and hash only. */
export const IMAGE_COMPARE_LIMIT = 64 * 1024 * 1024;
const COMPARABLE_IMAGE = /^image\/(png|jpeg|gif|webp|avif|tiff)\b/;
const PAGE_CACHE_CONTROL = 'no-cache';

export interface CompareOptions {
  store: ObjectStore;
  prefix: string;
  testName: string;
  /** The comparison's folder in the publication (layout.ts publicationNames). */
  compareDir: string;
  baseline: Baseline;
  baseManifest: Pick<Manifest, 'files'>;
  /** This publication's files as its manifest lists them. */
  files: ManifestObject[];
  /** Where the bytes published for a path are on disk (a compressed image's copy). */
  localPath: (path: string) => string | undefined;
  concurrency: number;
  loadSharp: () => Promise<SharpLoad>;
  /** link-mode presigned: signs every link of the pages. */
  sign: ((key: string) => Promise<string>) | undefined;
  objects: ObjectOptions;
  warning: (message: string) => void;
}

export interface WrittenComparison {
  comparison: Comparison;
  /** The pages and overlays written, as the manifest lists pages. */
  objects: ManifestObject[];
}

const keyBytes = (key: string): number => Buffer.byteLength(key, 'utf8');

/** What kind of comparison page a changed file gets. */
function kindOf(change: FileChange): 'image' | 'text' | 'other' {
  const { base, head } = change as { base: FileVersion; head: FileVersion };
  if (COMPARABLE_IMAGE.test(base.contentType) && COMPARABLE_IMAGE.test(head.contentType) && base.size <= IMAGE_COMPARE_LIMIT && head.size <= IMAGE_COMPARE_LIMIT) return 'image';
  if (isComparableText(base.path, base.contentType, base.size) && isComparableText(head.path, head.contentType, head.size)) return 'text';
  return 'other';
}

/** The sizes and (short) hashes of a file whose content is not compared. */
function otherSummary(base: FileVersion, head: FileVersion): string {
  const size = base.size === head.size ? `${humanBytes(head.size)}, same size` : `${humanBytes(base.size)} → ${humanBytes(head.size)}`;
  return `${size}; sha256 ${base.sha256.slice(0, 8)} → ${head.sha256.slice(0, 8)}`;
}

export async function comparePublication(o: CompareOptions): Promise<WrittenComparison> {
  const diff = diffManifests(o.baseManifest, { files: o.files });
  const label = baselineLabel(o.baseline);
  const listPath = `${o.compareDir}/${INDEX_NAME}`;
  // One file at a time per connection: at most `concurrency` files' bytes are held at once.
  const fileLimit = pLimit(Math.max(1, o.concurrency));
  const cpuLimit = pLimit(Math.max(1, availableParallelism()));
  const written: ManifestObject[] = [];
  let sharp: Promise<SharpLoad> | undefined;

  const put = async (path: string, body: Buffer, contentType: string): Promise<void> => {
    const key = joinKey(o.prefix, path);
    await o.store.put({ key, body, contentType, cacheControl: PAGE_CACHE_CONTROL, metadata: { generated: 'comparison' }, options: { acl: o.objects.acl, tagging: o.objects.tagging } });
    written.push({ path, key, size: body.length, contentType, sha256: createHash('sha256').update(body).digest('hex'), metadata: { generated: 'comparison' } });
  };
  const render = async <V>(view: V, pageKey: string, html: (v: V) => string): Promise<Buffer> =>
    Buffer.from(html(o.sign ? await signLinks(view, pageKey, o.sign) : view), 'utf8');
  const fetchBoth = async (base: FileVersion, head: FileVersion): Promise<[Buffer, Buffer]> => {
    const local = o.localPath(head.path);
    if (local === undefined) throw new Error('this version is not on disk');
    const [b, h] = await Promise.all([o.store.get(base.key), readFile(local)]);
    if (b === undefined) throw new Error(`the baseline's version is gone (${base.key})`);
    return [b, h];
  };

  const one = async (change: FileChange): Promise<ComparedChange> => {
    const { base, head } = change as { base: FileVersion; head: FileVersion };
    const kind = kindOf(change);
    if (kind === 'other') return { ...change, summary: otherSummary(base, head) };
    const page = comparePagePath(o.compareDir, change.path);
    const pageKey = joinKey(o.prefix, page);
    const overlay = compareOverlayPath(o.compareDir, change.path);
    if (keyBytes(joinKey(o.prefix, overlay)) > MAX_KEY_BYTES) return { ...change, summary: `${otherSummary(base, head)} (the name is too long for a comparison page)` };
    const pageHead: ComparisonPageHead = {
      title: `${change.path} · changes · ${o.testName}`,
      testName: o.testName,
      path: change.path,
      breadcrumbs: [
        { name: o.testName, href: relativeHref(pageKey, joinKey(o.prefix, INDEX_NAME)) },
        { name: 'changes', href: relativeHref(pageKey, joinKey(o.prefix, listPath)) },
      ],
      baseLabel: label,
      ...(o.baseline.note !== '' ? { baseNote: o.baseline.note } : {}),
      baseHref: relativeHref(pageKey, base.key),
      headHref: relativeHref(pageKey, head.key),
    };
    try {
      const [b, h] = await fetchBoth(base, head);
      if (kind === 'image') {
        sharp ??= o.loadSharp();
        const loaded = await sharp;
        if (!loaded.sharp) throw new Error(`the image library (sharp) could not be loaded: ${loaded.error ?? 'unknown error'}`);
        const lib = loaded.sharp;
        const result = await cpuLimit(() => compareImages(lib, b, h)).catch((error: unknown) => `No image comparison: ${errorMessage(error)}`);
        if (typeof result === 'string') {
          // Both versions still show, side by side, with the reason.
          await put(page, await render(imagePageView(pageHead, undefined, undefined, result), pageKey, renderImagePage), 'text/html; charset=utf-8');
          return { ...change, page, summary: `${otherSummary(base, head)} (${result.charAt(0).toLowerCase()}${result.slice(1)})` };
        }
        await put(overlay, result.overlay, 'image/png');
        const view = imagePageView(pageHead, result, relativeHref(pageKey, joinKey(o.prefix, overlay)));
        await put(page, await render(view, pageKey, renderImagePage), 'text/html; charset=utf-8');
        return { ...change, page, overlay, summary: `${describeShare(result.differentPixels, result.share)}${result.scaled ? ' (scaled to compare)' : ''}` };
      }
      const text = diffTextFiles(change.path, head.contentType, b, h);
      // Binary after all (a NUL byte): sizes and hashes, as for other files.
      if (text === undefined) return { ...change, summary: otherSummary(base, head) };
      await put(page, await render(textPageView(pageHead, text, { base: base.size, head: head.size }), pageKey, renderTextPage), 'text/html; charset=utf-8');
      const lines = `+${text.addedLines} −${text.removedLines} lines`;
      return { ...change, page, summary: text.addedLines + text.removedLines === 0 ? `${otherSummary(base, head)} (same lines: line endings or encoding differ)` : lines };
    } catch (error) {
      o.warning(`could not compare ${change.path} with the baseline's version: ${errorMessage(error)}`);
      return { ...change, summary: `${otherSummary(base, head)} (not compared: ${errorMessage(error)})` };
    }
  };

  const changed = await Promise.all(diff.changed.map((c) => fileLimit(() => one(c))));
  const comparison: Comparison = { baseline: o.baseline, label, changed, added: diff.added, removed: diff.removed, unchanged: diff.unchanged, listPath };
  const listKey = joinKey(o.prefix, listPath);
  const view = listPageView({ kind: 'compared', comparison }, { prefix: o.prefix, testName: o.testName, pageKey: listKey });
  await put(listPath, await render(view, listKey, renderListPage), 'text/html; charset=utf-8');
  return { comparison, objects: written };
}

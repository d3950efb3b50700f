// Renders and uploads the index page of every directory of a publication and its manifest.json,
// from what really arrived. In link-mode presigned every link is signed first.
import type { ResultsRecord } from '../results/types.js';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { joinKey } from '../files/keys.js';
import { contentTypeFor, encodeMetadataValue } from '../files/plan.js';
import type { ObjectOptions, RunContext } from '../config.js';
import { signLinks } from '../storage/presign.js';
import type { ObjectStore } from '../store/store.js';
import type { Uploaded } from '../storage/upload.js';
import { buildManifest, type ManifestComparison, type ManifestObject } from '../report/manifest.js';
import type { ComparisonSectionView } from '../report/comparison-view.js';
import { rootPageLinks } from '../history/stable-link-page.js';
import { MANIFEST_NAME } from '../layout.js';
import { buildPages, type FailedFile } from '../report/model.js';
import { renderDirectory } from '../report/render.js';
import { resultsView } from '../report/results-view.js';
import { traceViewerUrl } from '../results/results-report.js';

const PAGE_CACHE_CONTROL = 'no-cache';

export interface WritePagesOptions {
  store: ObjectStore;
  prefix: string;
  testName: string;
  context: RunContext;
  concurrency: number;
  uploadedAt: Date;
  uploaded: Uploaded[];
  failed: FailedFile[];
  /** Where the generated manifest goes (layout.ts publicationNames). */
  manifestPath: string;
  rootUrl: string;
  sign: ((key: string) => Promise<string>) | undefined;
  /** Levels above the prefix that have index pages, for the breadcrumbs. */
  ancestors: string[];
  /** ACL and tags for the pages and the manifest (the storage class is for files only). */
  objects: ObjectOptions;
  warning: (message: string) => void;
  /** The root page's section on the comparison with the baseline. */
  comparison?: ComparisonSectionView;
  /** The comparison's own pages (already written), for the manifest; and what it found. */
  comparisonPages?: ManifestObject[];
  comparisonRecord?: ManifestComparison;
  /** The test results, for the root page's results section and the manifest. */
  results?: ResultsRecord;
}

export interface WrittenPages {
  /** Keys of the index pages written. */
  pages: string[];
  manifestKey: string;
}

/** The published files as the manifest lists them. */
export function manifestFiles(uploaded: readonly Uploaded[]): ManifestObject[] {
  return uploaded.map((u) => ({
    path: u.item.file.relativePath,
    key: u.item.key,
    size: u.size,
    contentType: u.contentType,
    sha256: u.sha256,
    metadata: u.item.metadata,
    ...(u.item.compressed?.originalSha256 !== undefined ? { originalSha256: u.item.compressed.originalSha256 } : {}),
    ...(u.item.originalOf !== undefined ? { originalOf: u.item.originalOf } : {}),
  }));
}

/** The trace viewer fetches a trace by its URL: a public one, never a presigned one (it expires
 * before a reviewer looks), as for the comment (results/results-report.ts). */
function traceViewer(o: WritePagesOptions): { traceViewer?: (tracePath: string) => string } {
  if (o.sign !== undefined) return {};
  return { traceViewer: (t) => traceViewerUrl((key) => o.store.publicUrl(key), o.prefix, t) };
}

export async function writePages(o: WritePagesOptions): Promise<WrittenPages> {
  const files = manifestFiles(o.uploaded);
  if (o.manifestPath !== MANIFEST_NAME) {
    o.warning(`the outputs contain ${MANIFEST_NAME} at their root: it is kept, and the generated manifest is written as ${o.manifestPath}`);
  }
  const pages = buildPages({
    testName: o.testName,
    uploadedAt: o.uploadedAt,
    files: o.uploaded.map((u) => ({
      path: u.item.file.relativePath,
      size: u.size,
      contentType: u.contentType,
      modified: u.item.file.modified,
      ...(u.item.compressed ? { original: u.item.compressed } : {}),
      ...(u.item.uncompressed !== undefined ? { uncompressed: u.item.uncompressed } : {}),
      ...(u.item.originalOf !== undefined ? { originalOf: u.item.originalOf } : {}),
    })),
    failed: o.failed,
    manifestPath: o.manifestPath,
    ancestors: o.ancestors,
    run: o.context,
    // Presigned publications stand alone: no stable links, no pages above them.
    ...(o.sign === undefined ? { history: rootPageLinks(o.prefix, o.context, o.ancestors.length > 0) } : {}),
    presigned: o.sign !== undefined,
    ...(o.comparison ? { comparison: o.comparison } : {}),
    ...(o.results ? { results: resultsView(o.results, traceViewer(o)) } : {}),
  });
  const sign = o.sign;
  const views = await Promise.all(pages.map((page) => (sign ? signLinks(page.view, joinKey(o.prefix, page.path), sign) : Promise.resolve(page.view))));
  const metadata = { 'test-name': encodeMetadataValue(o.testName), generated: 'index' };
  const rendered = pages.map((page, i) => {
    const body = Buffer.from(renderDirectory(views[i]!), 'utf8');
    const entry: ManifestObject = {
      path: page.path,
      key: joinKey(o.prefix, page.path),
      size: body.length,
      contentType: 'text/html; charset=utf-8',
      sha256: createHash('sha256').update(body).digest('hex'),
      metadata,
    };
    return { entry, body };
  });
  const limit = pLimit(o.concurrency);
  const put = (key: string, body: Buffer, contentType: string, meta: Record<string, string>) =>
    limit(() =>
      o.store.put({ key, body, contentType, metadata: meta, cacheControl: PAGE_CACHE_CONTROL, options: { acl: o.objects.acl, tagging: o.objects.tagging } }),
    );
  const manifest = buildManifest({
    testName: o.testName,
    bucket: o.store.bucket,
    prefix: o.prefix,
    url: o.rootUrl,
    uploadedAt: o.uploadedAt,
    context: o.context,
    files,
    pages: [...rendered.map((r) => r.entry), ...(o.comparisonPages ?? [])],
    failed: o.failed,
    ...(o.comparisonRecord ? { comparison: o.comparisonRecord } : {}),
    ...(o.results ? { results: o.results } : {}),
  });
  const manifestKey = joinKey(o.prefix, o.manifestPath);
  const manifestBody = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  await put(manifestKey, manifestBody, contentTypeFor(MANIFEST_NAME) ?? 'application/json', { ...metadata, generated: 'manifest' });
  await Promise.all(rendered.map((r) => put(r.entry.key, r.body, r.entry.contentType, r.entry.metadata)));
  return { pages: rendered.map((r) => r.entry.key), manifestKey };
}

// --dry-run: what a publication would write, found and planned by the same functions that
// publish() uses (findFiles, planUploads, publicationNames, buildPages), without a request.
// It needs no client: nothing here talks to the network. (Core-shaped: it could sit beside
// publish.ts; it lives here while only the command line uses it.)
import { open } from 'node:fs/promises';
import { findFiles, type GlobFactory } from '../files/find-files.js';
import { joinKey } from '../files/keys.js';
import { planUploads, sniffContentType } from '../files/plan.js';
import { stableLinkPlaces } from '../history/stable-link-page.js';
import { formatOf } from '../images/compress.js';
import type { Inputs } from '../config.js';
import { ancestorsOf, childKey, INDEX_NAME, inReport, publicationNames, reportFolders } from '../layout.js';
import { buildPages, type PublishedFile } from '../report/model.js';
import { objectUrl } from '../store/s3/urls.js';

export interface PlannedObject {
  path: string;
  key: string;
  size: number;
  contentType: string;
  /** An image over max-image-size: `compress` when it would be compressed, else why not. */
  image?: 'compress' | 'unsupported format';
}

export interface PublicationPlan {
  bucket: string;
  prefix: string;
  /** The browse URL it would have (link-mode public; presigned links are made at upload). */
  url?: string;
  /** The folder the files' paths are relative to. */
  root: string;
  files: PlannedObject[];
  /** Keys of the kept originals (keep-originals). */
  originals: string[];
  /** keep-originals: auto: originals kept only where the compressed copy loses detail. */
  originalsAuto?: boolean;
  pages: string[];
  manifest: string;
  /** The claim written first, so that no other publication takes the prefix. */
  claim: string;
  /** Index pages of the levels above the prefix that would be updated. */
  levels: string[];
  /** The stable links that would lead here, unless a newer publication holds them. */
  stableLinks: string[];
  skipped: { path: string; reason: string }[];
  hiddenSkipped: number;
  bytes: number;
}

const SNIFF_BYTES = 8192;

async function head(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function planPublication(inputs: Inputs, now: Date, glob: GlobFactory): Promise<PublicationPlan> {
  const found = await findFiles(inputs.patterns, { glob, includeHiddenFiles: inputs.includeHiddenFiles, workspace: inputs.context.workspace, maxFiles: inputs.maxFiles });
  const items = planUploads(found.files, { testName: inputs.testName, prefix: inputs.prefix, context: inputs.context, uploadedAt: now });
  const names = publicationNames(found.files.map((f) => f.relativePath));
  const reports = reportFolders(items.map((i) => i.file.relativePath));
  const extensions = new Set(inputs.images.extensions);
  const files: PlannedObject[] = [];
  const originals: string[] = [];
  const published: PublishedFile[] = [];
  for (const item of items) {
    const path = item.file.relativePath;
    const contentType = item.contentType ?? sniffContentType(await head(item.file.absolutePath));
    const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    // As prepareImages decides: images in HTML reports are never altered.
    const overCap = inputs.images.compress && path.includes('.') && extensions.has(extension) && !inReport(path, reports) && item.file.size > inputs.images.maxBytes;
    const image = overCap ? (formatOf(path) === undefined ? 'unsupported format' : 'compress') : undefined;
    files.push({ path, key: item.key, size: item.file.size, contentType, ...(image ? { image } : {}) });
    published.push({ path, size: item.file.size, contentType });
    // With auto, which originals are kept depends on the compression: not known before it.
    if (image === 'compress' && inputs.images.keepOriginals === true) {
      const originalPath = `${names.originalsDir}/${path}`;
      originals.push(joinKey(inputs.prefix, originalPath));
      published.push({ path: originalPath, size: item.file.size, contentType, originalOf: path });
    }
  }
  const levels = inputs.parentIndexes && inputs.prefix.includes('/') && inputs.linkMode === 'public' ? ancestorsOf(inputs.prefix) : [];
  const pages = files.length === 0
    ? []
    : buildPages({
        testName: inputs.testName,
        uploadedAt: now,
        files: published,
        failed: [],
        manifestPath: names.manifestPath,
        ancestors: levels.length > 0 ? inputs.prefix.split('/').slice(0, -1) : [],
        run: inputs.context,
        presigned: inputs.linkMode === 'presigned',
      }).map((p) => joinKey(inputs.prefix, p.path));
  return {
    bucket: inputs.bucket,
    prefix: inputs.prefix,
    ...(inputs.linkMode === 'public' ? { url: objectUrl(inputs, joinKey(inputs.prefix, INDEX_NAME)) } : {}),
    root: found.root,
    files,
    originals,
    ...(inputs.images.keepOriginals === 'auto' ? { originalsAuto: true } : {}),
    pages: pages.sort(),
    manifest: joinKey(inputs.prefix, names.manifestPath),
    claim: childKey(inputs.prefix),
    levels: levels.map((level) => joinKey(level, INDEX_NAME)),
    stableLinks: inputs.linkMode === 'public' ? stableLinkPlaces(inputs.prefix, inputs.context).map((p) => p.key) : [],
    skipped: found.skipped,
    hiddenSkipped: found.hiddenSkipped,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
  };
}

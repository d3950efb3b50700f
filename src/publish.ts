// The whole publication, stage by stage: find → plan → upload → pages and manifest. Clients,
// logger and clock come in from the caller (the action, tests), so every stage runs against
// real servers in tests.
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { findFiles } from './files/find-files.js';
import { joinKey } from './files/keys.js';
import { planUploads, type PublicationInfo, type UploadItem } from './files/plan.js';
import { loadSharp, type SharpLoad } from './images/load-sharp.js';
import { prepareImages } from './images/prepare.js';
import type { SummaryEntry } from './github/summary.js';
import type { Inputs } from './inputs.js';
import { freeName, INDEX_NAME, inReport, LISTING_NAME, publicationNames, reportFolders, reportsWithOwnFiles, rootNames, type PublicationNames } from './layout.js';
import type { FailedFile } from './report/model.js';
import { writePages } from './report/write-pages.js';
import { resolverError, unknownRegionMessage } from './storage/aws-region.js';
import { claimPrefix, type Claim } from './storage/claim.js';
import { captureEndpoint, createDirectPut, type BucketEndpoint } from './storage/direct-put.js';
import { describeStorageError, type StorageTarget } from './storage/s3-errors.js';
import { updateParentIndexes } from './storage/parent-indexes.js';
import { linkExpiry, presign, unsignableReportsWarning } from './storage/presign.js';
import { checkReachable, type Reachability } from './storage/reachability.js';
import { uploadFiles } from './storage/upload.js';
import { objectUrl, withoutCredentials } from './storage/urls.js';
import { errorMessage, FatalStorageError, InputError } from './util/errors.js';
import { humanBytes, humanTime } from './util/format.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface PublishDeps {
  client: S3Client;
  log: Logger;
  now: () => Date;
  /** Where compressed copies of images are written (a fresh directory, removed afterwards). */
  tempRoot: string;
  loadSharp?: () => Promise<SharpLoad>;
}

export interface PublishResult {
  /** Browse URL of the publication's root index.html; '' when nothing was published. */
  url: string;
  /** link-mode presigned: when the links stop working. */
  linksExpireAt?: Date;
  /** A few published images, for the PR comment and the summary. */
  thumbnails: { name: string; url: string }[];
  /** The publication's top-level folders and files, for the summary. */
  entries: SummaryEntry[];
  prefix: string;
  files: number;
  bytes: number;
  failed: FailedFile[];
  /** link-mode public: whether the browse URL opened without credentials. */
  reachability?: Reachability;
}

const PROGRESS_INTERVAL_MS = 1000;
const THUMBNAILS = 6;

export function storageTarget(inputs: Inputs): StorageTarget {
  return { bucket: inputs.bucket, where: inputs.endpoint === undefined ? `AWS S3 (${inputs.region})` : withoutCredentials(inputs.endpoint) };
}

/** Fails fast, with the reason, when the bucket is missing or the server unreachable. A 403 is
 * not conclusive (a policy may allow PutObject but not ListBucket), so uploads go ahead then. */
async function checkBucket(client: S3Client, inputs: Inputs, log: Logger): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: inputs.bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 403 || status === 400) {
      log.debug(`HeadBucket answered ${status}; trying the uploads anyway`);
      return;
    }
    // With no endpoint, a host that does not resolve is most often a region that does not exist.
    const dns = inputs.endpoint === undefined ? resolverError(error) : undefined;
    const wrongRegion = dns === undefined ? undefined : await unknownRegionMessage(inputs.region, dns);
    if (wrongRegion !== undefined) throw new FatalStorageError(wrongRegion, true);
    const described = describeStorageError(error, storageTarget(inputs));
    if (described.fatal) throw new FatalStorageError(described.message, described.config === true);
    log.debug(`HeadBucket failed (${described.message}); trying the uploads anyway`);
  }
}

function throttledProgress(log: Logger, now: () => number): (done: number, total: number, bytes: number) => void {
  let last = 0;
  return (done, total, bytes) => {
    const t = now();
    if (done === total || t - last >= PROGRESS_INTERVAL_MS) {
      last = t;
      log.info(`uploaded ${done}/${total} files, ${humanBytes(bytes)}`);
    }
  };
}

export async function publish(inputs: Inputs, deps: PublishDeps): Promise<PublishResult> {
  const { log } = deps;
  const uploadedAt = deps.now();
  const empty: PublishResult = { url: '', prefix: inputs.prefix, files: 0, bytes: 0, failed: [], thumbnails: [], entries: [] };

  const found = await log.group('Find files', async () => {
    const result = await findFiles(inputs.patterns, { includeHiddenFiles: inputs.includeHiddenFiles, workspace: inputs.context.workspace, maxFiles: inputs.maxFiles });
    log.info(`found ${result.files.length} files under ${result.root}`);
    for (const s of result.skipped) log.warning(`skipped ${s.path}: ${s.reason}`);
    // With nothing found, the no-files message says it instead.
    if (result.hiddenSkipped > 0 && result.files.length > 0) {
      log.info(`left out ${result.hiddenSkipped} hidden files (set include-hidden-files: true to publish them)`);
    }
    return result;
  });
  if (found.files.length === 0) {
    const hiddenNote = found.hiddenSkipped > 0 ? ` (${found.hiddenSkipped} hidden files were left out: set include-hidden-files: true to publish them)` : '';
    const message = `no files were found with the provided path: ${inputs.patterns.join(', ')}${hiddenNote}. No outputs will be published.`;
    if (inputs.ifNoFilesFound === 'error') throw new InputError(`${message} (if-no-files-found: error)`);
    if (inputs.ifNoFilesFound === 'warn') log.warning(message);
    else log.info(message);
    return empty;
  }

  const info: PublicationInfo = { testName: inputs.testName, prefix: inputs.prefix, context: inputs.context, uploadedAt, html: inputs.html };
  // The action's own objects take names that none of the user's files has.
  const names = publicationNames(found.files.map((f) => f.relativePath));
  const tempDir = await mkdtemp(path.join(deps.tempRoot, 'publish-test-outputs-'));
  try {
    const images = await log.group('Compress images', async () => {
      const prepared = await prepareImages(planUploads(found.files, info), {
        images: inputs.images,
        prefix: inputs.prefix,
        originalsDir: names.originalsDir,
        tempDir,
        loadSharp: deps.loadSharp ?? (() => loadSharp()),
        log,
      });
      if (prepared.compressed > 0) log.info(`compressed ${prepared.compressed} images, ${humanBytes(prepared.savedBytes)} saved`);
      return prepared;
    });
    return await uploadAndIndex(inputs, deps, images.items, uploadedAt, names);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** The first level of a tree of files: folders (with their file count and size) and files. */
function topLevel(files: { path: string; size: number }[]): Omit<SummaryEntry, 'url'>[] {
  const byName = new Map<string, Omit<SummaryEntry, 'url'>>();
  for (const f of files) {
    const slash = f.path.indexOf('/');
    const name = slash < 0 ? f.path : f.path.slice(0, slash);
    const entry = byName.get(name) ?? { name, folder: slash >= 0, files: 0, bytes: 0 };
    entry.files++;
    entry.bytes += f.size;
    byName.set(name, entry);
  }
  return [...byName.values()].sort((a, b) => Number(b.folder) - Number(a.folder) || (a.name < b.name ? -1 : 1));
}

interface Links {
  rootUrl: string;
  /** Presigns a key; set in link-mode presigned only. */
  sign: ((key: string) => Promise<string>) | undefined;
  expiresAt: Date | undefined;
}

/** The browse URL, and in link-mode presigned how links are signed and when they expire. */
async function prepareLinks(inputs: Inputs, deps: PublishDeps): Promise<Links> {
  const rootKey = joinKey(inputs.prefix, INDEX_NAME);
  if (inputs.linkMode !== 'presigned') return { rootUrl: objectUrl(inputs, rootKey), sign: undefined, expiresAt: undefined };
  const { client, log } = deps;
  const sign = (key: string): Promise<string> => presign(client, inputs.bucket, key, inputs.presignExpiry);
  if (inputs.publicBaseUrl !== undefined) log.warning('link-mode presigned signs links for the S3 endpoint itself: public-base-url is not used');
  const expiry = await linkExpiry(client, inputs.presignExpiry, deps.now());
  if (expiry.cutShortBy === 'credentials' && expiry.expiresAt.getTime() - deps.now().getTime() < (inputs.presignExpiry * 1000) / 2) {
    log.warning(
      `the links expire at ${humanTime(expiry.expiresAt)}, when the temporary credentials that sign them expire, much sooner than presign-expiry asks: sign with long-lived credentials (an IAM user's keys) or use a public-base-url (see the README)`,
    );
  }
  return { rootUrl: await sign(rootKey), sign, expiresAt: expiry.expiresAt };
}

/** Claims the prefix (storage/claim.ts) before anything is uploaded into it. */
async function claim(inputs: Inputs, deps: PublishDeps): Promise<Claim> {
  const c = inputs.context;
  const owner = { testName: inputs.testName, repository: c.repository, commit: c.sha, runId: c.runId, runAttempt: c.runAttempt, workflow: c.workflow, job: c.job };
  try {
    const claimed = await claimPrefix({ client: deps.client, bucket: inputs.bucket, prefix: inputs.prefix, ifExists: inputs.ifExists, owner, acl: inputs.objects.acl, now: deps.now });
    deps.log.info(`claimed ${inputs.prefix}/ for this publication${claimed.replacing ? ', replacing the one that was there' : ''}${claimed.conditional ? '' : ' (the server ignores conditional writes: checked by reading the claim back)'}`);
    return claimed;
  } catch (error) {
    if (error instanceof FatalStorageError) throw error;
    // The claim is the first write: its refusal says what is wrong with access, as any would.
    const described = describeStorageError(error, storageTarget(inputs));
    throw new FatalStorageError(described.message, described.config === true);
  }
}

async function uploadAndIndex(inputs: Inputs, deps: PublishDeps, items: UploadItem[], uploadedAt: Date, names: PublicationNames): Promise<PublishResult> {
  const { client, log } = deps;
  // The first request (HeadBucket) shows the address the SDK chose for the bucket.
  const bucketEndpoint = captureEndpoint(client);
  await checkBucket(client, inputs, log);
  const claimed = await claim(inputs, deps);
  try {
    const result = await uploadClaimed(inputs, deps, items, uploadedAt, names, claimed, bucketEndpoint());
    await claimed.finish('complete', { files: result.files, manifest: result.manifestKey });
    return result;
  } catch (error) {
    // Best effort: the claim then says the publication did not complete.
    await claimed.finish('failed').catch(() => undefined);
    throw error;
  }
}

async function uploadClaimed(
  inputs: Inputs,
  deps: PublishDeps,
  items: UploadItem[],
  uploadedAt: Date,
  names: PublicationNames,
  claimed: Claim,
  endpoint: BucketEndpoint | undefined,
): Promise<PublishResult & { manifestKey: string }> {
  const { client, log } = deps;
  const target = storageTarget(inputs);
  // Small PUTs skip the SDK's middleware pipeline, at the address the SDK chose for the bucket.
  const direct = endpoint === undefined
    ? undefined
    : await createDirectPut({ client, endpoint, maxSockets: inputs.concurrency, socketTimeoutMs: inputs.requestTimeout * 1000 });
  const links = await prepareLinks(inputs, deps);
  // Links to the levels above would be signed at different times by different runs and expire
  // at different times: presigned publications stand alone.
  const withParents = inputs.parentIndexes && inputs.prefix.includes('/') && links.sign === undefined;

  const report = await log.group(`Upload ${items.length} files to s3://${inputs.bucket}/${inputs.prefix}/`, () =>
    uploadFiles(items, {
      client,
      bucket: inputs.bucket,
      objects: inputs.objects,
      target,
      concurrency: inputs.concurrency,
      direct,
      onProgress: throttledProgress(log, () => deps.now().getTime()),
    }),
  );
  const failed = report.failed.map((f) => ({ path: f.item.file.relativePath, reason: f.reason }));
  for (const f of failed) log.warning(`failed to upload ${f.path}: ${f.reason}`);
  if (links.sign) {
    const unsignable = unsignableReportsWarning(reportsWithOwnFiles(report.uploaded.map((u) => ({ path: u.item.file.relativePath }))));
    if (unsignable !== undefined) log.warning(unsignable);
  }
  // With html: text, a report's own index.html at the root shows as its source: the browse URL
  // opens the root's generated listing instead (named as the pages name it, report/model.ts).
  const arrived = report.uploaded.map((u) => u.item.file.relativePath);
  if (inputs.html === 'text' && arrived.includes(INDEX_NAME)) {
    const listingKey = joinKey(inputs.prefix, freeName(rootNames(arrived), LISTING_NAME));
    links.rootUrl = links.sign ? await links.sign(listingKey) : objectUrl(inputs, listingKey);
  }

  // On servers that ignore conditional writes, a clash shows only now.
  await claimed.verify().catch((error: unknown) => {
    throw new FatalStorageError(`${errorMessage(error)}; the ${report.uploaded.length} files this job uploaded are in no page`, false, report.uploaded.length);
  });
  // Pages and the manifest go last and list only what arrived, so they never claim more.
  const written = await log.group('Write index pages and manifest', async () => {
    const pages = await writePages({
      client,
      direct,
      bucket: inputs.bucket,
      prefix: inputs.prefix,
      testName: inputs.testName,
      context: inputs.context,
      concurrency: inputs.concurrency,
      uploadedAt,
      uploaded: report.uploaded,
      failed,
      manifestPath: names.manifestPath,
      rootUrl: links.rootUrl,
      sign: links.sign,
      ancestors: withParents ? inputs.prefix.split('/').slice(0, -1) : [],
      objects: inputs.objects,
      warning: (m) => log.warning(m),
    }).catch((error: unknown) => {
      throw new FatalStorageError(`writing the index pages failed: ${describeStorageError(error, target).message}`, false, report.uploaded.length);
    });
    log.info(`wrote ${pages.pages.length} index pages and ${names.manifestPath}`);
    return pages;
  });
  if (claimed.replacing) {
    const keep = new Set([...report.uploaded.map((u) => u.item.key), ...written.pages, written.manifestKey]);
    const removed = await claimed.removeStale(keep).catch((error: unknown) => {
      throw new FatalStorageError(`removing the objects of the publication this one replaces failed: ${describeStorageError(error, target).message}`, false, report.uploaded.length);
    });
    log.info(`removed ${removed} objects of the publication this one replaced`);
  }
  if (withParents) {
    await log.group('Update the index pages above the prefix', async () => {
      try {
        await updateParentIndexes({ client, bucket: inputs.bucket, prefix: inputs.prefix, acl: inputs.objects.acl, warning: (m) => log.warning(m) });
        log.info(`updated the index pages of ${inputs.prefix.split('/').slice(0, -1).join('/')}/ and above`);
      } catch (error) {
        // The publication itself is complete; only the way to it from above is missing.
        log.warning(`could not update the index pages above ${inputs.prefix}/: ${describeStorageError(error, target).message}`);
      }
    });
  }

  // A report's own images are the report's, as in the root page's gallery.
  const reports = reportFolders(report.uploaded.map((u) => u.item.file.relativePath));
  const images = report.uploaded
    .filter((u) => /^image\/(png|jpeg|gif|webp)/.test(u.contentType) && u.item.originalOf === undefined && !inReport(u.item.file.relativePath, reports))
    .sort((a, b) => (a.item.file.relativePath < b.item.file.relativePath ? -1 : 1))
    .slice(0, THUMBNAILS);
  const thumbnails = await Promise.all(
    images.map(async (u) => ({ name: u.item.file.relativePath, url: links.sign ? await links.sign(u.item.key) : objectUrl(inputs, u.item.key) })),
  );
  const link = (key: string): Promise<string> => (links.sign ? links.sign(key) : Promise.resolve(objectUrl(inputs, key)));
  const entries = await Promise.all(
    topLevel(report.uploaded.map((u) => ({ path: u.item.file.relativePath, size: u.size }))).map(async (e) => ({
      ...e,
      url: await link(joinKey(inputs.prefix, e.folder ? `${e.name}/index.html` : e.name)),
    })),
  );
  // Presigned links carry their own authorization; public ones need a readable bucket.
  const reachability = links.sign === undefined ? await checkReachable(links.rootUrl) : undefined;
  if (reachability) log.debug(`browse URL without credentials: ${reachability.outcome === 'unknown' ? reachability.reason : `HTTP ${reachability.status}`}`);
  return {
    thumbnails,
    entries,
    url: links.rootUrl,
    prefix: inputs.prefix,
    files: report.uploaded.length,
    bytes: report.bytes,
    failed,
    manifestKey: written.manifestKey,
    ...(links.expiresAt ? { linksExpireAt: links.expiresAt } : {}),
    ...(reachability ? { reachability } : {}),
  };
}

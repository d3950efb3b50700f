// Writes a planned publication: checks the bucket, claims the prefix, uploads the files, then
// the pages and the manifest (listing only what arrived), the pages above the prefix, and says
// what was published — the links, thumbnails and entries the drivers report.
import { joinKey } from '../files/keys.js';
import type { UploadItem } from '../files/plan.js';
import type { Inputs } from '../config.js';
import { writeStableLinks } from '../history/stable-links.js';
import { freeName, historyPlace, INDEX_NAME, inReport, LISTING_NAME, reportFolders, reportsWithOwnFiles, rootNames, type PublicationNames } from '../layout.js';
import { THUMBNAILS, type Logger, type PublishDeps, type PublishResult, type StableLinks } from './types.js';
import { manifestFiles, writePages } from './write-pages.js';
import { topLevel } from './top-level.js';
import { comparisonReport, locateBaseline, manifestComparison, resultsSinceBase, writeComparison, type LocatedBaseline } from './write-comparison.js';
import { readResults, recordResults, type ReadResults } from './read-results.js';
import { countsOf } from '../results/record.js';
import { resultsReport } from '../results/results-report.js';
import { comparisonSection, ROOT_PAGE_ROWS } from '../compare/list-model.js';
import { claimPrefix, type Claim } from './claim.js';
import { entryOwner, type EntryResult } from '../history/entry.js';
import { updateParentIndexes } from '../history/levels.js';
import { unsignableReportsWarning } from '../storage/presign.js';
import { checkReachable } from '../storage/reachability.js';
import { uploadFiles } from '../storage/upload.js';
import { errorMessage, FatalStorageError } from '../util/errors.js';
import { humanBytes, humanTime } from '../util/format.js';

const PROGRESS_INTERVAL_MS = 1000;

/** Fails fast, with the reason, when the bucket is missing or the server unreachable; the store
 * lets an inconclusive answer (403) through. */
async function checkBucket(deps: PublishDeps): Promise<void> {
  const { store, log } = deps;
  try {
    await store.checkBucket((m) => log.debug(m));
  } catch (error) {
    if (error instanceof FatalStorageError) throw error;
    const described = store.describe(error);
    if (described.fatal) throw new FatalStorageError(described.message, described.config === true);
    log.debug(`HeadBucket failed (${described.message}); trying the uploads anyway`);
  }
}

/** Upload progress: every step to a logger that shows progress itself, else a line at most once
 * a second (and the last). */
function uploadProgress(log: Logger, now: () => number): (done: number, total: number, bytes: number) => void {
  if (log.progress) return (done, total, bytes) => log.progress?.({ stage: 'upload', done, total, bytes });
  let last = 0;
  return (done, total, bytes) => {
    const t = now();
    if (done === total || t - last >= PROGRESS_INTERVAL_MS) {
      last = t;
      log.info(`uploaded ${done}/${total} files, ${humanBytes(bytes)}`);
    }
  };
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
  if (inputs.linkMode !== 'presigned') return { rootUrl: deps.store.publicUrl(rootKey), sign: undefined, expiresAt: undefined };
  const { store, log } = deps;
  const sign = (key: string): Promise<string> => store.presign(key, inputs.presignExpiry);
  if (inputs.publicBaseUrl !== undefined) log.warning('link-mode presigned signs links for the S3 endpoint itself: public-base-url is not used');
  const expiry = await store.linkExpiry(inputs.presignExpiry, deps.now());
  if (expiry.cutShortBy === 'credentials' && expiry.expiresAt.getTime() - deps.now().getTime() < (inputs.presignExpiry * 1000) / 2) {
    log.warning(
      `the links expire at ${humanTime(expiry.expiresAt)}, when the temporary credentials that sign them expire, much sooner than presign-expiry asks: sign with long-lived credentials (an IAM user's keys) or use a public-base-url (see the README)`,
    );
  }
  return { rootUrl: await sign(rootKey), sign, expiresAt: expiry.expiresAt };
}

/** Claims the prefix (storage/claim.ts) before anything is uploaded into it. */
async function claim(inputs: Inputs, deps: PublishDeps): Promise<Claim> {
  const owner = entryOwner(inputs.testName, inputs.context);
  const objects = { acl: inputs.objects.acl, tagging: inputs.objects.tagging };
  try {
    const claimed = await claimPrefix({ store: deps.store, prefix: inputs.prefix, ifExists: inputs.ifExists, owner, objects, now: deps.now });
    deps.log.info(`claimed ${inputs.prefix}/ for this publication${claimed.replacing ? ', replacing the one that was there' : ''}${claimed.conditional ? '' : ' (the server ignores conditional writes: checked by reading the claim back)'}`);
    return claimed;
  } catch (error) {
    if (error instanceof FatalStorageError) throw error;
    // The claim is the first write: its refusal says what is wrong with access, as any would.
    const described = deps.store.describe(error);
    throw new FatalStorageError(described.message, described.config === true);
  }
}

/** The baseline, looked up while the files upload. An explicit `compare` target is resolved
 * before anything is claimed, so a wrong one fails the step before any upload. */
async function startBaseline(inputs: Inputs, deps: PublishDeps, uploadedAt: Date): Promise<(() => Promise<LocatedBaseline>) | undefined> {
  if (inputs.compare.mode === 'off') return undefined;
  if (inputs.compare.mode === 'explicit') {
    const located = await locateBaseline(inputs, deps, uploadedAt);
    return () => Promise.resolve(located);
  }
  // Settled at once into a value, so that no rejection waits unhandled during the upload.
  const settled = locateBaseline(inputs, deps, uploadedAt).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return async () => {
    const s = await settled;
    if ('error' in s) throw s.error;
    return s.value;
  };
}

export async function writePublication(inputs: Inputs, deps: PublishDeps, items: UploadItem[], uploadedAt: Date, names: PublicationNames): Promise<PublishResult> {
  await checkBucket(deps);
  const baseline = await startBaseline(inputs, deps, uploadedAt);
  // Read before the upload: a report from outside the outputs is uploaded with them.
  const info = { testName: inputs.testName, prefix: inputs.prefix, context: inputs.context, uploadedAt, html: inputs.html };
  const results = await readResults(inputs, deps, items, names.resultsDir, info);
  const claimed = await claim(inputs, deps);
  let written: PublishResult & { entry: EntryResult; withParents: boolean; rootKey: string; presigned: boolean };
  try {
    written = await uploadClaimed(inputs, deps, [...items, ...results.extraItems], uploadedAt, names, claimed, baseline, results);
    await claimed.finish('complete', written.entry);
  } catch (error) {
    // Best effort: the claim then says the publication did not complete.
    await claimed.finish('failed').catch(() => undefined);
    throw error;
  }
  // After the entries are final, so that the level pages show how the publication ended.
  const { entry: _entry, withParents, rootKey, presigned, ...result } = written;
  if (withParents) await updateParents(inputs, deps, claimed.conditional);
  // Once the publication is complete, failed files or not (its root page lists them; an older
  // run is not the latest one), and after the level pages, which list it.
  const stableLinks = await updateStableLinks(inputs, deps, { rootKey, presigned, conditional: claimed.conditional, startedAt: uploadedAt });
  return { ...result, stableLinks };
}

async function updateParents(inputs: Inputs, deps: PublishDeps, conditional: boolean): Promise<void> {
  const { store, log } = deps;
  await log.group('Update the index pages above the prefix', async () => {
    try {
      await updateParentIndexes({ store, prefix: inputs.prefix, acl: inputs.objects.acl, tagging: inputs.objects.tagging, conditional, warning: (m) => log.warning(m) });
      log.info(`updated the index pages of ${inputs.prefix.split('/').slice(0, -1).join('/')}/ and above`);
    } catch (error) {
      // The publication itself is complete; only the way to it from above is missing.
      log.warning(`could not update the index pages above ${inputs.prefix}/: ${store.describe(error).message}`);
    }
  });
}

/** The publication's stable links (history/stable-links.ts), and their URLs for the outputs. A
 * failure only costs the links: the publication itself is complete. */
async function updateStableLinks(inputs: Inputs, deps: PublishDeps, o: { rootKey: string; presigned: boolean; conditional: boolean; startedAt: Date }): Promise<StableLinks> {
  const { store, log } = deps;
  if (o.presigned) {
    log.debug('link-mode presigned: no stable links (they would be signed URLs that expire, to a private bucket)');
    return {};
  }
  if (historyPlace(inputs.prefix) === undefined) {
    log.debug(`prefix ${inputs.prefix}/ has fewer than three segments (<root>/<run>/<test>): no stable links`);
    return {};
  }
  const c = inputs.context;
  if ((c.branch ?? '') === '' && c.pullRequest === undefined) {
    log.debug('neither the branch nor the pull request is known: no stable links');
    return {};
  }
  return log.group('Update the stable links', async () => {
    try {
      const results = await writeStableLinks({ store, prefix: inputs.prefix, rootKey: o.rootKey, testName: inputs.testName, context: c, startedAt: o.startedAt, objects: inputs.objects, conditional: o.conditional, log });
      // A link a newer publication holds is still this branch's (this PR's) link.
      const urlOf = (kind: 'latest' | 'pr'): string | undefined => {
        const r = results.find((x) => x.kind === kind && x.outcome !== 'foreign');
        return r && store.publicUrl(r.key);
      };
      const latestUrl = urlOf('latest');
      const prUrl = urlOf('pr');
      return { ...(latestUrl !== undefined ? { latestUrl } : {}), ...(prUrl !== undefined ? { prUrl } : {}) };
    } catch (error) {
      log.warning(`could not update the stable links of ${inputs.prefix}/: ${store.describe(error).message}`);
      return {};
    }
  });
}

async function uploadClaimed(
  inputs: Inputs,
  deps: PublishDeps,
  items: UploadItem[],
  uploadedAt: Date,
  names: PublicationNames,
  claimed: Claim,
  baseline: (() => Promise<LocatedBaseline>) | undefined,
  results: ReadResults,
): Promise<PublishResult & { entry: EntryResult; withParents: boolean; rootKey: string; presigned: boolean }> {
  const { store, log } = deps;
  const links = await prepareLinks(inputs, deps);
  // Links to the levels above would be signed at different times by different runs and expire
  // at different times: presigned publications stand alone.
  const withParents = inputs.parentIndexes && inputs.prefix.includes('/') && links.sign === undefined;

  const report = await log.group(`Upload ${items.length} files to s3://${inputs.bucket}/${inputs.prefix}/`, () =>
    uploadFiles(items, {
      store,
      objects: inputs.objects,
      concurrency: inputs.concurrency,
      onProgress: uploadProgress(log, () => deps.now().getTime()),
    }),
  );
  const failed = report.failed.map((f) => ({ path: f.item.file.relativePath, reason: f.reason }));
  for (const f of failed) log.warning(`failed to upload ${f.path}: ${f.reason}`);
  if (links.sign) {
    const unsignable = unsignableReportsWarning(reportsWithOwnFiles(report.uploaded.map((u) => ({ path: u.item.file.relativePath }))));
    if (unsignable !== undefined) log.warning(unsignable);
  }
  // With html: text, a report's own index.html at the root shows as its source: the browse URL
  // opens the root's generated listing instead (named as the pages name it, report/model-tree.ts).
  const arrived = report.uploaded.map((u) => u.item.file.relativePath);
  let rootPage = INDEX_NAME;
  if (inputs.html === 'text' && arrived.includes(INDEX_NAME)) {
    rootPage = freeName(rootNames(arrived), LISTING_NAME);
    const listingKey = joinKey(inputs.prefix, rootPage);
    links.rootUrl = links.sign ? await links.sign(listingKey) : deps.store.publicUrl(listingKey);
  }

  // On servers that ignore conditional writes, a clash shows only now.
  await claimed.verify().catch((error: unknown) => {
    throw new FatalStorageError(`${errorMessage(error)}; the ${report.uploaded.length} files this job uploaded are in no page`, false, report.uploaded.length);
  });
  // Before the root page, which shows what it found.
  const files = manifestFiles(report.uploaded);
  const localPaths = new Map(report.uploaded.map((u) => [u.item.file.relativePath, u.item.file.absolutePath]));
  let located: LocatedBaseline | undefined;
  const compared =
    baseline &&
    (await log.group('Compare with the baseline', async () => {
      located = await baseline();
      return writeComparison(inputs, deps, { located, compareDir: names.compareDir, files, localPath: (p) => localPaths.get(p), sign: links.sign });
    }));
  const sinceBase = located && compared && results.results ? resultsSinceBase(located, compared, results.results.failures) : undefined;
  const record = recordResults(results, arrived, inputs.context.workspace, sinceBase);
  // Pages and the manifest go last and list only what arrived, so they never claim more.
  const written = await log.group('Write index pages and manifest', async () => {
    const pages = await writePages({
      store,
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
      ...(record ? { results: record } : {}),
      ...(compared
        ? {
            comparison: comparisonSection(compared.outcome, { pageKey: joinKey(inputs.prefix, INDEX_NAME), prefix: inputs.prefix, rows: ROOT_PAGE_ROWS }),
            comparisonPages: compared.objects,
            comparisonRecord: manifestComparison(compared.outcome),
          }
        : {}),
    }).catch((error: unknown) => {
      throw new FatalStorageError(`writing the index pages failed: ${store.describe(error).message}`, false, report.uploaded.length);
    });
    log.info(`wrote ${pages.pages.length} index pages and ${names.manifestPath}`);
    return pages;
  });
  if (claimed.replacing) {
    const keep = new Set([...report.uploaded.map((u) => u.item.key), ...written.pages, written.manifestKey, ...(compared?.objects.map((x) => x.key) ?? [])]);
    const removed = await claimed.removeStale(keep).catch((error: unknown) => {
      throw new FatalStorageError(`removing the objects of the publication this one replaces failed: ${store.describe(error).message}`, false, report.uploaded.length);
    });
    log.info(`removed ${removed} objects of the publication this one replaced`);
  }

  // A report's own images are the report's, as in the root page's gallery.
  const reports = reportFolders(report.uploaded.map((u) => u.item.file.relativePath));
  const allImages = report.uploaded.filter((u) => /^image\/(png|jpeg|gif|webp)/.test(u.contentType) && u.item.originalOf === undefined && !inReport(u.item.file.relativePath, reports));
  const images = allImages.sort((a, b) => (a.item.file.relativePath < b.item.file.relativePath ? -1 : 1)).slice(0, THUMBNAILS);
  const thumbnails = await Promise.all(
    images.map(async (u) => ({ name: u.item.file.relativePath, url: links.sign ? await links.sign(u.item.key) : deps.store.publicUrl(u.item.key) })),
  );
  const link = (key: string): Promise<string> => (links.sign ? links.sign(key) : Promise.resolve(deps.store.publicUrl(key)));
  const comparison = compared && (await comparisonReport(compared, inputs.prefix, link, THUMBNAILS));
  const resultsOut = record && (await resultsReport(record, { prefix: inputs.prefix, rootUrl: links.rootUrl, link, publicUrl: links.sign ? undefined : (key) => store.publicUrl(key) }));
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
    entry: {
      manifest: written.manifestKey,
      files: report.uploaded.length,
      bytes: report.bytes,
      failures: failed.length,
      images: allImages.length,
      link: `${encodeURIComponent(inputs.prefix.split('/').pop() as string)}/${rootPage.split('/').map(encodeURIComponent).join('/')}`,
      ...(results.results && results.results.files.length > 0 ? { results: countsOf(results.results) } : {}),
    },
    withParents,
    rootKey: joinKey(inputs.prefix, rootPage),
    presigned: links.sign !== undefined,
    ...(links.expiresAt ? { linksExpireAt: links.expiresAt } : {}),
    ...(reachability ? { reachability } : {}),
    ...(comparison ? { comparison } : {}),
    ...(resultsOut ? { results: resultsOut } : {}),
  };
}

// The whole publication, stage by stage: find → plan → compress → claim, upload, pages and
// manifest (write-publication.ts), then retention (history/retention.ts). The store, logger and
// clock come in from the caller (the action, the CLI, tests), so every stage runs against real
// servers, or a fake store, in tests.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Inputs } from './config.js';
import { findFiles } from './files/find-files.js';
import { applyRetention, PruneError, retentionLines, retentionText } from './history/retention.js';
import { planUploads, type PublicationInfo } from './files/plan.js';
import { loadSharp } from './images/load-sharp.js';
import { prepareImages } from './images/prepare.js';
import { publicationNames } from './layout.js';
import type { PublishDeps, PublishResult } from './publication/types.js';
import { writePublication } from './publication/write-publication.js';
import { InputError } from './util/errors.js';
import { humanBytes } from './util/format.js';

export type { Logger, ProgressEvent, PublishDeps, PublishResult, StableLinks, SummaryEntry } from './publication/types.js';

/** Deletes the expired publications of the same history root; trouble is a warning, never a
 * failed publication. */
async function retention(inputs: Inputs, deps: PublishDeps, retentionSeconds: number): Promise<void> {
  const { log, store } = deps;
  await log.group('Apply retention', async () => {
    try {
      const report = await applyRetention({
        store,
        prefix: inputs.prefix,
        retentionSeconds,
        now: deps.now,
        acl: inputs.objects.acl,
        pages: inputs.parentIndexes && inputs.linkMode === 'public',
        log,
      });
      for (const line of retentionLines(report, retentionSeconds)) log.info(line);
    } catch (error) {
      log.warning(`could not delete the publications older than ${retentionText(retentionSeconds)} (the next run tries again): ${error instanceof PruneError ? error.message : store.describe(error).message}`);
    }
  });
}

export async function publish(inputs: Inputs, deps: PublishDeps): Promise<PublishResult> {
  const { log } = deps;
  const uploadedAt = deps.now();
  const empty: PublishResult = { url: '', prefix: inputs.prefix, files: 0, bytes: 0, failed: [], thumbnails: [], entries: [] };

  const found = await log.group('Find files', async () => {
    const result = await findFiles(inputs.patterns, { glob: deps.glob, includeHiddenFiles: inputs.includeHiddenFiles, workspace: inputs.context.workspace, maxFiles: inputs.maxFiles });
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
        // Only a logger that shows progress gets it: the action's log has no line per image.
        ...(log.progress ? { onProgress: (done: number, total: number, bytes: number) => log.progress?.({ stage: 'compress', done, total, bytes }) } : {}),
      });
      if (prepared.compressed > 0) log.info(`compressed ${prepared.compressed} images, ${humanBytes(prepared.savedBytes)} saved`);
      return prepared;
    });
    const result = await writePublication(inputs, deps, images.items, uploadedAt, names);
    // Never on a publication that failed in part: its run may be retried, and a prune that
    // fails then would hide the real failure.
    if (inputs.retentionSeconds !== undefined && result.files > 0 && result.failed.length === 0) await retention(inputs, deps, inputs.retentionSeconds);
    return result;
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}


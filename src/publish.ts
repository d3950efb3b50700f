// The whole publication, stage by stage: find → plan → compress → claim, upload, pages and
// manifest (write-publication.ts). The store, logger and clock come in from the caller (the
// action, the CLI, tests), so every stage runs against real servers, or a fake store, in tests.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { findFiles } from './files/find-files.js';
import { planUploads, type PublicationInfo } from './files/plan.js';
import { loadSharp, type SharpLoad } from './images/load-sharp.js';
import { prepareImages } from './images/prepare.js';
import type { SummaryEntry } from './github/summary.js';
import type { Inputs } from './inputs.js';
import { publicationNames } from './layout.js';
import type { FailedFile } from './report/model.js';
import type { Reachability } from './storage/reachability.js';
import type { ObjectStore } from './store/store.js';
import { InputError } from './util/errors.js';
import { humanBytes } from './util/format.js';
import { writePublication } from './write-publication.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface PublishDeps {
  store: ObjectStore;
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
    return await writePublication(inputs, deps, images.items, uploadedAt, names);
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}


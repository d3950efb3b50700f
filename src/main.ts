// The action: reads inputs, publishes, reports through outputs and the job summary, and turns
// any error into one clear failure line.
import * as core from '@actions/core';
import { create as createGlob } from '@actions/glob';
import { tmpdir } from 'node:os';
import { renderSummary } from './github/summary.js';
import type { CommentFacts } from './github/comment.js';
import { postComment } from './github/post-comment.js';
import { parseInputs, type Inputs } from './inputs.js';
import { publish, type Logger, type PublishResult } from './publish.js';
import { reachabilityNote } from './storage/reachability.js';
import { withoutCredentials } from './store/s3/urls.js';
import { createS3Store } from './store/s3/s3-store.js';
import { errorMessage, EXIT, FatalStorageError, InputError } from './util/errors.js';
import { humanBytes, humanTime } from './util/format.js';

const MAX_FAILURES_IN_MESSAGE = 20;

export const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  group: (name, fn) => core.group(name, fn),
};

/** Secrets the SDK reads from the environment, and credentials written into an endpoint URL,
 * are masked so that no log line (debug included) can show them. */
function maskSecrets(env: NodeJS.ProcessEnv): void {
  // The key id is masked too, as aws-actions/configure-aws-credentials does.
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GITHUB_TOKEN']) {
    const value = env[name];
    if (value) core.setSecret(value);
  }
  for (const raw of [core.getInput('endpoint'), env['AWS_ENDPOINT_URL_S3'], env['AWS_ENDPOINT_URL']]) {
    if (!raw) continue;
    try {
      const url = new URL(raw);
      if (url.password) core.setSecret(decodeURIComponent(url.password));
    } catch {
      // an invalid URL is reported by parseInputs
    }
  }
}

/** The comment's facts; the commit and run links are the run context's (src/context/). */
export function commentFacts(inputs: Inputs, result: PublishResult, linksExpire: string | undefined): Omit<CommentFacts, 'header'> {
  const c = inputs.context;
  return {
    testName: inputs.testName,
    url: result.url,
    files: result.files,
    bytes: humanBytes(result.bytes),
    failed: result.failed,
    thumbnails: result.thumbnails,
    commit: c.sha && c.commitUrl ? { short: c.sha.slice(0, 7), url: c.commitUrl } : undefined,
    run: c.runUrl ? { label: `#${c.runId}`, url: c.runUrl } : undefined,
    time: humanTime(new Date()),
    ...(linksExpire ? { linksExpire } : {}),
  };
}

export async function run(): Promise<void> {
  try {
    maskSecrets(process.env);
    const inputs = parseInputs((name) => core.getInput(name), process.env);
    if (inputs.github.token) core.setSecret(inputs.github.token);
    const shown = {
      ...inputs,
      endpoint: inputs.endpoint === undefined ? undefined : withoutCredentials(inputs.endpoint),
      github: { ...inputs.github, token: inputs.github.token ? '***' : '' },
    };
    core.debug(`inputs: ${JSON.stringify(shown)}`);
    const store = createS3Store(inputs);
    const tempRoot = process.env['RUNNER_TEMP'] || tmpdir();
    const result = await publish(inputs, { store, glob: createGlob, log: actionsLogger, now: () => new Date(), tempRoot });
    store.destroy();

    core.setOutput('url', result.url);
    core.setOutput('prefix', result.prefix);
    core.setOutput('files', String(result.files));
    core.setOutput('bytes', String(result.bytes));
    const reachability = result.reachability && reachabilityNote(result.reachability, inputs.publicBaseUrl);
    const browseRefused = reachability?.level === 'warning' && result.reachability?.outcome === 'refused' ? result.reachability.status : undefined;
    if (result.files > 0 || result.failed.length > 0) {
      const linksExpire = result.linksExpireAt ? humanTime(result.linksExpireAt) : undefined;
      if (inputs.github.summary) {
        await core.summary
          .addRaw(
            renderSummary({
              testName: inputs.testName,
              url: result.url,
              files: result.files,
              bytes: humanBytes(result.bytes),
              failed: result.failed,
              prefix: result.prefix,
              bucket: inputs.bucket,
              ...(linksExpire ? { linksExpire } : {}),
              ...(browseRefused !== undefined ? { browseRefused } : {}),
              entries: result.entries,
              thumbnails: result.thumbnails,
            }),
          )
          .write();
      }
      core.info(`browse the outputs: ${result.url}`);
      if (reachability?.level === 'warning') core.warning(reachability.message);
      else if (reachability) core.info(reachability.message);
      if (linksExpire) core.info(`the links are presigned and expire at ${linksExpire}`);
      const posted = await core.group('Comment on the pull request', () =>
        postComment(inputs.github, inputs.context, commentFacts(inputs, result, linksExpire), process.env, (m) => core.warning(m)),
      );
      if (posted.prNumber !== undefined) core.setOutput('pr-number', String(posted.prNumber));
      if (posted.comment) {
        core.setOutput('comment-id', String(posted.comment.id));
        core.setOutput('comment-url', posted.comment.url);
        core.info(`${posted.comment.created ? 'commented' : 'updated the comment'} on pull request #${posted.prNumber}: ${posted.comment.url}`);
      }
    }
    if (result.failed.length > 0) {
      const listed = result.failed.slice(0, MAX_FAILURES_IN_MESSAGE).map((f) => `  ${f.path}: ${f.reason}`);
      const more = result.failed.length > MAX_FAILURES_IN_MESSAGE ? [`  and ${result.failed.length - MAX_FAILURES_IN_MESSAGE} more`] : [];
      core.setFailed([`${result.failed.length} of ${result.failed.length + result.files} files failed to upload:`, ...listed, ...more].join('\n'));
    }
  } catch (error) {
    if (error instanceof InputError) {
      core.setFailed(error.message);
      process.exitCode = EXIT.config;
    } else if (error instanceof FatalStorageError) {
      core.setFailed(error.message);
      // Wrong configuration with nothing uploaded: say so in the status, so scripts can tell it
      // from trouble that running again may cure.
      if (error.config && error.uploadedBefore === 0) process.exitCode = EXIT.config;
    } else {
      core.debug(error instanceof Error && error.stack ? error.stack : String(error));
      core.setFailed(`unexpected error: ${errorMessage(error)}`);
    }
  }
}

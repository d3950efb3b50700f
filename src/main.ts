// The action: reads the inputs, settles the pull request (and its merge base), publishes, and reports the one
// publication report (github/report.ts) through outputs, the job summary and the comment; any
// error becomes one clear failure line.
import * as core from '@actions/core';
import { create as createGlob } from '@actions/glob';
import { tmpdir } from 'node:os';
import { changeFailure } from './compare/fail-on-change.js';
import { withMergeBase } from './github/merge-base.js';
import { postComment } from './github/post-comment.js';
import { resolvePullRequest } from './github/pull-request.js';
import { outputsOf, reportOf, type PublicationReport } from './github/report.js';
import { testFailure } from './results/fail-on-test-failure.js';
import { renderSummary } from './github/summary.js';
import { parseInputs, type Inputs } from './inputs.js';
import { publish, type Logger } from './publish.js';
import { withoutCredentials } from './store/s3/urls.js';
import { createS3Store } from './store/s3/s3-store.js';
import { errorMessage, EXIT, FatalStorageError, InputError } from './util/errors.js';

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

/** The inputs, secrets masked, with the pull request settled before anything is published. */
async function readInputs(): Promise<Inputs> {
  maskSecrets(process.env);
  const inputs = parseInputs((name) => core.getInput(name), process.env);
  if (inputs.github.token) core.setSecret(inputs.github.token);
  const shown = {
    ...inputs,
    endpoint: inputs.endpoint === undefined ? undefined : withoutCredentials(inputs.endpoint),
    github: { ...inputs.github, token: inputs.github.token ? '***' : '' },
  };
  core.debug(`inputs: ${JSON.stringify(shown)}`);
  const context = await resolvePullRequest(inputs.github, inputs.context, actionsLogger);
  // The core finds the baseline in the bucket alone: the merge base it looks for is asked here.
  return { ...inputs, context: inputs.compare.mode === 'auto' ? await withMergeBase(context, inputs.github.token, actionsLogger) : context };
}

/** Outputs, job summary, log lines and the PR comment, all from the one report. */
async function report(inputs: Inputs, r: PublicationReport): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(r))) core.setOutput(name, value);
  if (r.published) {
    if (inputs.github.summary) await core.summary.addRaw(renderSummary(r)).write();
    core.info(`browse the outputs: ${r.url}`);
    if (r.reachability?.level === 'warning') core.warning(r.reachability.message);
    else if (r.reachability) core.info(r.reachability.message);
    if (r.linksExpire) core.info(`the links are presigned and expire at ${r.linksExpire}`);
    const posted = await core.group('Comment on the pull request', () => postComment(inputs.github, inputs.context, r, (m) => core.warning(m)));
    if (posted.comment) {
      core.setOutput('comment-id', String(posted.comment.id));
      core.setOutput('comment-url', posted.comment.url);
      core.info(`${posted.comment.created ? 'commented' : 'updated the comment'} on pull request #${posted.prNumber}: ${posted.comment.url}`);
    }
  }
  if (inputs.failOnChange) {
    const failure = changeFailure(r.comparison);
    if (failure !== undefined) core.setFailed(failure);
    else if (r.comparison?.outcome === 'no-baseline') core.warning(`fail-on-change: nothing was checked: ${r.comparison.reason ?? 'no baseline'}`);
  }
  if (inputs.failOnTestFailure) {
    const failure = testFailure(r.results && r.results.reports.length > 0 ? r.results : undefined);
    if (failure !== undefined) core.setFailed(failure);
  }
  if (r.failed.length > 0) {
    const listed = r.failed.slice(0, MAX_FAILURES_IN_MESSAGE).map((f) => `  ${f.path}: ${f.reason}`);
    const more = r.failed.length > MAX_FAILURES_IN_MESSAGE ? [`  and ${r.failed.length - MAX_FAILURES_IN_MESSAGE} more`] : [];
    core.setFailed([`${r.failed.length} of ${r.failed.length + r.files} files failed to upload:`, ...listed, ...more].join('\n'));
  }
}

/** Parse, build the dependencies, publish, report. */
export async function run(): Promise<void> {
  try {
    const inputs = await readInputs();
    const store = createS3Store(inputs);
    const tempRoot = process.env['RUNNER_TEMP'] || tmpdir();
    const result = await publish(inputs, { store, glob: createGlob, log: actionsLogger, now: () => new Date(), tempRoot });
    store.destroy();
    await report(inputs, reportOf(inputs, result, new Date()));
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

// The command line: flags (and PTO_* variables) → the action's inputs, the run context from the
// CI or git, then the same publish() as the action, reported on the terminal or as JSON. The
// PR comment only when asked; never a job summary.
import { changeFailure } from '../compare/fail-on-change.js';
import { testFailure } from '../results/fail-on-test-failure.js';
import { tmpdir } from 'node:os';
import { readRunContext } from '../context/index.js';
import { withMergeBase } from '../github/merge-base.js';
import { postComment } from '../github/post-comment.js';
import { withPullRequest } from '../github/pull-request.js';
import { reportOf } from '../github/report.js';
import { parseInputs, type Inputs } from '../inputs.js';
import { publish, type PublishResult } from '../publish.js';
import { create as createGlob } from '@actions/glob';
import { createS3Store } from '../store/s3/s3-store.js';
import type { ObjectStore } from '../store/store.js';
import { errorMessage, EXIT, FatalStorageError, InputError } from '../util/errors.js';
import { ACTION_INPUTS, type ActionInput } from './action-inputs.js';
import { planPublication } from './dry-run.js';
import { asFlagMessage, getInputFrom, helpText, parseFlags } from './flags.js';
import { CliLogger, planLines, resultLines, type Stream } from './output.js';

export interface CliIo {
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now?: () => Date;
  /** action.yml's inputs; the table inlined at build time by default. */
  inputs?: readonly ActionInput[];
}

/** The one place the command line makes its S3 client (credentials: the AWS default chain). */
function storeFor(inputs: Inputs): ObjectStore {
  return createS3Store(inputs);
}

function checkComment(inputs: Inputs): void {
  if (inputs.github.comment === 'off') return;
  if (!inputs.github.token) throw new InputError('`--comment` needs a token: set --github-token (or GITHUB_TOKEN) to a token that may comment on the pull request');
  if (inputs.github.prNumber === undefined) throw new InputError('`--comment` needs the pull request: set --pr-number');
}

async function report(result: PublishResult, inputs: Inputs, io: CliIo, log: CliLogger, json: boolean): Promise<number> {
  // The same facts as the action reports (github/report.ts).
  const r = reportOf(inputs, result, (io.now ?? (() => new Date()))());
  if (r.reachability?.level === 'warning') log.warning(r.reachability.message);
  else if (r.reachability) log.info(r.reachability.message);
  if (r.linksExpire) log.info(`the links are presigned and expire at ${r.linksExpire}`);
  if (r.published && inputs.github.comment !== 'off') {
    const posted = await postComment(inputs.github, inputs.context, r, (m) => log.warning(m));
    if (posted.comment) log.info(`${posted.comment.created ? 'commented' : 'updated the comment'} on pull request #${posted.prNumber}: ${posted.comment.url}`);
  }
  for (const f of result.failed) log.line(`  failed: ${f.path}: ${f.reason}`);
  if (json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(resultLines(result, inputs.bucket).map((l) => `${l}\n`).join(''));
  if (result.failed.length > 0) return EXIT.failed;
  let status: number = EXIT.ok;
  if (inputs.failOnTestFailure) {
    const failure = testFailure(result.results && result.results.reports.length > 0 ? result.results : undefined);
    if (failure !== undefined) {
      log.line(`error: ${failure}`);
      status = EXIT.testsFailed;
    }
  }
  if (inputs.failOnChange) {
    const failure = changeFailure(result.comparison);
    if (failure !== undefined) {
      log.line(`error: ${failure}`);
      if (status === EXIT.ok) status = EXIT.changed;
    }
    if (result.comparison?.outcome === 'no-baseline') log.warning(`fail-on-change: nothing was checked: ${result.comparison.reason ?? 'no baseline'}`);
  }
  return status;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const table = io.inputs ?? ACTION_INPUTS;
  const now = io.now ?? (() => new Date());
  let log = new CliLogger(io.stderr, { verbose: false });
  try {
    const flags = parseFlags(argv, io.env, table);
    if (flags.help) {
      io.stdout.write(helpText(table));
      return EXIT.ok;
    }
    log = new CliLogger(io.stderr, { verbose: flags.verbose });
    const started = now();
    const context = readRunContext({ env: io.env, now: started, cwd: io.cwd, overrides: flags.context });
    const parsed = parseInputs(getInputFrom(flags), io.env, started, context);
    checkComment(parsed);
    // --pr-number names the pull request for the whole publication, as the action's input does.
    const inputs: Inputs = { ...parsed, context: withPullRequest(parsed.context, parsed.github.prNumber === undefined ? undefined : { number: parsed.github.prNumber }) };
    log.debug(`run context: ${JSON.stringify(inputs.context)}`);
    if (flags.dryRun) {
      const plan = await planPublication(inputs, started, createGlob);
      if (plan.files.length === 0) {
        // As publish() would answer: the same if-no-files-found rule.
        const message = `no files were found with the provided path: ${inputs.patterns.join(', ')}`;
        if (inputs.ifNoFilesFound === 'error') throw new InputError(`${message} (if-no-files-found: error)`);
        if (inputs.ifNoFilesFound === 'warn') log.warning(message);
      }
      io.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : planLines(plan).map((l) => `${l}\n`).join(''));
      return EXIT.ok;
    }
    // In GitHub Actions with a token, as the action: the merge base the baseline is looked for at.
    const settled: Inputs = inputs.compare.mode === 'auto' ? { ...inputs, context: await withMergeBase(inputs.context, inputs.github.token, log) } : inputs;
    const store = storeFor(settled);
    try {
      const result = await publish(settled, { store, glob: createGlob, log, now, tempRoot: tmpdir() });
      return await report(result, settled, io, log, flags.json);
    } finally {
      store.destroy();
    }
  } catch (error) {
    if (error instanceof InputError) {
      log.line(`error: ${asFlagMessage(error.message, table)}`);
      return EXIT.config;
    }
    if (error instanceof FatalStorageError) {
      log.line(`error: ${error.message}`);
      // As the action: wrong configuration with nothing uploaded is told apart from trouble that
      // running again may cure.
      return error.config && error.uploadedBefore === 0 ? EXIT.config : EXIT.failed;
    }
    log.debug(error instanceof Error && error.stack ? error.stack : String(error));
    log.line(`error: unexpected error: ${errorMessage(error)}`);
    return EXIT.failed;
  }
}

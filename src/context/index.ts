// The run context of the command line: read once from the CI it runs in (the first reader whose
// marker variable is set), else from git, then overridden by --commit, --branch, --run-id and
// --repository. Paths are the terminal's: the workspace is always the working directory.
import type { RunContext } from '../config.js';
import { InputError } from '../util/errors.js';
import { buildkite } from './buildkite.js';
import { circleci } from './circleci.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { jenkins } from './jenkins.js';
import { gitFacts, readLocalContext, runGit, type Git } from './local.js';
import type { CiReader, Env, ReadContext } from './shared.js';

export const CI_READERS: readonly CiReader[] = [github, gitlab, jenkins, buildkite, circleci];

export interface ContextOverrides {
  commit?: string | undefined;
  branch?: string | undefined;
  runId?: string | undefined;
  repository?: string | undefined;
}

export interface ReadOptions {
  env: Env;
  now: Date;
  cwd: string;
  overrides?: ContextOverrides;
  git?: Git;
}

function oneLine(flag: string, raw: string, what: string): string {
  const v = raw.trim();
  if (v === '' || v.length > 200 || /[\u0000-\u001f\u007f]/.test(v)) throw new InputError(`\`--${flag}\` is '${raw}': give ${what}, one line of at most 200 characters`);
  return v;
}

/** `c` without the links that no longer describe it. */
function without(c: RunContext, ...links: ('commitUrl' | 'runUrl' | 'runLabel' | 'jobUrl')[]): RunContext {
  const copy = { ...c };
  for (const link of links) delete copy[link];
  return copy;
}

function withOverrides(read: ReadContext, o: ContextOverrides): RunContext {
  let c: RunContext = { ...read.context };
  if (o.commit !== undefined) {
    const sha = o.commit.trim();
    if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw new InputError(`\`--commit\` is '${o.commit}': give a commit hash (7 to 40 hexadecimal digits)`);
    if (sha !== c.sha) c = { ...without(c, 'commitUrl'), sha, ...(read.commitUrlFor ? { commitUrl: read.commitUrlFor(sha) } : {}) };
  }
  if (o.branch !== undefined) {
    const branch = oneLine('branch', o.branch, 'a branch name');
    c = { ...c, branch, ref: `refs/heads/${branch}` };
  }
  if (o.runId !== undefined) {
    const runId = oneLine('run-id', o.runId, 'a run id');
    // The CI's links are to its own run, not to the one named.
    if (runId !== c.runId) c = { ...without(c, 'runUrl', 'runLabel', 'jobUrl'), runId };
  }
  if (o.repository !== undefined) c = { ...c, repository: oneLine('repository', o.repository, 'the repository as owner/name') };
  return c;
}

export function readRunContext(o: ReadOptions): RunContext {
  const git = o.git ?? runGit;
  const reader = CI_READERS.find((r) => r.detect(o.env));
  const read: ReadContext = reader ? reader.read(o.env, o.now) : { context: readLocalContext(o.cwd, o.now, git) };
  let context: RunContext = { ...read.context, workspace: o.cwd };
  // A CI job that does not say which commit it built (Jenkins without the Git plugin) still
  // has the checkout.
  if (reader && context.sha === '' && o.overrides?.commit === undefined) {
    const facts = gitFacts(git, o.cwd);
    if (facts.sha) context = { ...context, sha: facts.sha, ...(read.commitUrlFor ? { commitUrl: read.commitUrlFor(facts.sha) } : {}) };
  }
  return withOverrides({ ...read, context }, o.overrides ?? {});
}

// The run context of a plain terminal: the commit and branch from git, when the directory is
// in a repository, and a run named by the time (`local-<UTC stamp>`), with no links.
import { execFileSync } from 'node:child_process';
import type { RunContext } from '../config.js';
import { compact, localRepository, localRunId, refOf } from './shared.js';

/** Runs `git <args>` in `cwd`; its trimmed output, or undefined when git fails or is missing. */
export type Git = (args: string[], cwd: string) => string | undefined;

export const runGit: Git = (args, cwd) => {
  try {
    const out = execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
};

export interface GitFacts {
  sha: string | undefined;
  branch: string | undefined;
  toplevel: string | undefined;
}

export function gitFacts(git: Git, cwd: string): GitFacts {
  const sha = git(['rev-parse', '--verify', '--quiet', 'HEAD'], cwd);
  // A detached HEAD has no branch: `--abbrev-ref` answers `HEAD` then.
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd);
  return { sha, branch: branch === 'HEAD' ? undefined : branch, toplevel: git(['rev-parse', '--show-toplevel'], cwd) };
}

export function readLocalContext(cwd: string, now: Date, git: Git): RunContext {
  const facts = gitFacts(git, cwd);
  return compact({
    ci: 'local',
    repository: localRepository(facts.toplevel ?? cwd),
    sha: facts.sha ?? '',
    ref: refOf(facts.branch),
    branch: facts.branch,
    runId: localRunId(now),
    runAttempt: '1',
    workflow: '',
    job: '',
    serverUrl: '',
    workspace: cwd,
    commitUrl: undefined,
    runUrl: undefined,
    runLabel: undefined,
    jobUrl: undefined,
  });
}

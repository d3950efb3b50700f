// The three runs of the history's acceptance test (issue 14, acceptance 1) published into one
// repository with the built action: a push to `main` (tests unit and e2e), then two runs of
// pull request 17 from `feature/x` (test unit), each with its own run id, number and commit.
// The pull request's number and title come from the event file, as on a runner.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runAction, type ActionRun } from '../../scripts/run-action.mjs';

export interface HistoryRun {
  runId: string;
  runNumber: string;
  sha: string;
  branch: string;
  pr?: { number: number; title: string };
  tests: string[];
}

export const HISTORY_RUNS: HistoryRun[] = [
  { runId: '7001', runNumber: '5', sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', branch: 'main', tests: ['unit', 'e2e'] },
  { runId: '7002', runNumber: '6', sha: 'b2c3d4e5f60718293a4b5c6d7e8f901234567890', branch: 'feature/x', pr: { number: 17, title: 'Add the loss plots' }, tests: ['unit'] },
  { runId: '7003', runNumber: '7', sha: 'c3d4e5f60718293a4b5c6d7e8f90123456789012', branch: 'feature/x', pr: { number: 17, title: 'Add the loss plots (take 2)' }, tests: ['unit'] },
];

/** The GITHUB_* variables of `run` (with its event file written under `dir`). */
export async function historyEnv(run: HistoryRun, dir: string): Promise<Record<string, string | undefined>> {
  const common = { GITHUB_RUN_ID: run.runId, GITHUB_RUN_NUMBER: run.runNumber, GITHUB_RUN_ATTEMPT: '1', GITHUB_SHA: run.sha };
  if (!run.pr) {
    return { ...common, GITHUB_EVENT_NAME: 'push', GITHUB_REF: `refs/heads/${run.branch}`, GITHUB_REF_NAME: run.branch, GITHUB_REF_TYPE: 'branch', GITHUB_HEAD_REF: undefined, GITHUB_BASE_REF: undefined, GITHUB_EVENT_PATH: undefined };
  }
  const event = path.join(dir, `event-${run.runId}.json`);
  await mkdir(dir, { recursive: true });
  await writeFile(event, JSON.stringify({ pull_request: { number: run.pr.number, title: run.pr.title, html_url: `https://github.com/octo-org/octo-repo/pull/${run.pr.number}` } }));
  return { ...common, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: `refs/pull/${run.pr.number}/merge`, GITHUB_REF_NAME: `${run.pr.number}/merge`, GITHUB_HEAD_REF: run.branch, GITHUB_BASE_REF: 'main', GITHUB_EVENT_PATH: event };
}

/** Publishes every test of every run, in order; the action's runs. */
export async function publishHistory(o: { cwd: string; outputs: string; bucket: string; env: Record<string, string>; inputs?: Record<string, string> }): Promise<ActionRun[]> {
  const done: ActionRun[] = [];
  for (const run of HISTORY_RUNS) {
    const env = { ...o.env, ...(await historyEnv(run, path.join(o.cwd, '.events'))) };
    for (const test of run.tests) {
      const result = await runAction({ cwd: o.cwd, inputs: { bucket: o.bucket, path: o.outputs, 'test-name': test, ...o.inputs }, env });
      if (result.code !== 0) throw new Error(`publishing ${run.runId}/${test} failed:\n${result.stdout}\n${result.stderr}`);
      done.push(result);
    }
  }
  return done;
}

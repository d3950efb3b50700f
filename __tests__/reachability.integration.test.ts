// After a public publication the action opens the browse URL once without credentials, as a
// reviewer would. In front of the S3 server a proxy refuses every request that carries no
// signature (no Authorization header, no X-Amz-Signature), as a private bucket does: the step
// stays green, and the log and the job summary say that the link will not open, and why.
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { forward } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let workspace: string;
let proxy: Server;
let proxyEndpoint: string;
const anonymous: string[] = [];

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-reach-'));
  await mkdir(path.join(workspace, 'out'), { recursive: true });
  await writeFile(path.join(workspace, 'out', 'result.txt'), 'ok\n');
  const upstream = new URL(target.endpoint);
  proxy = createServer((req, res) => {
    const signed = req.headers['authorization'] !== undefined || /[?&]X-Amz-Signature=/.test(req.url ?? '');
    if (signed) return forward(req, res, upstream);
    anonymous.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyEndpoint = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
}, 60_000);

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

const warnings = (stdout: string): string[] => stdout.split('\n').filter((l) => l.startsWith('::warning::'));

describe('the browse URL is checked once without credentials after a public publication', () => {
  it('a bucket browsers cannot read: a warning with the cause and the fixes, a line in the summary, exit 0', async () => {
    const bucket = await target.createBucket();
    anonymous.length = 0;
    const run = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'private' }, env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxyEndpoint } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs['url']).toBe(`${proxyEndpoint}/${bucket}/octo-org/octo-repo/1658821493-1/private/index.html`);
    expect(anonymous).toEqual([`GET /${bucket}/octo-org/octo-repo/1658821493-1/private/index.html`]);
    expect(warnings(run.stdout)).toEqual([
      '::warning::the browse URL answered 403 to a request without credentials: the bucket does not let browsers read it, so the links in the summary and the comment will not open; publish with link-mode: presigned, serve the bucket through a CDN or website endpoint that can read it and set public-base-url, or allow s3:GetObject on the prefix to everyone in a bucket policy (see the README, "Who can open the links")',
    ]);
    expect(run.summary).toContain('<p>⚠️ This link answered <strong>HTTP 403</strong> to a browser without credentials: reviewers cannot open it.');
  });

  it('a bucket browsers can read: no warning, nothing in the summary', async () => {
    const bucket = await target.createBucket();
    const run = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'public' }, env: target.env() });
    expect(run.code, run.stdout).toBe(0);
    expect(warnings(run.stdout)).toEqual([]);
    expect(run.summary).toContain('Browse the outputs');
    expect(run.summary).not.toContain('answered');
  });

  it('link-mode presigned: no anonymous request, no warning (the links carry their signature)', async () => {
    const bucket = await target.createBucket({ private: true });
    anonymous.length = 0;
    const run = await runAction({
      cwd: workspace,
      inputs: { bucket, path: 'out', 'test-name': 'signed', 'link-mode': 'presigned' },
      env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxyEndpoint },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(anonymous).toEqual([]);
    expect(warnings(run.stdout)).toEqual([]);
  });
});

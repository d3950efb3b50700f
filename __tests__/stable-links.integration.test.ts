// Stable links through the built action against a real S3 server (the embedded s3rver, which
// ignores conditional writes, or Ceph RGW, which enforces them): a push to main and two runs of
// PR 17 from feature/x into one repository; `latest` of main opens the push's publication and
// the PR's link the second PR run's, followed as a reader would, by plain HTTP GETs from the
// redirect page; and an older publication whose link write a real HTTP proxy holds until a newer
// one has finished never moves a link back.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../scripts/run-action.mjs';
import { keySegment } from '../src/files/keys.js';
import { STABLE_LINK_GENERATED, STABLE_LINK_TARGET } from '../src/layout.js';
import { forward, startProxy } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let root: string;
let bucket: string;
beforeAll(async () => {
  target = await s3Target();
  root = await mkdtemp(path.join(tmpdir(), 'pto-stable-'));
  bucket = await target.createBucket();
});
afterAll(async () => {
  await target.close();
  await rm(root, { recursive: true, force: true });
});

const REPO = 'octo-org/octo-repo';
const LATEST_MAIN = `${REPO}/latest/main/unit/index.html`;
const LATEST_X = `${REPO}/latest/${keySegment('feature/x')}/unit/index.html`;
const PR_17 = `${REPO}/pr/17/unit/index.html`;

/** One run of the workflow: a push to main, or a pull_request run of PR 17 from feature/x. */
async function publish(runId: string, event: 'push' | 'pr', endpoint = target.endpoint): Promise<ActionRun> {
  const ws = path.join(root, `ws-${runId}`);
  await mkdir(path.join(ws, 'out'), { recursive: true });
  await writeFile(path.join(ws, 'out', 'result.txt'), `run ${runId}\n`);
  const payload = event === 'pr' ? { pull_request: { number: 17, title: 'Faster pages', html_url: `https://github.com/${REPO}/pull/17`, head: { sha: 'b'.repeat(40) } } } : {};
  await writeFile(path.join(ws, 'event.json'), JSON.stringify(payload));
  const env = {
    ...target.env(),
    AWS_ENDPOINT_URL_S3: endpoint,
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_NUMBER: String(Number(runId) - 1000),
    GITHUB_EVENT_PATH: path.join(ws, 'event.json'),
    ...(event === 'pr'
      ? { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature/x', GITHUB_REF: 'refs/pull/17/merge', GITHUB_REF_NAME: '17/merge' }
      : { GITHUB_EVENT_NAME: 'push', GITHUB_HEAD_REF: '', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' }),
  };
  const run = await runAction({ cwd: ws, inputs: { bucket, path: 'out', 'test-name': 'unit', comment: 'off' }, env });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return run;
}

async function getText(key: string): Promise<string> {
  const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return got.Body!.transformToString();
}

const publicUrl = (key: string): string => `${target.endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/** Opens a stable link as a reader without a browser does: GET the page, follow its plain link
 * (the same URL as its meta refresh), GET that. */
async function follow(url: string): Promise<{ url: string; body: string }> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('cache-control')).toBe('no-cache');
  const html = await page.text();
  const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(html)?.[1];
  const link = /<a href="([^"]+)">/.exec(html)?.[1];
  expect(refresh).toBeDefined();
  expect(link).toBe(refresh);
  expect(link!.startsWith('../')).toBe(true);
  const next = new URL(link!.replace(/&amp;/g, '&'), url).toString();
  const res = await fetch(next);
  expect(res.status).toBe(200);
  return { url: next, body: await res.text() };
}

async function leadsTo(linkKey: string, runId: string): Promise<void> {
  const prefix = `${REPO}/${runId}-1/unit`;
  const opened = await follow(publicUrl(linkKey));
  expect(opened.url).toBe(publicUrl(`${prefix}/index.html`));
  expect(opened.body).toBe(await getText(`${prefix}/index.html`));
  const head = await target.client.send(new HeadObjectCommand({ Bucket: bucket, Key: linkKey }));
  expect(head.Metadata).toMatchObject({ generated: STABLE_LINK_GENERATED, [STABLE_LINK_TARGET]: encodeURIComponent(prefix) });
}

/** A real HTTP proxy that holds the first request to each path `hold` picks, until `release()`;
 * `held` resolves once `count` are held. */
async function holdingProxy(upstream: string, hold: (req: IncomingMessage) => boolean, count: number) {
  const to = new URL(upstream);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const seen = new Set<string>();
  let onHeld!: (what: string[]) => void;
  const held = new Promise<string[]>((resolve) => (onHeld = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const where = (req.url ?? '').split('?')[0]!;
    if (seen.size < count && !seen.has(where) && hold(req)) {
      seen.add(where);
      if (seen.size === count) onHeld([...seen].map((p) => `${req.method} ${decodeURIComponent(p)}`));
      req.pause();
      void released.then(() => forward(req, res, to));
      return;
    }
    forward(req, res, to);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { endpoint: `http://127.0.0.1:${port}`, held, release, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe(`stable links on ${process.env['PTO_S3_ENDPOINT'] ? 'RGW' : 'the embedded S3 server'}`, () => {
  it('latest of main opens the push\'s publication; the PR\'s link opens the second PR run\'s; the outputs name them', async () => {
    const push = await publish('1000', 'push');
    const pr1 = await publish('1001', 'pr');
    // Counted through a recording proxy: what the links cost one publication.
    const recorder = await startProxy(target.endpoint);
    const pr2 = await publish('1002', 'pr', recorder.endpoint);
    await recorder.close();
    const linkRequests = recorder.requests.filter((r) => /\/(latest|pr)\//.test(decodeURIComponent(r)));
    console.log(`stable links of one publication (2 links): ${linkRequests.length} requests: ${linkRequests.map((r) => r.split('?')[0]!.split(' ')[0]).join(' ')}`);
    expect(linkRequests.length).toBeLessThanOrEqual(2 * 10);

    expect(push.outputs['latest-url']).toBe(publicUrl(LATEST_MAIN));
    expect(push.outputs['pr-url']).toBeUndefined();
    expect(pr1.outputs['pr-url']).toBe(publicUrl(PR_17));
    expect(pr1.outputs['latest-url']).toBe(publicUrl(LATEST_X));
    expect(pr2.summary).toContain(`href="${recorder.endpoint}/${bucket}/${PR_17}"`);

    await leadsTo(LATEST_MAIN, '1000');
    await leadsTo(PR_17, '1002');
    await leadsTo(LATEST_X, '1002');

    // The first PR run's root page: its links into the history reach the newest run and the
    // repository page, filtered on the PR.
    const rootUrl = publicUrl(`${REPO}/1001-1/unit/index.html`);
    const rootPage = await (await fetch(rootUrl)).text();
    expect(rootPage).toContain('<a href="https:&#x2F;&#x2F;github.com&#x2F;octo-org&#x2F;octo-repo&#x2F;pull&#x2F;17">#17 Faster pages</a>');
    const latestHref = /<a href="([^"]+)">latest on this branch<\/a>/.exec(rootPage)?.[1]?.replace(/&#x2F;/g, '/');
    expect(new URL(latestHref!, rootUrl).toString()).toBe(publicUrl(LATEST_X));
    const runsHref = /<a href="([^"]+)">all runs of this PR<\/a>/.exec(rootPage)?.[1]?.replace(/&#x2F;/g, '/').replace(/&#x3D;/g, '=');
    const runs = await fetch(new URL(runsHref!, rootUrl));
    expect(runs.url).toBe(`${publicUrl(`${REPO}/index.html`)}?pr=17`);
    expect(runs.status).toBe(200);
    expect(await runs.text()).toBe(await getText(`${REPO}/index.html`));
  });

  it('an older publication that finishes last, its link write held by a proxy until a newer one is done, moves no link back', async () => {
    // Both link pages' first PUTs are held: the older has read the links and decided to write.
    const page = /\/(latest\/[^/]+|pr\/17)\/unit\/index\.html$/;
    const proxy = await holdingProxy(target.endpoint, (req) => req.method === 'PUT' && page.test(decodeURIComponent(req.url ?? '').split('?')[0]!), 2);
    const finished: string[] = [];
    const older = publish('1003', 'pr', proxy.endpoint).then((run) => (finished.push('older'), run));
    const held = await proxy.held;
    const newer = await publish('1004', 'pr');
    finished.push('newer');
    proxy.release();
    const late = await older;
    await proxy.close();

    expect(held).toHaveLength(2);
    expect(finished).toEqual(['newer', 'older']);
    expect(late.stdout).toContain(`a newer publication stands at ${LATEST_X}, left to it`);
    expect(late.stdout).toContain(`a newer publication stands at ${PR_17}, left to it`);
    expect(newer.stdout).toContain(`${PR_17} leads to this publication`);
    await leadsTo(LATEST_X, '1004');
    await leadsTo(PR_17, '1004');
    await leadsTo(LATEST_MAIN, '1000');
  });
});

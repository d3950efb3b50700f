// Secrets never reach the logs, even with step debug on; ACL, storage class and tags reach
// S3 as asked, and nothing is sent when they are not asked for.
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { startGithubApi } from './helpers/github-api.js';
import { freePort, startProxy } from './helpers/proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

let target: S3Target;
let workspace: string;

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-security-'));
  await mkdir(path.join(workspace, 'out/sub'), { recursive: true });
  await writeFile(path.join(workspace, 'out/a.txt'), 'a\n');
  await writeFile(path.join(workspace, 'out/sub/b.txt'), 'b\n');
  await writeFile(path.join(workspace, 'event.json'), JSON.stringify({ pull_request: { number: 4 } }));
});
afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('secrets', () => {
  it('never appear in the output of a debug run, success or failure, except in the mask commands', async () => {
    const bucket = await target.createBucket();
    const api = await startGithubApi();
    const githubToken = 'ghs_SECRETgithubTOKEN0123456789';
    const sessionToken = 'FwoGZXIvYXdzSESSIONtoken0123456789';
    const endpointPassword = 'endpointPASSWORD0123456789';
    const scan = (output: string, secrets: string[]) => {
      const visible = output.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
      for (const secret of secrets) expect(visible, `the output shows ${secret.slice(0, 6)}…`).not.toContain(secret);
    };
    try {
      // A successful run with a PR comment (the GitHub token is used) and step debug on.
      const ok = await runAction({
        cwd: workspace,
        inputs: { bucket, path: 'out', 'test-name': 'secrets', 'github-token': githubToken },
        env: { ...target.env(), ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1', GITHUB_EVENT_PATH: path.join(workspace, 'event.json'), GITHUB_API_URL: api.url },
      });
      expect(ok.code, ok.stdout).toBe(0);
      expect(ok.stdout).toContain('::debug::');
      expect(api.comments.get(4)).toHaveLength(1);
      for (const secret of [target.secretAccessKey, githubToken]) expect(ok.stdout).toContain(`::add-mask::${secret}`);
      scan(ok.stdout + ok.stderr, [target.secretAccessKey, githubToken]);

      // Failing runs: credentials in the endpoint URL, a session token, an unreachable server.
      const port = await freePort();
      const failed = await runAction({
        cwd: workspace,
        inputs: { bucket, path: 'out', 'test-name': 'secrets', endpoint: `http://user:${endpointPassword}@127.0.0.1:${port}` },
        env: { ...target.env(), AWS_SESSION_TOKEN: sessionToken, ACTIONS_STEP_DEBUG: 'true' },
      });
      expect(failed.code).not.toBe(0);
      for (const secret of [endpointPassword, sessionToken, target.secretAccessKey]) expect(failed.stdout).toContain(`::add-mask::${secret}`);
      scan(failed.stdout + failed.stderr, [endpointPassword, sessionToken, target.secretAccessKey]);
    } finally {
      await api.close();
    }
  }, 60_000);
});

describe('object settings', () => {
  it('send ACL, storage class and tags as asked (storage class on files only), and nothing by default', async () => {
    const bucket = await target.createBucket();
    const proxy = await startProxy(target.endpoint);
    try {
      const plain = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'plain', prefix: 'plain' }, env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxy.endpoint } });
      expect(plain.code).toBe(0);
      const puts = proxy.exchanges.filter((e) => e.method === 'PUT');
      expect(puts.length).toBeGreaterThan(3);
      expect(puts.filter((e) => e.headers['x-amz-acl'] || e.headers['x-amz-storage-class'] || e.headers['x-amz-tagging'])).toEqual([]);

      proxy.exchanges.length = 0;
      const run = await runAction({
        cwd: workspace,
        inputs: { bucket, path: 'out', 'test-name': 'tagged', prefix: 'tagged', acl: 'bucket-owner-full-control', 'storage-class': 'STANDARD', tags: 'retention=30d\nsuite=unit tests' },
        env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxy.endpoint },
      });
      expect(run.code, run.stdout).toBe(0);
      const byKey = (key: string) => proxy.exchanges.find((e) => e.method === 'PUT' && new URL(e.url, 'http://x').pathname.endsWith(key))!;
      for (const key of ['/tagged/a.txt', '/tagged/sub/b.txt']) {
        expect(byKey(key).headers).toMatchObject({ 'x-amz-acl': 'bucket-owner-full-control', 'x-amz-storage-class': 'STANDARD', 'x-amz-tagging': 'retention=30d&suite=unit%20tests' });
      }
      for (const key of ['/tagged/index.html', '/tagged/manifest.json']) {
        expect(byKey(key).headers).toMatchObject({ 'x-amz-acl': 'bucket-owner-full-control', 'x-amz-tagging': 'retention=30d&suite=unit%20tests' });
        expect(byKey(key).headers['x-amz-storage-class']).toBeUndefined();
      }
      if (target.kind === 'external') {
        const tags = await target.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged/a.txt' }));
        expect(tags.TagSet).toEqual([{ Key: 'retention', Value: '30d' }, { Key: 'suite', Value: 'unit tests' }]);
      }
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

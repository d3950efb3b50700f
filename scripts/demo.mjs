// @ts-check
// `npm run demo`: publishes the sample outputs in __fixtures__/outputs with the built action
// (dist/index.js, run as the runner runs it, on a pull request) to an embedded S3 server on
// loopback, and shows what a reviewer meets: the pages, the job summary and the pull-request
// comment. A local server shaped like GitHub's REST API (scripts/github-api.mjs) receives the
// comment the action really posts; the summary is the real GITHUB_STEP_SUMMARY file. Both are
// rendered from GitHub-flavoured Markdown to HTML (scripts/github-markdown.mjs) and stored as
// pages on the same server, in a bucket of their own (DEMO_PAGES_BUCKET below). The action's log is
// printed as a person reads it (scripts/workflow-log.mjs), then the three URLs; the demo keeps
// serving until Ctrl-C. `npm run demo -- --once` exits after printing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ACTIONS_TOKEN, startGithubApi } from './github-api.mjs';
import { markdownPage } from './github-markdown.mjs';
import { startLocalS3 } from './local-s3.mjs';
import { MAIN_SHA, publishBaseline } from './demo-baseline.mjs';
import { githubEnv, publishSamples } from './run-action.mjs';
import { humanLog } from './workflow-log.mjs';

const once = process.argv.includes('--once');
const bucket = 'test-outputs';
// The summary and comment pages live in a bucket the action never writes to: nothing there can
// hide a user's file, no listing or manifest of the publication shows them, and their keys can
// mirror where GitHub shows the two (…/pull/42, …/actions/runs/<id>/attempts/<n>).
const DEMO_PAGES_BUCKET = 'github-demo';
const port = Number(process.env.DEMO_PORT ?? 4568);
const PULL_NUMBER = 42;

/** @type {import('./local-s3.mjs').LocalS3} */
let server;
try {
  server = await startLocalS3({ port, buckets: [bucket, DEMO_PAGES_BUCKET] });
} catch (error) {
  if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE') throw error;
  console.error(`port ${port} is busy; using a free one (set DEMO_PORT to choose)`);
  server = await startLocalS3({ port: 0, buckets: [bucket, DEMO_PAGES_BUCKET] });
}
console.log(`embedded S3 server at ${server.endpoint} (bucket ${bucket})`);
const github = await startGithubApi();
const eventDir = await mkdtemp(path.join(tmpdir(), 'pto-demo-event-'));
const env = githubEnv();
const eventPath = path.join(eventDir, 'event.json');
await writeFile(
  eventPath,
  JSON.stringify({
    action: 'synchronize',
    number: PULL_NUMBER,
    pull_request: {
      number: PULL_NUMBER,
      title: 'Plot the loss curve',
      html_url: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/pull/${PULL_NUMBER}`,
      head: { sha: env.GITHUB_SHA, ref: env.GITHUB_HEAD_REF },
      base: { sha: MAIN_SHA, ref: 'main' },
    },
  }),
);
console.log(`local GitHub API at ${github.url} (pull request #${PULL_NUMBER} of ${env.GITHUB_REPOSITORY})\n`);

const stopAll = async () => {
  await github.close();
  await server.close();
  await rm(eventDir, { recursive: true, force: true });
};

// What main published before the pull request: the publication below is compared with it.
const baseline = await publishBaseline(server, bucket, env);
if (baseline.code !== 0) {
  process.stdout.write(humanLog(baseline.stdout));
  console.error(`publishing main's outputs (the baseline) failed (exit code ${baseline.code})`);
  await stopAll();
  process.exit(1);
}
console.log(`published main's outputs first (run ${baseline.outputs['prefix'] ?? '?'}), the baseline the pull request is compared with\n`);
github.mergeBases.set(`${MAIN_SHA}...${env.GITHUB_SHA}`, MAIN_SHA);

const result = await publishSamples(server, bucket, {
  inputs: { 'github-token': ACTIONS_TOKEN },
  env: { GITHUB_EVENT_PATH: eventPath, GITHUB_API_URL: github.url },
});
process.stdout.write(humanLog(result.stdout));
process.stderr.write(result.stderr);
if (result.code !== 0 || !result.outputs.url) {
  console.error(`the action failed (exit code ${result.code})`);
  await stopAll();
  process.exit(1);
}

const comment = github.comments.get(PULL_NUMBER)?.at(-1);
const s3 = new S3Client({
  endpoint: server.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
});
/** Stores one page in the demo's bucket and returns its URL. @param {string} key @param {string} html */
async function putPage(key, html) {
  await s3.send(new PutObjectCommand({ Bucket: DEMO_PAGES_BUCKET, Key: key, Body: html, ContentType: 'text/html; charset=utf-8' }));
  return `${server.endpoint}/${DEMO_PAGES_BUCKET}/${key}`;
}
const repo = env.GITHUB_REPOSITORY;
const summaryUrl = await putPage(
  `${repo}/actions/runs/${env.GITHUB_RUN_ID}/attempts/${env.GITHUB_RUN_ATTEMPT}/summary.html`,
  markdownPage({ title: `Job summary: ${env.GITHUB_WORKFLOW} / ${env.GITHUB_JOB}`, caption: `The job summary the action wrote (GITHUB_STEP_SUMMARY), as the run's page on GitHub shows it.`, markdown: result.summary }),
);
const commentUrl = comment
  ? await putPage(
      `${repo}/pull/${PULL_NUMBER}/comment.html`,
      markdownPage({ title: `Comment on pull request #${PULL_NUMBER}`, caption: `The comment the action posted as ${comment.user.login}, as the pull request's conversation shows it.`, markdown: comment.body }),
    )
  : undefined;
s3.destroy();

console.log(`\npublished ${result.outputs.files} files (${result.outputs.bytes} bytes) under ${result.outputs.prefix}/`);
console.log(`\nOpen in a browser:\n\n  ${result.outputs.url}\n`);
if (result.outputs['compare-url']) console.log(`What changed since main (${result.outputs['changed-count']} changed, ${result.outputs['added-count']} added, ${result.outputs['removed-count']} removed):\n\n  ${result.outputs['compare-url']}\n`);
console.log(`What a reviewer meets first:\n\n  job summary:          ${summaryUrl}`);
console.log(commentUrl ? `  pull-request comment: ${commentUrl}\n` : `  pull-request comment: none was posted (see the log above)\n`);
if (once) {
  await stopAll();
} else {
  console.log('serving until Ctrl-C');
  // A signal handler's promise would be dropped: a failed close is reported, then exit 1.
  const stop = () => {
    stopAll().then(
      () => process.exit(0),
      (/** @type {unknown} */ error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

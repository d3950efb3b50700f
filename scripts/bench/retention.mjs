// @ts-check
// The retention case of `npm run bench` (issue 14): N expired publications of F files each are
// planted directly in the store (claims, run markers and pages, files, pages and manifests, in
// parallel, as the action would have left them), then one applyRetention — the action's own
// code, bundled from src/ — prunes them, timed. The bucket is checked afterwards: nothing of the
// expired runs is left, the young publication is intact.
//   node scripts/bench/retention.mjs <bundle.mjs> <endpoint> <access key> <secret> <bucket> <publications> <files>
//                                                                   → one JSON line on stdout
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSources } from './bundle.mjs';
import pLimit from 'p-limit';

/**
 * @typedef {{ applyRetention: typeof import('../../src/history/retention.js').applyRetention, createS3Store: typeof import('../../src/store/s3/s3-store.js').createS3Store }} RetentionCode
 * @typedef {import('../../src/store/store.js').ObjectStore} ObjectStore
 * @typedef {{ publications: number, files: number, objects: number, plantMs: number, pruneMs: number, deleted: number, deletedObjects: number, remaining: number, left: number, log: string[] }} RetentionResult
 */

const HISTORY = 'bench-org/bench-repo';
const TESTS_PER_RUN = 20;
const DAY = 86400_000;

/** Bundles the retention code and the S3 store to `.cache/bench/retention-harness.mjs`. */
export async function bundleRetention() {
  return bundleSources('retention-harness.mjs', ["export { applyRetention } from './src/history/retention.ts'; export { createS3Store } from './src/store/s3/s3-store.ts';"]);
}

/**
 * What a complete publication leaves: its claim, its files, a page and a manifest.
 * @param {ObjectStore} store
 * @param {string} run
 * @param {string} test
 * @param {number} files
 * @param {Date} finishedAt
 */
function publicationObjects(store, run, test, files, finishedAt) {
  const prefix = `${HISTORY}/${run}/${test}`;
  const claim = { kind: 'publication', version: 1, token: `${run}-${test}`, prefix, state: 'complete', startedAt: new Date(finishedAt.getTime() - 60_000).toISOString(), finishedAt: finishedAt.toISOString(), files, manifest: `${prefix}/manifest.json`, testName: test, repository: 'bench-org/bench-repo', commit: 'c0ffee', runId: run, runAttempt: '1', workflow: 'CI', job: 'test' };
  const text = (/** @type {string} */ key, /** @type {string} */ body, /** @type {string} */ type, /** @type {Record<string, string>} */ metadata = {}) => () => store.put({ key, body: Buffer.from(body), contentType: type, metadata });
  return [
    text(`${HISTORY}/${run}/_children/${test}`, JSON.stringify(claim), 'application/json', { generated: 'publication-claim' }),
    ...Array.from({ length: files }, (_, i) => text(`${prefix}/logs/case-${String(i).padStart(3, '0')}.log`, `output ${i} of ${prefix}\n`.repeat(20), 'text/plain; charset=utf-8')),
    text(`${prefix}/index.html`, '<!doctype html><a href="logs/index.html">logs</a>', 'text/html; charset=utf-8', { generated: 'index' }),
    text(`${prefix}/logs/index.html`, '<!doctype html><a href="../index.html">..</a>', 'text/html; charset=utf-8', { generated: 'index' }),
    text(`${prefix}/manifest.json`, '{}', 'application/json', { generated: 'manifest' }),
  ];
}

/**
 * Plants `publications` expired publications (TESTS_PER_RUN per run) and one young one, in parallel.
 * @param {ObjectStore} store
 * @param {number} publications
 * @param {number} files
 * @param {Date} old
 * @param {Date} young
 */
async function plant(store, publications, files, old, young) {
  const runs = Math.ceil(publications / TESTS_PER_RUN);
  /** @type {(() => Promise<void>)[]} */
  const puts = [];
  const level = (/** @type {string} */ run) => [
    () => store.put({ key: `${HISTORY}/_children/${run}`, body: Buffer.alloc(0), contentType: 'application/octet-stream', metadata: { generated: 'child-marker' } }),
    () => store.put({ key: `${HISTORY}/${run}/index.html`, body: Buffer.from('<!doctype html>run'), contentType: 'text/html; charset=utf-8', metadata: { generated: 'parent-index' } }),
  ];
  for (let r = 0; r < runs; r++) {
    const run = `${1000 + r}-1`;
    puts.push(...level(run));
    for (let t = 0; t < Math.min(TESTS_PER_RUN, publications - r * TESTS_PER_RUN); t++) puts.push(...publicationObjects(store, run, `test-${t}`, files, old));
  }
  puts.push(...level('current-1'), ...publicationObjects(store, 'current-1', 'unit', files, young));
  const limit = pLimit(64);
  await Promise.all(puts.map((p) => limit(p)));
  return puts.length;
}

/**
 * @param {RetentionCode} code
 * @param {{ endpoint: string, accessKeyId: string, secretAccessKey: string, bucket: string, publications: number, files: number }} o
 * @returns {Promise<RetentionResult>}
 */
export async function retentionCase(code, o) {
  const store = code.createS3Store({ bucket: o.bucket, region: 'us-east-1', endpoint: o.endpoint, forcePathStyle: true, concurrency: 64, requestTimeout: 60, credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } });
  try {
    await store.checkBucket(() => undefined);
    // The server stamps the listing with its own clock: the publications' times are the claims',
    // so the prune runs "40 days later" and the planted ones are 40 days old by their claims.
    const now = new Date(Date.now() + 40 * DAY);
    const t0 = performance.now();
    const objects = await plant(store, o.publications, o.files, new Date(), now);
    const plantMs = performance.now() - t0;
    /** @type {string[]} */
    const log = [];
    const t1 = performance.now();
    const report = await code.applyRetention({
      store,
      prefix: `${HISTORY}/current-1/unit`,
      retentionSeconds: 30 * 86400,
      now: () => now,
      acl: undefined,
      pages: false,
      log: { info: (m) => log.push(m), warning: (m) => log.push(`warning: ${m}`), debug: () => undefined },
    });
    const pruneMs = performance.now() - t1;
    // What the young publication keeps: its objects, its run's marker and retention's run list.
    const kept = new Set([`${HISTORY}/_children/current-1`, `${HISTORY}/_retention/runs/current-1`]);
    const left = (await store.list(`${HISTORY}/`)).filter((x) => !x.key.startsWith(`${HISTORY}/current-1/`) && !kept.has(x.key)).length;
    return { publications: o.publications, files: o.files, objects, plantMs, pruneMs, deleted: report.publications, deletedObjects: report.objects, remaining: report.remaining, left, log };
  } finally {
    store.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [bundle, endpoint, accessKeyId, secretAccessKey, bucket, publications, files] = process.argv.slice(2);
  if (bundle === undefined || endpoint === undefined || accessKeyId === undefined || secretAccessKey === undefined || bucket === undefined) {
    throw new Error('usage: node scripts/bench/retention.mjs <bundle.mjs> <endpoint> <access key> <secret> <bucket> <publications> <files>');
  }
  /** @type {unknown} */
  const bundled = await import(pathToFileURL(bundle).href);
  const code = /** @type {RetentionCode} */ (bundled);
  console.log(JSON.stringify(await retentionCase(code, { endpoint, accessKeyId, secretAccessKey, bucket, publications: Number(publications), files: Number(files) })));
}

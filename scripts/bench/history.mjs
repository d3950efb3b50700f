// @ts-check
// The history at scale (issue 14), case `history` of `npm run bench`: a repository with N
// earlier publications planted straight in the store (for each, its entry's copy at the history
// root, as finish() leaves it; in parallel), then the level pages as the
// action writes them (src/history/levels.ts, bundled from the sources):
//   cold   the first update, with no index of entries (_history.json): every entry read
//   warm   the update of every level above one more publication (its run page, the
//          repository page with its archives, the owner page), the index in place (target ≤ 1.5 s)
//   pages  the largest page written (target ≤ 1 MB) and the index's size
// and, to choose between them (the "measure which"), the two ways to know the entries:
//   listing + index   list `_children/` (ranges in parallel) + GET the index + PUT it back
//   one RMW index     GET one object holding every entry + parse + add one + PUT it If-Match
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { bundleSources } from './bundle.mjs';
import pLimit from 'p-limit';

const PLANT_CONCURRENCY = 64;
const WARM_RUNS = 3;

/**
 * What the bundle exports (src/ as the action runs it).
 * @typedef {{
 *   createS3Store: typeof import('../../src/store/s3/s3-store.js').createS3Store,
 *   refreshLevel: typeof import('../../src/history/levels.js').refreshLevel,
 *   updateParentIndexes: typeof import('../../src/history/levels.js').updateParentIndexes,
 *   readCache: typeof import('../../src/history/cache.js').readCache,
 *   readChildren: typeof import('../../src/history/cache.js').readChildren,
 *   writeCache: typeof import('../../src/history/cache.js').writeCache,
 *   serializeEntry: typeof import('../../src/history/entry.js').serializeEntry,
 * }} HistoryBundle
 * @typedef {import('../../src/history/entry.js').HistoryEntry} HistoryEntry
 * @typedef {import('./server.mjs').BenchS3} BenchS3
 * @typedef {{ title: string, publications: number, server: string, plantMs: number, coldMs: number, coldGets: number,
 *   warmMs: number[], largestPage: number, largestPageName: string, pages: number, cacheBytes: number,
 *   compare: { listingIndexMs: number[], rmwIndexMs: number[], rmwIndexBytes: number } }} HistoryCase
 */

/** Bundles the level pages' code to `.cache/bench/history-harness.mjs`; returns its path. */
async function bundleHistory() {
  return bundleSources(
    'history-harness.mjs',
    [
      "export { createS3Store } from './src/store/s3/s3-store.ts';",
      "export { refreshLevel, updateParentIndexes } from './src/history/levels.ts';",
      "export { readCache, readChildren, writeCache } from './src/history/cache.ts';",
      "export { serializeEntry } from './src/history/entry.ts';",
    ],
    { packages: 'external' },
  );
}

/**
 * The entry of publication `i` (run `<id>-1`, test `unit`), as a finished publication leaves it.
 * @param {number} i
 * @returns {HistoryEntry}
 */
function entryOf(i) {
  const runId = String(9_000_000_000 + i);
  const pr = i % 3 === 0 ? { pr: { number: 1000 + (i % 500), title: `Pull request number ${1000 + (i % 500)} of the benchmark`, url: `https://github.com/bench/repo/pull/${1000 + (i % 500)}` } } : {};
  return {
    kind: 'publication', version: 2, token: `token-${i}`, prefix: `bench/repo/${runId}-1/unit`, state: 'complete',
    startedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), finishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000 + 30_000).toISOString(),
    testName: 'unit', repository: 'bench/repo', commit: `${i.toString(16).padStart(8, '0')}${'c'.repeat(32)}`, runId, runAttempt: '1', workflow: 'CI', job: 'test',
    event: pr.pr ? 'pull_request' : 'push', branch: pr.pr ? `feature/branch-${i % 500}` : 'main', commitUrl: `https://github.com/bench/repo/commit/${i}`,
    runNumber: String(i), runUrl: `https://github.com/bench/repo/actions/runs/${runId}/attempts/1`, runLabel: `#${runId} attempt 1`,
    manifest: `bench/repo/${runId}-1/unit/manifest.json`, files: 20, bytes: 409_600, failures: i % 17 === 0 ? 1 : 0, images: 2, link: 'unit/index.html',
    ...pr,
  };
}

/**
 * @param {BenchS3} server
 * @param {string} bucket
 * @param {string} key
 * @param {Buffer} body
 */
const putRaw = (server, bucket, key, body) =>
  server.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: body.length ? 'application/json' : 'application/octet-stream', CacheControl: 'no-cache' }));

/**
 * Plants publication `i`: its copy at the history root, and (with `claim`) its claim in the run
 * level and the repository's marker, which only the publications measured as "one more" need.
 * @param {HistoryBundle} b
 * @param {BenchS3} server
 * @param {string} bucket
 * @param {number} i
 * @param {boolean} claim
 */
async function plant(b, server, bucket, i, claim) {
  const e = entryOf(i);
  const run = `${e.runId}-1`;
  const body = b.serializeEntry(e);
  await Promise.all([
    putRaw(server, bucket, `bench/repo/_children/${run}/unit`, body),
    ...(claim ? [putRaw(server, bucket, `bench/repo/${run}/_children/unit`, body), putRaw(server, bucket, 'bench/_children/repo', Buffer.alloc(0))] : []),
  ]);
}

/**
 * @param {BenchS3} server
 * @param {string} bucket
 * @param {number} count
 * @param {(line: string) => void} log
 * @returns {Promise<HistoryCase>}
 */
export async function historyCase(server, bucket, count, log) {
  /** @type {unknown} */
  const bundled = await import(pathToFileURL(await bundleHistory()).href);
  const b = /** @type {HistoryBundle} */ (bundled);
  const store = b.createS3Store({
    bucket, region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, concurrency: 32, requestTimeout: 120,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  const conditional = server.kind === 'rgw'; // s3rver ignores conditional writes
  /** @type {import('../../src/history/levels.js').LevelOptions} */
  const level = { store, acl: undefined, conditional, warning: (m) => log(`bench: history: ${m}`) };
  try {
    let t = performance.now();
    const limit = pLimit(PLANT_CONCURRENCY);
    await Promise.all(Array.from({ length: count }, (_, i) => limit(() => plant(b, server, bucket, i, false))));
    const plantMs = performance.now() - t;
    log(`bench: history: planted ${count} publications in ${(plantMs / 1000).toFixed(1)} s`);

    // Cold: the first render, every entry read (and the index written).
    let gets = 0;
    const counting = { ...store, get: (/** @type {string} */ key) => (key.includes('/_children/') && gets++, store.get(key)) };
    t = performance.now();
    await b.refreshLevel({ ...level, store: counting }, ['bench', 'repo']);
    const coldMs = performance.now() - t;
    log(`bench: history: cold update ${(coldMs / 1000).toFixed(2)} s (${gets} entries read)`);

    // Warm: one more publication each time, every level above it updated.
    /** @type {number[]} */
    const warmMs = [];
    for (let k = 0; k < WARM_RUNS; k++) {
      const i = count + k;
      await plant(b, server, bucket, i, true);
      t = performance.now();
      await b.updateParentIndexes({ ...level, prefix: entryOf(i).prefix });
      warmMs.push(performance.now() - t);
      log(`bench: history: warm update after publication ${i + 1}: ${(warmMs[k] ?? 0).toFixed(0)} ms`);
    }

    // The pages as written: the largest, and the index.
    const written = (await store.list('bench/repo/')).filter((o) => /^bench\/repo\/(index|page-\d+)\.html$/.test(o.key) || o.key === 'bench/repo/_history.json');
    const pages = written.filter((o) => o.key.endsWith('.html'));
    const largest = pages.reduce((a, o) => (o.size > a.size ? o : a), { key: '', size: 0 });
    const cacheBytes = written.find((o) => o.key.endsWith('_history.json'))?.size ?? 0;

    // The two ways to know the entries, each as one update needs it.
    /** @type {number[]} */
    const listingIndexMs = [];
    /** @type {number[]} */
    const rmwIndexMs = [];
    const all = Object.fromEntries(Array.from({ length: count + WARM_RUNS }, (_, i) => [`${entryOf(i).runId}-1/unit`, entryOf(i)]));
    const rmwKey = 'bench/repo/_rmw-index.json';
    await store.put({ key: rmwKey, body: Buffer.from(JSON.stringify(all)), contentType: 'application/json' });
    for (let k = 0; k < WARM_RUNS; k++) {
      t = performance.now();
      const cache = await b.readCache(store, 'bench/repo');
      const read = await b.readChildren(store, 'bench/repo', cache);
      await b.writeCache(store, 'bench/repo', read.cache, {});
      listingIndexMs.push(performance.now() - t);
      t = performance.now();
      const etag = (await store.head(rmwKey))?.etag ?? '';
      /** @type {unknown} */
      const parsed = JSON.parse((await store.get(rmwKey))?.toString('utf8') ?? '{}');
      const index = /** @type {Record<string, HistoryEntry>} */ (parsed);
      index[`extra-${k}/unit`] = entryOf(count + WARM_RUNS + k);
      await store.putIf({ key: rmwKey, body: Buffer.from(JSON.stringify(index)), contentType: 'application/json' }, { ifMatch: etag });
      rmwIndexMs.push(performance.now() - t);
    }
    const rmwIndexBytes = (await store.head(rmwKey)) ? Buffer.byteLength(JSON.stringify(all)) : 0;
    return {
      title: `history: a repository of ${count.toLocaleString('en-US')} publications (level pages; warm target ≤ 1.5 s, no page over 1 MB)`,
      publications: count, server: server.label, plantMs, coldMs, coldGets: gets, warmMs, largestPage: largest.size, largestPageName: largest.key, pages: pages.length, cacheBytes,
      compare: { listingIndexMs, rmwIndexMs, rmwIndexBytes },
    };
  } finally {
    store.destroy();
  }
}

/**
 * @param {HistoryCase} c
 * @param {(values: number[]) => { min: number | null, median: number | null }} stats
 */
export function historyTable(c, stats) {
  const ms = (/** @type {number | null} */ v) => (v === null ? '-' : v.toFixed(0));
  const kb = (/** @type {number} */ v) => `${(v / 1024).toFixed(0)} KB`;
  return [
    `### ${c.title}`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| planting ${c.publications.toLocaleString('en-US')} publications (an entry each, ${PLANT_CONCURRENCY} at once) | ${ms(c.plantMs)} ms |`,
    `| cold first update (no index: ${c.coldGets.toLocaleString('en-US')} entries read) | ${ms(c.coldMs)} ms |`,
    `| warm update of every level after one more publication (median of ${c.warmMs.length}) | ${ms(stats(c.warmMs).median)} ms |`,
    `| largest page (${c.largestPageName.split('/').pop()}, of ${c.pages}) | ${kb(c.largestPage)} |`,
    `| the level's index of entries (_history.json) | ${kb(c.cacheBytes)} |`,
    `| knowing the entries: listing (parallel ranges) + GET and PUT of the index (median) | ${ms(stats(c.compare.listingIndexMs).median)} ms |`,
    `| knowing the entries: one read-modify-write index, GET + parse + PUT If-Match (median; ${kb(c.compare.rmwIndexBytes)}) | ${ms(stats(c.compare.rmwIndexMs).median)} ms |`,
  ].join('\n');
}

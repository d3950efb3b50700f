// The action through a fault-injecting proxy: throttling, server errors, dropped connections
// (also in the middle of multipart parts), and a file the server always refuses. After each run
// every object the action reported uploaded is checked byte for byte, and no multipart upload
// may be left behind. The outcomes are the table in docs/reliability.md (UPDATE_DOCS=1 rewrites
// this server's rows; otherwise the committed rows must match what is measured).
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../scripts/run-action.mjs';
import { startFaultProxy, type Fault, type RequestInfo } from './helpers/fault-proxy.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

const DOC = path.resolve(import.meta.dirname, '../docs/reliability.md');
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const isPut = (r: RequestInfo) => r.method === 'PUT';
const isPart = (r: RequestInfo) => r.method === 'PUT' && /[?&]partNumber=/.test(r.url);

interface Scenario {
  name: string;
  plan: () => (r: RequestInfo) => Fault;
  /** Files the server refuses every time. */
  refused: string[];
  /** Inputs beyond bucket, path, test-name and prefix. */
  inputs?: Record<string, string>;
}

const pass: Fault = { kind: 'pass' };

/** Faults on the first `attempts` tries of the requests `select` picks (by the order in which
 * distinct requests first appear): each picked request fails the same way on every run, and
 * always fewer times than the SDK tries, whatever the interleaving of concurrent uploads. */
function firstTries(select: (r: RequestInfo, ordinal: number) => boolean, attempts: number, fault: Fault): () => (r: RequestInfo) => Fault {
  return () => {
    const order = new Map<string, number>();
    const tries = new Map<string, number>();
    return (r) => {
      const key = `${r.method} ${r.url}`;
      if (!order.has(key)) order.set(key, order.size);
      const n = (tries.get(key) ?? 0) + 1;
      tries.set(key, n);
      return select(r, order.get(key)!) && n <= attempts ? fault : pass;
    };
  };
}

const SCENARIOS: Scenario[] = [
  { name: '503 SlowDown twice on every 4th request', refused: [], plan: firstTries((_r, i) => i % 4 === 3, 2, { kind: 'status', status: 503, code: 'SlowDown' }) },
  { name: '429 burst: the first 12 requests', refused: [], plan: () => (r) => (r.index < 12 ? { kind: 'status', status: 429, code: 'TooManyRequests' } : pass) },
  { name: '500 InternalError once on every 3rd upload', refused: [], plan: firstTries((r, i) => isPut(r) && i % 3 === 2, 1, { kind: 'status', status: 500, code: 'InternalError' }) },
  { name: 'connection reset before the response, once on every 5th upload', refused: [], plan: firstTries((r, i) => isPut(r) && i % 5 === 4, 1, { kind: 'reset-before-response' }) },
  { name: 'connection reset mid-body, once on parts 1 and 3 of the multipart upload', refused: [], plan: firstTries((r) => isPart(r) && /[?&]partNumber=[13](&|$)/.test(r.url), 1, { kind: 'reset-mid-body' }) },
  { name: 'slow answers: every 4th request 1.5 s late', refused: [], plan: firstTries((_r, i) => i % 4 === 3, 1, { kind: 'delay', ms: 1500 }) },
  {
    name: 'stalled socket (never answered) once on every 6th upload, request-timeout 2s',
    refused: [],
    inputs: { 'request-timeout': '2s' },
    plan: firstTries((r, i) => isPut(r) && i % 6 === 5, 1, { kind: 'stall' }),
  },
  { name: 'one file refused on every try (500)', refused: ['refused.bin'], plan: () => (r) => (r.url.includes('refused.bin') ? { kind: 'status', status: 500, code: 'InternalError' } : pass) },
];

interface Row {
  scenario: string;
  server: string;
  files: number;
  exact: number;
  failed: number;
  corrupted: number;
  orphans: string;
  exit: number;
}

let target: S3Target;
let workspace: string;
let local: Map<string, Buffer>;
const rows: Row[] = [];
const serverName = (): string => (target.kind === 'external' ? 'Ceph RGW' : 'embedded s3rver');

beforeAll(async () => {
  target = await s3Target();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-faults-'));
  local = new Map();
  const add = async (rel: string, data: Buffer) => {
    await mkdir(path.dirname(path.join(workspace, 'out', rel)), { recursive: true });
    await writeFile(path.join(workspace, 'out', rel), data);
    local.set(rel, data);
  };
  for (let i = 0; i < 30; i++) await add(`logs/part-${i}/case ${i}.log`, randomBytes(2048 + i * 512));
  await add('capture.bin', randomBytes(20 * 1024 * 1024 + 777)); // three multipart parts
  await add('refused.bin', randomBytes(4096));
}, 60_000);

afterAll(async () => {
  await target.close();
  await rm(workspace, { recursive: true, force: true });
  if (process.env['UPDATE_DOCS'] === '1' && rows.length === SCENARIOS.length) await writeDoc(rows);
});

function renderRow(r: Row): string {
  return `| ${r.scenario} | ${r.server} | ${r.files} | ${r.exact} | ${r.failed} | ${r.corrupted} | ${r.orphans} | ${r.exit} |`;
}

async function writeDoc(measured: Row[]): Promise<void> {
  let existing = '';
  try {
    existing = await readFile(DOC, 'utf8');
  } catch {
    // first time
  }
  const others = existing.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| scenario') && !l.startsWith('| ---') && !l.includes(`| ${measured[0]!.server} |`));
  const lines = [...others, ...measured.map(renderRow)].sort();
  const doc = `# Reliability

What the fault suite (\`__tests__/faults.integration.test.ts\`) does to the action and what
comes out. A fault-injecting proxy sits between the built action and S3; each scenario is one
run publishing ${measured[0]!.files} files (30 small logs, one 20 MiB file sent as three
multipart parts, one more small file). Throttling and server errors come back as S3 error
answers; "reset" closes the connection; "slow" forwards the request late; "stalled" takes the
request and never answers, until the action's \`request-timeout\` (socket inactivity) gives up
on it and the SDK sends it again. After the run every object the action reported uploaded
is downloaded and compared by SHA-256 with its local file, and the bucket is checked for
multipart uploads left behind. The same suite runs against the embedded s3rver (\`npm test\`)
and Ceph RGW (\`scripts/test-rgw.sh\`, in CI); the tests fail when a measured row differs from
this table (\`UPDATE_DOCS=1\` rewrites the rows of the server it ran against).

- **byte-exact**: objects reported uploaded whose stored bytes equal the local file.
- **reported failed**: files the step names as failed (it then exits 1, after trying all).
  Transient faults are retried by the AWS SDK (5 attempts, exponential backoff with jitter).
- **corrupted**: objects reported uploaded whose stored bytes differ, or that are missing.
- **orphan uploads**: multipart uploads left in the bucket (s3rver cannot list them: n/a).

| scenario | server | files | byte-exact | reported failed | corrupted | orphan uploads | exit |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${lines.join('\n')}
`;
  await mkdir(path.dirname(DOC), { recursive: true });
  await writeFile(DOC, doc);
}

describe('faults between the action and S3', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: nothing corrupted, nothing lost, nothing left behind', async (_name, scenario) => {
    const bucket = await target.createBucket();
    const proxy = await startFaultProxy(target.endpoint, scenario.plan());
    let run;
    try {
      run = await runAction({ cwd: workspace, inputs: { bucket, path: 'out', 'test-name': 'faults', prefix: 'f', ...scenario.inputs }, env: { ...target.env(), AWS_ENDPOINT_URL_S3: proxy.endpoint } });
    } finally {
      await proxy.close();
    }
    console.log(`${scenario.name}: injected ${JSON.stringify(proxy.injected)}`);
    expect(Object.keys(proxy.injected).length, 'faults were injected').toBeGreaterThan(0);
    const manifest = JSON.parse(
      await (await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'f/manifest.json' }))).Body!.transformToString(),
    ) as { files: { path: string }[]; failed: { path: string }[] };
    let exact = 0;
    let corrupted = 0;
    for (const f of manifest.files) {
      try {
        const got = await target.client.send(new GetObjectCommand({ Bucket: bucket, Key: `f/${f.path}` }));
        if (sha256(await got.Body!.transformToByteArray()) === sha256(local.get(f.path)!)) exact++;
        else corrupted++;
      } catch {
        corrupted++;
      }
    }
    let orphans = 'n/a';
    if (target.kind === 'external') {
      const pending = await target.client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      orphans = String(pending.Uploads?.length ?? 0);
    }
    const row: Row = { scenario: scenario.name, server: serverName(), files: local.size, exact, failed: manifest.failed.length, corrupted, orphans, exit: run.code ?? -1 };
    rows.push(row);

    expect(corrupted).toBe(0);
    expect(manifest.failed.map((f) => f.path)).toEqual(scenario.refused);
    expect(exact).toBe(local.size - scenario.refused.length);
    expect(orphans === 'n/a' || orphans === '0', `orphan multipart uploads: ${orphans}`).toBe(true);
    if (scenario.refused.length > 0) {
      expect(run.code).not.toBe(0);
      expect(run.stdout).toContain(`::error::${scenario.refused.length} of ${local.size} files failed to upload:%0A  refused.bin: InternalError (HTTP 500)`);
    } else {
      expect(run.stdout).not.toContain('::error::');
      expect(run.code).toBe(0);
    }
    if (process.env['UPDATE_DOCS'] !== '1') {
      const doc = await readFile(DOC, 'utf8');
      expect(doc.split('\n'), 'docs/reliability.md has this measured row (UPDATE_DOCS=1 to rewrite)').toContain(renderRow(row));
    }
  }, 180_000);
});

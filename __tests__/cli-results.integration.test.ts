// The command line with JUnit reports among the outputs (issue 17), in process against a real S3
// server: the terminal summary's status line and first 10 failures (plain text: a report's
// escape sequences, C1 controls and bidi overrides never reach the terminal), each failure's
// link opening, "and N more" to the page; --fail-on-test-failure exits 4 only after publishing.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { inputTable } from '../src/cli/action-inputs.js';
import { runCli } from '../src/cli/main.js';
import type { Stream } from '../src/cli/output.js';
import { s3Target, type S3Target } from './helpers/s3-target.js';

// action.yml's inputs, as the build inlines them into dist/cli.js.
const TABLE = inputTable((parse(readFileSync(path.resolve(import.meta.dirname, '../action.yml'), 'utf8')) as { inputs: Parameters<typeof inputTable>[0] }).inputs);
const FAILURES = 12;
let target: S3Target;
let workspace: string;
let bucket: string;

beforeAll(async () => {
  target = await s3Target();
  bucket = await target.createBucket();
  workspace = await mkdtemp(path.join(tmpdir(), 'pto-cli-results-'));
  await mkdir(path.join(workspace, 'out/reports'), { recursive: true });
  await mkdir(path.join(workspace, 'out/shots'), { recursive: true });
  // &#27; is ESC (a colour, a cursor move, a title change), &#155; the C1 CSI, &#8238; a
  // right-to-left override: XML forbids none of them as references.
  const cases = Array.from({ length: FAILURES }, (_, i) =>
    `<testcase name="case ${String(i).padStart(2, '0')} &#27;[31mred&#27;[0m &#155;2J &#8238;txt.exe" classname="c"><failure message="boom&#27;]0;owned&#7;&#10;second line"/>` +
    `<system-out>[[ATTACHMENT|shots/case-${i}.txt]]</system-out></testcase>`,
  );
  await writeFile(path.join(workspace, 'out/reports/junit.xml'), `<testsuite name="cli">${cases.join('')}<testcase name="passes"/></testsuite>`);
  for (let i = 0; i < FAILURES; i++) await writeFile(path.join(workspace, `out/shots/case-${i}.txt`), `case ${i}\n`);
  vi.stubEnv('AWS_ACCESS_KEY_ID', target.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', target.secretAccessKey);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await target.close();
  await rm(workspace, { recursive: true, force: true });
});

function sink(): Stream & { text: string } {
  const s = { text: '', write: (t: string) => ((s.text += t), true) };
  return s;
}

let run = 0;
async function cli(extra: string[] = [], outputs = 'out'): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const argv = ['--bucket', bucket, '--path', path.join(workspace, outputs), '--test-name', 'cli', '--endpoint', target.endpoint, '--region', 'us-east-1', '--compare', 'off', '--prefix', `cli/run-${++run}`, ...extra];
  const code = await runCli(argv, { stdout: out, stderr: err, env: { HOME: process.env['HOME'] ?? '' }, cwd: workspace, inputs: TABLE });
  return { code, out: out.text, err: err.text };
}

describe('the command line with test results', () => {
  it('prints the status line and 10 failures in plain text, each with its link, then "and N more"', async () => {
    const r = await cli();
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n').filter((l) => l !== '');
    const status = lines.indexOf(`tests: ❌ ${FAILURES} failed · 1 passed`);
    expect(status, r.out).toBeGreaterThan(0);
    const failed = lines.filter((l) => l.startsWith('  failed: '));
    expect(failed).toHaveLength(10);
    expect(failed[0]).toBe('  failed: cli › case 00 [31mred [0m 2J txt.exe — boom ]0;owned');
    // No control character of any kind, no bidi override, in anything printed.
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    for (const [i] of failed.entries()) {
      const url = lines[lines.indexOf(failed[i]!) + 1]!.trim();
      expect(url).toMatch(new RegExp(`/cli/run-1/shots/case-${i}\\.txt$`));
      expect((await fetch(url)).status).toBe(200);
    }
    expect(lines).toContain(`  and ${FAILURES - 10} more: ${lines.at(-1)!.replace('browse the outputs: ', '')}#results`);
    expect(lines.at(-1)).toMatch(/^browse the outputs: http.*\/cli\/run-1\/index\.html$/);
  });

  it('--fail-on-test-failure exits 4 after publishing everything, saying why on stderr', async () => {
    const r = await cli(['--fail-on-test-failure']);
    expect(r.code, r.err).toBe(4);
    expect(r.err).toMatch(new RegExp(`^error: ${FAILURES} tests failed \\(fail-on-test-failure\\)$`, 'm'));
    expect(r.out).toMatch(/^published 13 files, .* to s3:\/\//m);
    const url = r.out.trim().split('\n').at(-1)!.replace('browse the outputs: ', '');
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace('index.html', 'shots/case-11.txt'))).status).toBe(200);
  });

  it('--fail-on-test-failure exits 0 when every test passed, and without reports', async () => {
    await mkdir(path.join(workspace, 'green'), { recursive: true });
    await writeFile(path.join(workspace, 'green/junit.xml'), '<testsuite name="g"><testcase name="a"/></testsuite>');
    const green = await cli(['--fail-on-test-failure'], 'green');
    expect(green.code, green.err).toBe(0);
    expect(green.out).toContain('tests: ✅ 1 passed\n');
    await writeFile(path.join(workspace, 'green/junit.xml'), 'no report');
    const none = await cli(['--fail-on-test-failure'], 'green');
    expect(none.code, none.err).toBe(0);
    expect(none.out).not.toContain('tests:');
  });
});

// The command line's parts in process: flags from argv and PTO_* variables, --help from
// action.yml's table, the terminal's status line and plain progress lines, and the refusals
// that exit 2.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { inputTable } from '../src/cli/action-inputs.js';
import { asFlagMessage, getInputFrom, helpText, parseFlags, UsageError } from '../src/cli/flags.js';
import { runCli } from '../src/cli/main.js';
import { parseInputs } from '../src/inputs.js';
import { CliLogger, type Stream } from '../src/cli/output.js';
import { resultsText } from '../src/cli/results-text.js';
import type { ResultsReport } from '../src/results/types.js';

const actionYml = parse(readFileSync(path.resolve(import.meta.dirname, '../action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> };
const TABLE = inputTable(actionYml.inputs);

function sink(isTTY = false): Stream & { text: string } {
  const s = { text: '', isTTY, columns: 120, write: (t: string) => ((s.text += t), true) };
  return s;
}

describe('flags', () => {
  it('map to the action\'s inputs; --path repeats into lines; a flag wins over its PTO_ variable', () => {
    const flags = parseFlags(['--bucket', 'b', '--path', 'a/', '--path', '!a/*.tmp', '--test-name=t'], { PTO_BUCKET: 'env-bucket', PTO_PREFIX: 'from/env' }, TABLE);
    const get = getInputFrom(flags);
    expect(get('bucket')).toBe('b');
    expect(get('path')).toBe('a/\n!a/*.tmp');
    expect(get('test-name')).toBe('t');
    expect(get('prefix')).toBe('from/env');
    expect(get('region')).toBe('');
  });

  it('take a boolean input alone as true, --comment alone as sticky, and comment not at all by default', () => {
    const flags = parseFlags(['--keep-originals', '--comment', '--include-hidden-files', 'false', '--parent-indexes'], {}, TABLE);
    const get = getInputFrom(flags);
    expect(get('keep-originals')).toBe('true');
    expect(get('comment')).toBe('sticky');
    expect(get('include-hidden-files')).toBe('false');
    expect(get('parent-indexes')).toBe('true');
    expect(getInputFrom(parseFlags([], {}, TABLE))('comment')).toBe('off');
    expect(getInputFrom(parseFlags(['--comment', 'new'], {}, TABLE))('comment')).toBe('new');
  });

  it('read the command line\'s own flags and their variables', () => {
    const flags = parseFlags(['--commit', 'abc1234', '--run-id', 'r7', '--dry-run'], { PTO_JSON: 'true', PTO_BRANCH: 'main' }, TABLE);
    expect(flags).toMatchObject({ dryRun: true, json: true, verbose: false, help: false, context: { commit: 'abc1234', runId: 'r7', branch: 'main' } });
  });

  it('refuse unknown flags, missing values, positional arguments and the action-only summary in one line', () => {
    const refusal = (argv: string[], env = {}): string => {
      try {
        parseFlags(argv, env, TABLE);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal(['--nope'])).toBe('unknown flag --nope: see publish-test-outputs --help');
    expect(refusal(['--bucket'])).toMatch(/^--bucket needs a value/);
    expect(refusal(['--prefix', '-x'])).toMatch(/^--prefix needs a value \(one that starts with '-' is written --prefix=-…\)/);
    expect(refusal(['out/'])).toMatch(/^unexpected argument out\//);
    expect(refusal(['--json=yes'])).toMatch(/^--json takes no value/);
    expect(refusal([], { PTO_SUMMARY: 'true' })).toMatch(/^--summary is for the action only/);
    for (const m of [refusal(['--nope']), refusal(['--bucket'])]) expect(m).not.toContain('\n');
  });

  it('name the flag in the core\'s input messages', () => {
    expect(asFlagMessage('input `max-files` is \'x\': use a whole number', TABLE)).toBe('`--max-files` is \'x\': use a whole number');
    expect(asFlagMessage('input `nothing-like-it` is odd', TABLE)).toBe('input `nothing-like-it` is odd');
  });

  it('--help lists every input of action.yml, then the command line\'s own flags', () => {
    const help = helpText(TABLE);
    for (const input of TABLE) expect(help).toContain(`  --${input.name} <value>`);
    for (const own of ['--dry-run', '--json', '--commit <value>', '--branch <value>', '--run-id <value>']) expect(help).toContain(own);
    expect(help).toContain('default: $GITHUB_TOKEN');
    expect(help).not.toContain('${{');
  });

  it('take --retention-days (and PTO_RETENTION_DAYS) as the input; its refusal names the flag', () => {
    const inputs = parseInputs(getInputFrom(parseFlags(['--bucket', 'b', '--path', 'out/', '--test-name', 't', '--retention-days', '30'], {}, TABLE)), { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' });
    expect(inputs.retentionSeconds).toBe(30 * 86400);
    expect(getInputFrom(parseFlags([], { PTO_RETENTION_DAYS: '12h' }, TABLE))('retention-days')).toBe('12h');
    try {
      parseInputs(getInputFrom(parseFlags(['--bucket', 'b', '--path', 'out/', '--test-name', 't', '--retention-days', 'soon'], {}, TABLE)), {});
      expect.unreachable();
    } catch (error) {
      expect(asFlagMessage((error as Error).message, TABLE)).toMatch(/^`--retention-days` is 'soon': use a number of days/);
    }
  });
});

describe('the terminal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('on a TTY draws compression and upload progress as a bar in one line redrawn in place, at most 10 times a second', async () => {
    vi.useFakeTimers();
    const err = sink(true);
    const log = new CliLogger(err, { verbose: false, now: () => Date.now() });
    let finishCompress!: () => void;
    const compress = log.group('Compress images', () => new Promise<void>((resolve) => (finishCompress = resolve)));
    log.progress({ stage: 'compress', done: 0, total: 8, bytes: 0 });
    vi.advanceTimersByTime(100);
    log.progress({ stage: 'compress', done: 2, total: 8, bytes: 2_500_000 });
    vi.advanceTimersByTime(100);
    expect(err.text).toContain('Compress images [--------------------] 0/8 images, 0 B');
    expect(err.text).toContain('Compress images [#####---------------] 2/8 images, 2.4 MB');
    finishCompress();
    await compress;
    expect(err.text).toContain('✓ Compress images (0.2s)\n');
    expect(err.text).not.toMatch(/compressed \d/);

    let finish!: () => void;
    const upload = log.group('Upload 480 files', () => new Promise<void>((resolve) => (finish = resolve)));
    const before = err.text.length;
    // However often the core reports, the line is drawn by the clock.
    for (let i = 1; i <= 100; i++) {
      log.progress({ stage: 'upload', done: i + 20, total: 480, bytes: 12_900_000 });
      vi.advanceTimersByTime(10);
    }
    const uploadText = err.text.slice(before);
    const draws = uploadText.split('\r\x1b[2K').length - 1;
    expect(draws).toBeGreaterThanOrEqual(9);
    expect(draws).toBeLessThanOrEqual(12);
    expect(uploadText).toContain('Upload 480 files [#####---------------] 120/480 files, 12.3 MB');
    expect(uploadText).not.toContain('images');
    expect(err.text).not.toContain('uploaded 120/480');
    log.warning('slow server');
    finish();
    await upload;
    expect(err.text).toContain('\r\x1b[2Kwarning: slow server\n');
    expect(err.text.endsWith('✓ Upload 480 files (1.0s)\n')).toBe(true);
  });

  it('on a narrow terminal cuts a long phase, never the progress after it', async () => {
    vi.useFakeTimers();
    const err = sink(true);
    err.columns = 80;
    const log = new CliLogger(err, { verbose: false, now: () => Date.now() });
    let finish!: () => void;
    const group = log.group(`Upload 9 files to s3://bucket/${'deep/'.repeat(20)}`, () => new Promise<void>((resolve) => (finish = resolve)));
    log.progress({ stage: 'upload', done: 3, total: 9, bytes: 1024 });
    vi.advanceTimersByTime(100);
    const last = err.text.split('\r\x1b[2K').at(-1)!;
    expect(last).toMatch(/^\S Upload 9 files to s3:\/\/bucket\/\S*… \[#{7}-{13}\] 3\/9 files, 1\.0 KB 0\.1s$/);
    expect(last.length).toBe(79);
    finish();
    await group;
  });

  it('elsewhere writes progress as plain lines, at most one a second per stage, and the last', () => {
    let t = 0;
    const err = sink(false);
    const log = new CliLogger(err, { verbose: false, now: () => t });
    log.progress({ stage: 'compress', done: 0, total: 4, bytes: 0 });
    for (let i = 1; i <= 4; i++, t += 400) log.progress({ stage: 'compress', done: i, total: 4, bytes: i * 1024 });
    for (let i = 1; i <= 30; i++, t += 100) log.progress({ stage: 'upload', done: i, total: 30, bytes: i * 2048 });
    expect(err.text.split('\n')).toEqual([
      'compressed 1/4 images, 1.0 KB',
      'compressed 4/4 images, 4.0 KB',
      'uploaded 1/30 files, 2.0 KB',
      'uploaded 11/30 files, 22.0 KB',
      'uploaded 21/30 files, 42.0 KB',
      'uploaded 30/30 files, 60.0 KB',
      '',
    ]);
    expect(err.text).not.toMatch(/[\r\x1b]/);
  });

  it('elsewhere writes plain lines, without control characters', async () => {
    const err = sink(false);
    const log = new CliLogger(err, { verbose: false });
    await log.group('Find files', async () => {
      log.info('uploaded 1/2 files, 3 B');
      log.warning('w');
      log.debug('hidden');
    });
    expect(err.text).toBe('Find files…\nuploaded 1/2 files, 3 B\nwarning: w\n');
  });
});

describe('runCli', () => {
  const run = async (argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> => {
    const out = sink();
    const err = sink();
    const code = await runCli(argv, { stdout: out, stderr: err, env, cwd: path.resolve(import.meta.dirname, '..'), inputs: TABLE });
    return { code, out: out.text, err: err.text };
  };
  const base = ['--bucket', 'b', '--path', '__fixtures__/outputs/data', '--test-name', 't', '--dry-run'];

  it('refuses --comment without a token or a pull request number, exit 2', async () => {
    expect(await run([...base, '--comment'])).toMatchObject({ code: 2, err: expect.stringMatching(/^error: `--comment` needs a token/) });
    expect(await run([...base, '--comment', '--github-token', 'x'])).toMatchObject({ code: 2, err: 'error: `--comment` needs the pull request: set --pr-number\n' });
    expect((await run([...base, '--comment', '--pr-number', '3'], { GITHUB_TOKEN: 'x' })).code).toBe(0);
  });

  it('--dry-run follows if-no-files-found as a publication would', async () => {
    const none = ['--bucket', 'b', '--path', 'no/such/dir', '--test-name', 't', '--dry-run'];
    expect(await run([...none, '--if-no-files-found', 'error'])).toMatchObject({ code: 2, err: expect.stringMatching(/^error: no files were found with the provided path: no\/such\/dir \(if-no-files-found: error\)\n$/) });
    const warned = await run(none);
    expect(warned.code).toBe(0);
    expect(warned.err).toMatch(/^warning: no files were found/m);
  });

  it('refuses a bad input as the action does, naming the flag, exit 2', async () => {
    const r = await run([...base, '--max-files', 'lots']);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe('error: `--max-files` is \'lots\': use a whole number of files, or 0 for no limit\n');
  });
});

describe('resultsText', () => {
  const report = (sinceBase: ResultsReport['sinceBase']): ResultsReport => ({
    passed: 5, failed: 1, skipped: 0, flaky: 0, total: 6, durationMs: 0, reports: [], moreFailures: 0, problems: [], traces: [],
    failures: [{ suite: 's', name: 'n', message: 'boom', reportPath: 'r.xml' }],
    pageUrl: 'https://x/index.html#results', failureUrls: [undefined], reportUrls: [], traceViewerUrls: [],
    ...(sinceBase ? { sinceBase } : {}),
  });
  it('says the change since the baseline in the words the comment uses, its label plain', () => {
    const since = (newlyFailing: number, fixed: number) => resultsText(report({ label: 'main\u001b[31m', newlyFailing, fixed, newlyFailingNames: [] }))[1];
    expect(since(2, 1)).toBe('  2 newly failing, 1 fixed since main [31m');
    expect(since(0, 0)).toBe('  No change in failures since main [31m');
    expect(resultsText(report(undefined))).toEqual(['tests: ❌ 1 failed · 5 passed', '  failed: s › n — boom']);
  });
});

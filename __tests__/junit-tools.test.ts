// The JUnit reader on reports that real tools write now, not only on the committed samples: the
// samples' test sources (__fixtures__/junit/<tool>/*.txt) run again under Vitest (always here: a
// dev dependency), pytest (when `python3 -m pytest` runs) and gotestsum (when `go` and `gotestsum`
// run: Debian's golang-go and gotestsum packages); REQUIRE_JUNIT_TOOLS=1 makes a missing tool a
// failure. The fresh report must read exactly like the committed one. A tool whose
// new version changes its JUnit output shows up here, with the sample to make again.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJUnit } from '../src/results/junit.js';
import { isJUnitFile } from '../src/results/junit-file.js';
import type { ParseProblem, ResultFile } from '../src/results/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, '__fixtures__/junit');
const tmp = mkdtempSync(path.join(tmpdir(), 'pto-junit-tools-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Durations differ from run to run; everything else must not.
const comparable = (parsed: ResultFile | ParseProblem) => {
  if (parsed.kind === 'problem') throw new Error(`expected results, got problem: ${parsed.reason}`);
  const { durationMs, reportPath: _path, ...rest } = parsed;
  expect(durationMs).toBeGreaterThanOrEqual(0);
  return { ...rest, failures: rest.failures.map(({ reportPath: _r, ...f }) => f) };
};
const committed = (name: string) => comparable(parseJUnit(readFileSync(path.join(FIXTURES, name)), name));

const runs = (command: string, args: string[]): boolean => spawnSync(command, args, { encoding: 'utf8' }).status === 0;
const HAVE_PYTEST = runs('python3', ['-m', 'pytest', '--version']);
const HAVE_GOTESTSUM = runs('go', ['version']) && runs('gotestsum', ['--version']);
const REQUIRE_TOOLS = process.env['REQUIRE_JUNIT_TOOLS'] === '1';

describe('reports made now by the tools', () => {
  it('Vitest’s JUnit reporter', async () => {
    const dir = path.join(tmp, 'vitest');
    execFileSync('mkdir', ['-p', dir]);
    copyFileSync(path.join(FIXTURES, 'vitest/cart.test.ts.txt'), path.join(dir, 'cart.test.ts'));
    writeFileSync(path.join(dir, 'vitest.config.mjs'), 'export default {};\n');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--reporter=junit', '--outputFile=results.xml'], { cwd: dir, encoding: 'utf8' });
    // The sample fails on purpose: exit 1 with a report, not a crash.
    expect(run.status, run.stderr).toBe(1);
    const report = path.join(dir, 'results.xml');
    expect(await isJUnitFile(report)).toBe(true);
    expect(comparable(parseJUnit(readFileSync(report), 'results.xml'))).toEqual(committed('vitest/results.xml'));
  });

  it.skipIf(!HAVE_PYTEST && !REQUIRE_TOOLS)('pytest --junitxml', async () => {
    if (!HAVE_PYTEST) throw new Error('REQUIRE_JUNIT_TOOLS=1 but `python3 -m pytest` does not run');
    const dir = path.join(tmp, 'pytest');
    execFileSync('mkdir', ['-p', dir]);
    copyFileSync(path.join(FIXTURES, 'pytest/test_cart.py.txt'), path.join(dir, 'test_cart.py'));
    const run = spawnSync('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-o', 'junit_logging=system-out', '-o', 'junit_family=xunit2', '--junitxml=results.xml', 'test_cart.py'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const report = path.join(dir, 'results.xml');
    expect(await isJUnitFile(report)).toBe(true);
    expect(comparable(parseJUnit(readFileSync(report), 'results.xml'))).toEqual(committed('pytest/results.xml'));
  });

  it.skipIf(!HAVE_GOTESTSUM && !REQUIRE_TOOLS)('gotestsum --junitfile --rerun-fails', async () => {
    if (!HAVE_GOTESTSUM) throw new Error('REQUIRE_JUNIT_TOOLS=1 but `go` or `gotestsum` does not run');
    const dir = path.join(tmp, 'go');
    const temp = path.join(dir, '.tmp');
    execFileSync('mkdir', ['-p', temp]);
    copyFileSync(path.join(FIXTURES, 'gotestsum/cart_test.go.txt'), path.join(dir, 'cart_test.go'));
    copyFileSync(path.join(FIXTURES, 'gotestsum/go.mod.txt'), path.join(dir, 'go.mod'));
    // The flaky test's marker lives in TMPDIR: a fresh one makes its first run fail again.
    const env = { ...process.env, TMPDIR: temp, GOPATH: path.join(dir, '.gopath'), GOCACHE: path.join(dir, '.gocache'), GOFLAGS: '-mod=mod' };
    const run = spawnSync('gotestsum', ['--junitfile', 'results.xml', '--rerun-fails=2', '--packages=./...', '--', '-count=1'], { cwd: dir, env, encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const report = path.join(dir, 'results.xml');
    expect(await isJUnitFile(report)).toBe(true);
    expect(comparable(parseJUnit(readFileSync(report), 'results.xml'))).toEqual(committed('gotestsum/results.xml'));
  });
});

// The history root's own folders, `latest/` and `pr/` (the stable links), are reserved: no
// default segment (repository, run, test, branch) is ever one of them, in any case, and a custom
// prefix with one after its first segment is refused with one line that names the input and the
// fix, from the action's inputs and from the command line's flags alike.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { inputTable } from '../src/cli/action-inputs.js';
import { runCli } from '../src/cli/main.js';
import type { RunContext } from '../src/config.js';
import { keySegment, validatePrefix } from '../src/files/keys.js';
import { defaultPrefix } from '../src/inputs.js';
import { HISTORY_DIRS, isHistoryDir } from '../src/layout.js';
import { InputError } from '../src/util/errors.js';

const VARIANTS = ['latest', 'Latest', 'LATEST', 'lAtEsT', 'pr', 'PR', 'Pr', 'pR'];

describe('key segments', () => {
  it('never keep a history folder name, in any case; each variant gets its own changed segment', () => {
    const segments = VARIANTS.map(keySegment);
    for (const s of segments) {
      expect(s).toMatch(/^(latest|pr)--[0-9a-f]{12}$/i);
      expect(isHistoryDir(s)).toBe(false);
    }
    expect(new Set(segments).size).toBe(VARIANTS.length);
  });

  it('keep names that only look alike', () => {
    for (const name of ['latest-1', 'latest.x', 'prs', 'pr1', 'pr_17', 'main']) expect(keySegment(name)).toBe(name);
  });
});

const context = (repository: string, runId: string): RunContext => ({ repository, sha: 'abc', ref: '', runId, runAttempt: '1', workflow: '', job: '', serverUrl: '', workspace: '/' });

describe('the default prefix', () => {
  it('puts no segment after the first among the stable links, whatever the repository, run id or test name', () => {
    for (const name of [...HISTORY_DIRS, 'Latest', 'PR']) {
      for (const prefix of [defaultPrefix(context(`${name}/${name}`, name), name), defaultPrefix(context(`o/r`, name), name)]) {
        const later = prefix.split('/').slice(1);
        expect(later.filter(isHistoryDir)).toEqual([]);
        expect(() => validatePrefix(prefix)).not.toThrow();
      }
    }
  });
});

describe('a custom prefix', () => {
  const refusal = (prefix: string): string => {
    try {
      validatePrefix(prefix);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${prefix}`);
  };

  it('is refused with a history folder name after its first segment, in any case, at any depth', () => {
    for (const v of VARIANTS) {
      for (const prefix of [`results/${v}`, `o/r/${v}/unit`, `o/${v}/123/unit`, `a/b/c/${v}`]) {
        expect(refusal(prefix)).toBe(
          `input \`prefix\` has the segment '${v}' after its first, where the stable links of the publications above live (<root>/latest/, <root>/pr/): rename that segment, e.g. '${v}-runs'`,
        );
      }
    }
  });

  it('is accepted with one as its first segment (no history root above it), or with names that only look alike', () => {
    for (const prefix of ['latest/o/r', 'pr/123/unit', 'o/r/latest-runs/unit', 'o/r/pr-17/unit', 'o/prs/1/unit']) expect(validatePrefix(prefix)).toBe(prefix);
  });
});

describe('the command line', () => {
  const TABLE = inputTable((parse(readFileSync(path.resolve(import.meta.dirname, '../action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> }).inputs);
  const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runCli(['--bucket', 'b', '--path', '__fixtures__/outputs/data', '--dry-run', '--json', ...(argv.includes('--test-name') ? [] : ['--test-name', 't']), ...argv], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      env: {},
      cwd: path.resolve(import.meta.dirname, '..'),
      inputs: TABLE,
    });
    return { code, out, err };
  };

  it('refuses --prefix with a history folder after its first segment (exit 2, the flag named)', async () => {
    for (const v of ['latest', 'PR']) {
      const r = await run(['--prefix', `o/r/${v}/x`]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`error: \`--prefix\` has the segment '${v}' after its first`);
    }
  });

  it('names the stable links a publication would update in its dry run', async () => {
    const r = await run(['--repository', 'o/r', '--run-id', '9', '--branch', 'main']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { stableLinks: string[] }).stableLinks).toEqual(['o/r/latest/main/t/index.html']);
  });

  it('changes --run-id, --repository and --test-name values named like them in the default prefix', async () => {
    for (const v of ['latest', 'pr', 'Latest']) {
      const r = await run(['--run-id', v, '--repository', `${v}/${v}`, '--test-name', v]);
      expect(r.code).toBe(0);
      const segments = (JSON.parse(r.out) as { prefix: string }).prefix.split('/');
      expect(segments).toEqual([keySegment(v), keySegment(v), `${v}-1`, keySegment(v)]);
      expect(segments.slice(1).filter(isHistoryDir)).toEqual([]);
    }
  });
});

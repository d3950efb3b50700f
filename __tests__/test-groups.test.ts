// The test suite's four projects (vitest.config.ts), checked as vitest itself resolves them: every
// test file on disk belongs to exactly one project, the one its name says, so `npm test` runs
// each file once and a new file is placed by its name alone.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const TESTS = path.join(ROOT, '__tests__');
/** Any file vitest or a reader would take for a test, whatever its extension. */
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** The group a file's name asks for: `x.integration.test.ts` → integration, `x.test.ts` → unit. */
function groupOf(file: string): string {
  return /\.(integration|browser|dist)\.test\.ts$/.exec(file)?.[1] ?? 'unit';
}

const onDisk = readdirSync(TESTS, { recursive: true, encoding: 'utf8' })
  .filter((f) => TEST_FILE.test(f) && !f.split(path.sep).includes('node_modules'))
  .map((f) => f.split(path.sep).join('/'))
  .sort();

/** `vitest list --filesOnly --json` run afresh: [file relative to __tests__, project] pairs. */
function listed(): Array<[string, string]> {
  // This run's own VITEST* variables would make the child think it is a worker of this run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
  const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'list', '--filesOnly', '--json'], {
    cwd: ROOT,
    env: { ...env, NODE_ENV: 'test' },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const files = JSON.parse(out.slice(out.indexOf('['))) as Array<{ file: string; projectName?: string }>;
  return files.map((f) => [path.relative(TESTS, f.file).split(path.sep).join('/'), f.projectName ?? '(no project)']);
}

describe('test projects (vitest.config.ts)', () => {
  it('finds the test files, in every group', () => {
    expect(onDisk.length).toBeGreaterThan(40);
    expect(new Set(onDisk.map(groupOf))).toEqual(new Set(['unit', 'integration', 'browser', 'dist']));
  });

  it('puts every test file in exactly one project, the one its name says', () => {
    const projects = new Map<string, string[]>();
    for (const [file, project] of listed()) projects.set(file, [...(projects.get(file) ?? []), project]);
    const wrong = onDisk
      .map((file) => ({ file, projects: projects.get(file) ?? [] }))
      .filter(({ file, projects: p }) => p.length !== 1 || p[0] !== groupOf(file) || !file.endsWith('.test.ts'))
      .map(({ file, projects: p }) => `${file}: in ${p.length ? p.join(' and ') : 'no project'}, named for ${file.endsWith('.test.ts') ? groupOf(file) : 'none (name it *.test.ts)'}`);
    expect(wrong).toEqual([]);
    // And vitest runs nothing that is not a test file on disk.
    expect([...projects.keys()].filter((f) => !onDisk.includes(f))).toEqual([]);
  }, 60_000);
});

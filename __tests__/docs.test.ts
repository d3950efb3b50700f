// The README's inputs and outputs tables must say what action.yml says.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../src/inputs.js';

interface ActionYml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const root = path.resolve(import.meta.dirname, '..');
let action: ActionYml;
let readme: string;

/** Rows of the first table after `## <heading>`, as arrays of trimmed cells. */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThan(-1);
  const lines = markdown.slice(start).split('\n').slice(2);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  const rows = table.slice(0, table.findIndex((l) => !l.startsWith('|')));
  return rows.slice(2).map((r) => r.split('|').slice(1, -1).map((c) => c.trim()));
}

const name = (cell: string | undefined): string => (cell ?? '').replace(/`/g, '');

beforeAll(async () => {
  action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml;
  readme = await readFile(path.join(root, 'README.md'), 'utf8');
});

describe('README and action.yml', () => {
  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('list the same inputs, in the same order, with the same required flags and defaults', () => {
    const rows = tableRows(readme, 'Inputs');
    expect(rows.map((r) => name(r[0]))).toEqual(Object.keys(action.inputs));
    for (const row of rows) {
      const input = action.inputs[name(row[0])]!;
      expect(row[1], `required flag of ${row[0]}`).toBe(input.required ? 'yes' : 'no');
      if (input.default !== undefined) expect(row[2], `default of ${row[0]}`).toContain(`\`${input.default}\``);
      expect(input.description.length, `${row[0]} is described in action.yml`).toBeGreaterThan(20);
    }
  });

  it('list the same outputs', () => {
    expect(tableRows(readme, 'Outputs').map((r) => name(r[0]))).toEqual(Object.keys(action.outputs));
  });

  it('give the code\'s default concurrency', () => {
    expect(action.inputs['concurrency']?.default).toBe(String(DEFAULT_CONCURRENCY));
  });

  it('show the two commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
  });
});

describe('README workflows', () => {
  const blocks = (): string[] => [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  function steps(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
    if (Array.isArray(node)) node.forEach((n) => steps(n, found));
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o['uses'] === 'string' && o['uses'].includes('publish-test-outputs@')) found.push(o);
      Object.values(o).forEach((v) => steps(v, found));
    }
    return found;
  }

  it('are valid YAML', () => {
    expect(blocks().length).toBeGreaterThanOrEqual(6);
    for (const block of blocks()) expect((): unknown => parse(block), block.slice(0, 80)).not.toThrow();
  });

  it('use only inputs that action.yml declares, and give every required one', () => {
    const uses = blocks().flatMap((b) => steps(parse(b)));
    expect(uses.length).toBeGreaterThanOrEqual(5);
    const required = Object.entries(action.inputs).filter(([, i]) => i.required).map(([n]) => n);
    for (const step of uses) {
      const given = Object.keys((step['with'] as Record<string, unknown> | undefined) ?? {});
      for (const name of given) expect(Object.keys(action.inputs), `input ${name}`).toContain(name);
      for (const name of required) expect(given, `required input ${name}`).toContain(name);
    }
  });
});

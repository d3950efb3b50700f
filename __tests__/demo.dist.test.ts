// `npm run demo` as a new user runs it: the built action publishes the sample outputs to the
// embedded S3 server, the URL printed opens the root page, and every link works.
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crawlPublication } from './helpers/crawl.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(repoRoot, '__fixtures__/outputs');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

function startDemo(args: string[]) {
  const child = spawn(process.execPath, ['scripts/demo.mjs', ...args], { cwd: repoRoot, env: { ...process.env, DEMO_PORT: '0' } });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /Open in a browser:\s+(http:\/\/\S+\/index\.html)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`demo exited before printing a URL:\n${stdout}`)));
  });
  return { child, url, exited, output: () => stdout };
}

describe('npm run demo', () => {
  it('prints a browse URL whose pages and links all work, and serves until stopped', async () => {
    const demo = startDemo([]);
    try {
      const url = await demo.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-outputs\/octo-org\/octo-repo\/\d+-1\/demo-suite--[0-9a-f]{12}\/index\.html$/);
      const root = await (await fetch(url)).text();
      expect(root).toContain('<title>demo suite</title>');
      const files = await listFiles(fixtures);
      const { seen, base } = await crawlPublication(url, fixtures, files);
      for (const rel of files) expect(seen.has(base + rel.split('/').map(encodeURIComponent).join('/')), rel).toBe(true);
    } finally {
      demo.child.kill('SIGTERM');
    }
    expect(await demo.exited).toBe(0);
  });

  it('--once exits after printing the URL', async () => {
    const demo = startDemo(['--once']);
    await demo.url;
    expect(await demo.exited).toBe(0);
  });
});

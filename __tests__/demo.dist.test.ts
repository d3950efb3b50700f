// `npm run demo` as a new user runs it: the built action publishes the sample outputs to the
// embedded S3 server, the URL printed opens the root page, and every link works; it prints the
// action's log as human lines, and the URLs of the job summary and the pull-request comment.
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

  it('--once prints human lines and the URLs of the pages, the summary and the comment, then exits', async () => {
    const demo = startDemo(['--once']);
    await demo.url;
    expect(await demo.exited).toBe(0);
    const out = demo.output();
    // No workflow command reaches the terminal: groups are headers, debug lines and masks are gone.
    expect(out).not.toMatch(/^::/m);
    expect(out).not.toContain('S3RVER');
    expect(out).toMatch(/^== Find files\n {2}found 14 files/m);
    // The 14 files and the photo's original (keep-originals: auto: its copy loses detail).
    expect(out).toMatch(/^== Upload 15 files to s3:\/\/test-outputs\//m);
    // The comment is posted to the local GitHub API, so its group is not empty, or not shown.
    expect(out).toMatch(/commented on pull request #42/);
    const lines = out.split('\n');
    lines.forEach((line, i) => {
      if (line.startsWith('== ')) expect(lines[i + 1] ?? '', `${line} has lines under it`).toMatch(/^ {2}\S/);
    });
    expect(out).toMatch(/job summary: +http:\/\/127\.0\.0\.1:\d+\/github-demo\/octo-org\/octo-repo\/actions\/runs\/1658821493\/attempts\/1\/summary\.html$/m);
    expect(out).toMatch(/pull-request comment: +http:\/\/127\.0\.0\.1:\d+\/github-demo\/octo-org\/octo-repo\/pull\/42\/comment\.html$/m);
  });

  it('serves the summary and comment pages, rendered from the Markdown the action wrote and posted', async () => {
    const demo = startDemo([]);
    try {
      await demo.url;
      await expect.poll(() => demo.output(), { timeout: 30_000 }).toContain('serving until Ctrl-C');
      const summaryUrl = /job summary: +(\S+)/.exec(demo.output())![1]!;
      const commentUrl = /pull-request comment: +(\S+)/.exec(demo.output())![1]!;
      for (const url of [summaryUrl, commentUrl]) {
        const res = await fetch(url);
        expect(res.status, url).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const html = await res.text();
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
        expect(html).toContain('<h3>Test outputs: demo suite</h3>');
        expect(html).not.toMatch(/<script/i);
      }
      // The comment's Markdown link became a link to the browse URL.
      const comment = await (await fetch(commentUrl)).text();
      expect(comment).toMatch(/<strong><a href="http:\/\/127\.0\.0\.1:\d+\/test-outputs\/[^"]+\/index\.html">Browse the outputs<\/a><\/strong>/);
    } finally {
      demo.child.kill('SIGTERM');
    }
    expect(await demo.exited).toBe(0);
  });
});

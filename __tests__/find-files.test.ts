import { create } from '@actions/glob';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commonAncestor, findFiles, searchRoot, type FoundFiles } from '../src/files/find-files.js';

let tmp: string;
let originalCwd: string;

/** Creates files (relative to `tmp`) with the given contents, making parent directories. */
async function layout(files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(tmp, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

const relativePaths = (found: FoundFiles): string[] => found.files.map((f) => f.relativePath);
const at = (...parts: string[]): string => path.join(tmp, ...parts);
// The workspace is the test's temp dir, read when a test runs (tmp is set in beforeEach).
const defaults = {
  glob: create,
  includeHiddenFiles: false,
  maxFiles: 0,
  get workspace(): string {
    return tmp;
  },
};

beforeEach(async () => {
  originalCwd = process.cwd();
  // realpath: the temp dir may be reached through a symlink (macOS /var → /private/var).
  tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'find-files-test-')));
});

afterEach(async () => {
  process.chdir(originalCwd);
  await rm(tmp, { recursive: true, force: true });
});

describe('findFiles', () => {
  it('keeps the structure relative to a directory pattern', async () => {
    await layout({ 'out/a.txt': 'a', 'out/sub/b.txt': 'bb', 'out/sub/deeper/c.png': 'ccc', 'elsewhere.txt': 'x' });
    const found = await findFiles([at('out')], defaults);
    expect(found.root).toBe(at('out'));
    expect(relativePaths(found)).toEqual(['a.txt', 'sub/b.txt', 'sub/deeper/c.png']);
    expect(found.hiddenSkipped).toBe(0);
  });

  it('reports the absolute path and size of each file', async () => {
    await layout({ 'out/a.txt': 'hello', 'out/empty.log': '' });
    const found = await findFiles([at('out')], defaults);
    expect(found.files).toEqual([
      { absolutePath: at('out', 'a.txt'), relativePath: 'a.txt', size: 5, modified: expect.any(Date) },
      { absolutePath: at('out', 'empty.log'), relativePath: 'empty.log', size: 0, modified: expect.any(Date) },
    ]);
  });

  it("uses a single file's parent directory as the root", async () => {
    await layout({ 'out/sub/report.html': '<html></html>', 'out/sub/other.txt': 'x' });
    const found = await findFiles([at('out', 'sub', 'report.html')], defaults);
    expect(found.root).toBe(at('out', 'sub'));
    expect(relativePaths(found)).toEqual(['report.html']);
  });

  it('uses the common ancestor of two directories as the root', async () => {
    await layout({ 'build/test/out/a.txt': 'a', 'build/logs/run.log': 'log', 'build/ignored.txt': 'x' });
    const found = await findFiles([at('build', 'test', 'out'), at('build', 'logs')], defaults);
    expect(found.root).toBe(at('build'));
    expect(relativePaths(found)).toEqual(['logs/run.log', 'test/out/a.txt']);
  });

  it("uses the glob's directory as the root of a wildcard pattern", async () => {
    await layout({ 'out/a.txt': 'a', 'out/sub/b.txt': 'b', 'out/sub/c.png': 'c' });
    const found = await findFiles([`${at('out')}/**/*.txt`], defaults);
    expect(found.root).toBe(at('out'));
    expect(relativePaths(found)).toEqual(['a.txt', 'sub/b.txt']);
  });

  it("leaves out files matching a relative '!**/*.tmp' exclude (patterns relative to the cwd)", async () => {
    await layout({ 'out/a.txt': 'a', 'out/a.tmp': 't', 'out/sub/b.tmp': 't', 'out/sub/b.csv': 'b' });
    process.chdir(tmp);
    const found = await findFiles(['out', '!**/*.tmp'], defaults);
    expect(found.root).toBe(at('out'));
    expect(relativePaths(found)).toEqual(['a.txt', 'sub/b.csv']);
    expect(found.files.every((f) => path.isAbsolute(f.absolutePath))).toBe(true);
  });

  it('leaves out hidden files and files in hidden directories by default, and counts them', async () => {
    await layout({ 'out/a.txt': 'a', 'out/.secret': 's', 'out/.cache/c.txt': 'c', 'out/sub/.hidden/d.txt': 'd' });
    const found = await findFiles([at('out')], defaults);
    expect(relativePaths(found)).toEqual(['a.txt']);
    expect(found.hiddenSkipped).toBe(3);
  });

  it('includes hidden files with includeHiddenFiles', async () => {
    await layout({ 'out/a.txt': 'a', 'out/.secret': 's', 'out/.cache/c.txt': 'c' });
    const found = await findFiles([at('out')], { ...defaults, includeHiddenFiles: true });
    expect(relativePaths(found)).toEqual(['.cache/c.txt', '.secret', 'a.txt']);
    expect(found.hiddenSkipped).toBe(0);
  });

  it('does not treat a hidden directory named explicitly as the pattern root as hidden', async () => {
    await layout({ '.reports/index.html': 'i', '.reports/sub/r.txt': 'r', '.reports/.tmp/x.txt': 'x' });
    const found = await findFiles([at('.reports')], defaults);
    expect(found.root).toBe(at('.reports'));
    expect(relativePaths(found)).toEqual(['index.html', 'sub/r.txt']);
    expect(found.hiddenSkipped).toBe(1);
  });

  it('does not treat a hidden root named by a relative glob as hidden', async () => {
    await layout({ '.reports/a.txt': 'a', '.reports/sub/b.txt': 'b' });
    process.chdir(tmp);
    const found = await findFiles(['.reports/**/*.txt'], defaults);
    expect(found.root).toBe(at('.reports'));
    expect(relativePaths(found)).toEqual(['a.txt', 'sub/b.txt']);
    expect(found.hiddenSkipped).toBe(0);
  });

  it('returns no files when nothing matches', async () => {
    await layout({ 'out/a.txt': 'a' });
    const found = await findFiles([at('missing')], defaults);
    expect(found.files).toEqual([]);
    expect(found.hiddenSkipped).toBe(0);
    expect(found.root).toBe(at('missing'));
  });

  it('returns no files when a glob matches nothing in an existing directory', async () => {
    await layout({ 'out/a.txt': 'a' });
    const found = await findFiles([`${at('out')}/**/*.png`], defaults);
    expect(found.files).toEqual([]);
  });

  it('lists a file matched by two patterns once', async () => {
    await layout({ 'out/a.txt': 'a', 'out/b.txt': 'b' });
    const found = await findFiles([at('out'), `${at('out')}/*.txt`], defaults);
    expect(relativePaths(found)).toEqual(['a.txt', 'b.txt']);
  });
});

describe('searchRoot', () => {
  it('is the directory itself for one directory and the parent for one file', async () => {
    await layout({ 'out/a.txt': 'a' });
    expect(await searchRoot([at('out')])).toBe(at('out'));
    expect(await searchRoot([at('out', 'a.txt')])).toBe(at('out'));
  });

  it('is the common ancestor for several paths', async () => {
    await layout({ 'out/a.txt': 'a', 'out/b.txt': 'b' });
    expect(await searchRoot([at('out', 'a.txt'), at('out', 'b.txt')])).toBe(at('out'));
  });
});

describe('commonAncestor', () => {
  it('returns the path itself for one path', () => {
    expect(commonAncestor(['/a/b/c'])).toBe(path.resolve('/a/b/c'));
  });

  it('returns the deepest shared directory', () => {
    expect(commonAncestor(['/a/b/c', '/a/b/d/e'])).toBe(path.resolve('/a/b'));
  });

  it('returns the ancestor when one path contains the other', () => {
    expect(commonAncestor(['/a/b/c', '/a/b'])).toBe(path.resolve('/a/b'));
    expect(commonAncestor(['/a/b', '/a/b/c'])).toBe(path.resolve('/a/b'));
  });

  it('compares whole segments, not string prefixes (/a/b vs /a/bc)', () => {
    expect(commonAncestor(['/a/b', '/a/bc'])).toBe(path.resolve('/a'));
  });

  it('returns the filesystem root when paths share nothing else', () => {
    expect(commonAncestor(['/a/x', '/b/y'])).toBe(path.resolve('/'));
  });

  it('ignores trailing separators', () => {
    expect(commonAncestor(['/a/b/', '/a/b/c'])).toBe(path.resolve('/a/b'));
  });

  it('resolves relative paths against the cwd', () => {
    expect(commonAncestor(['x/y', 'x/z'])).toBe(path.resolve('x'));
  });

  it('throws for no paths', () => {
    expect(() => commonAncestor([])).toThrow();
  });
});

describe('findFiles: symbolic links, odd names and too many files', () => {
  let outside: string;
  beforeEach(async () => {
    outside = await realpath(await mkdtemp(path.join(os.tmpdir(), 'find-files-outside-')));
    await writeFile(path.join(outside, 'secret.txt'), 'not yours');
    await mkdir(path.join(outside, 'dir'));
    await writeFile(path.join(outside, 'dir', 'inner.txt'), 'not yours either');
  });
  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it('follows links that stay in the workspace, and skips links that leave it, once per link, with the reason', async () => {
    await layout({ 'ws/out/a.txt': 'a', 'ws/shared/common.txt': 'c' });
    await symlink('../shared/common.txt', at('ws', 'out', 'common.txt'));
    await symlink(path.join(outside, 'secret.txt'), at('ws', 'out', 'secret.txt'));
    await symlink(path.join(outside, 'dir'), at('ws', 'out', 'elsewhere'));
    const found = await findFiles([at('ws', 'out')], { ...defaults, workspace: at('ws') });
    expect(relativePaths(found)).toEqual(['a.txt', 'common.txt']);
    expect(found.skipped).toEqual([
      { path: 'elsewhere', reason: `it is a symbolic link to ${path.join(outside, 'dir')}, outside the workspace, so the 1 file under it is left out: name that location in \`path\` to publish it` },
      { path: 'secret.txt', reason: `it is a symbolic link to ${path.join(outside, 'secret.txt')}, outside the workspace, so it is left out: name that location in \`path\` to publish it` },
    ]);
  });

  it('reads a location outside the workspace when `path` names it', async () => {
    await layout({ 'ws/out/a.txt': 'a' });
    const found = await findFiles([path.join(outside, 'dir')], { ...defaults, workspace: at('ws') });
    expect(relativePaths(found)).toEqual(['inner.txt']);
    expect(found.skipped).toEqual([]);
  });

  it('reports a link loop and a broken link, and still finds the rest', async () => {
    await layout({ 'out/a.txt': 'a', 'out/sub/b.txt': 'b' });
    await symlink('..', at('out', 'sub', 'loop'));
    await symlink('/nonexistent/target', at('out', 'broken'));
    const found = await findFiles([at('out')], defaults);
    expect(relativePaths(found)).toEqual(['a.txt', 'sub/b.txt']);
    expect(found.skipped).toEqual([
      { path: 'broken', reason: 'it is a broken symbolic link' },
      { path: 'sub/loop', reason: `it is a symbolic link to ${at('out')}, which contains it (a loop): it is not followed` },
    ]);
  });

  it('skips a name with a control character, shown escaped', async () => {
    await layout({ 'out/a.txt': 'a', 'out/bell\u0007.txt': 'b' });
    const found = await findFiles([at('out')], defaults);
    expect(relativePaths(found)).toEqual(['a.txt']);
    expect(found.skipped).toEqual([{ path: 'bell\\u0007.txt', reason: expect.stringContaining('control character') }]);
  });

  it('refuses more files than maxFiles, naming both inputs', async () => {
    await layout(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`out/f${i}.txt`, 'x'])));
    await expect(findFiles([at('out')], { ...defaults, maxFiles: 10 })).rejects.toThrow(/input `path` matched 12 files, more than `max-files` \(10\)/);
    expect((await findFiles([at('out')], { ...defaults, maxFiles: 12 })).files).toHaveLength(12);
  });
});

describe('findFiles: named pipes, sockets and devices', () => {
  let server: net.Server;
  const fifo = (): string => at('out', 'pipe');
  beforeEach(async () => {
    await layout({ 'out/a.txt': 'a', 'out/sub/b.txt': 'b' });
    execFileSync('mkfifo', [fifo()]);
    server = net.createServer();
    await new Promise<void>((resolve) => server.listen(at('out', 'sub', 'sock'), resolve));
  });
  afterEach(async () => {
    // Should a regression open the pipe, its reader is blocked until a writer comes: come as one,
    // so the test fails by its timeout and the suite still ends.
    try {
      closeSync(openSync(fifo(), constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: nobody is reading it, as it should be.
    }
    await new Promise((resolve) => server.close(resolve));
  });

  const specialWarning = (names: string, count: number) => ({
    path: names,
    reason: count === 1 ? 'it is not a regular file, so it is never read (pipes, sockets and devices have no contents to publish)' : `these ${count} are not regular files, so they are never read (pipes, sockets and devices have no contents to publish)`,
  });

  it('skips a pipe and a socket found by a directory pattern or a glob, with one warning naming both', { timeout: 5000 }, async () => {
    for (const pattern of [at('out'), at('out', '**', '*')]) {
      const found = await findFiles([pattern], defaults);
      expect(relativePaths(found), pattern).toEqual(['a.txt', 'sub/b.txt']);
      expect(found.skipped, pattern).toEqual([specialWarning('pipe (named pipe), sub/sock (socket)', 2)]);
    }
  });

  it('skips a pipe or a socket named explicitly in `path`', { timeout: 5000 }, async () => {
    const pipe = await findFiles([fifo(), at('out', 'a.txt')], defaults);
    expect(relativePaths(pipe)).toEqual(['a.txt']);
    expect(pipe.skipped).toEqual([specialWarning('pipe (named pipe)', 1)]);
    const socket = await findFiles([at('out', 'sub', 'sock')], defaults);
    expect(socket.files).toEqual([]);
    expect(socket.skipped).toEqual([specialWarning('sock (socket)', 1)]);
  });

  it('skips a device named explicitly (/dev/zero would never end)', { timeout: 5000 }, async () => {
    const found = await findFiles(['/dev/zero', '/dev/null'], defaults);
    expect(found.files).toEqual([]);
    expect(found.skipped).toEqual([specialWarning('null (device), zero (device)', 2)]);
  });

  it('names ten and counts the rest', { timeout: 5000 }, async () => {
    for (let i = 0; i < 12; i++) execFileSync('mkfifo', [at('out', `p${String(i).padStart(2, '0')}`)]);
    const found = await findFiles([at('out')], defaults);
    expect(found.skipped).toHaveLength(1);
    expect(found.skipped[0]!.path).toMatch(/^p00 \(named pipe\), .*p09 \(named pipe\) and 4 more$/);
  });
});

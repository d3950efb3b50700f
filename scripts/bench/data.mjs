// @ts-check
// Datasets the upload cases send, generated into a temp dir (never committed, deleted after).
// Contents are random so no layer (server, proxy) can profit from compression or dedup.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

/**
 * A generated dataset: its folder, its files (relative path, size), their total, and cleanup.
 * @typedef {{ root: string, files: { rel: string, size: number }[], bytes: number, remove: () => Promise<void> }} Dataset
 */

/**
 * `count` files of `size` bytes in nested folders, `perDir` files per leaf folder (a/b/ two levels).
 * @param {number} count
 * @param {number} size
 * @param {{ perDir?: number, name?: string }} [options]
 * @returns {Promise<Dataset>}
 */
export async function makeFiles(count, size, { perDir = 20, name = 'files' } = {}) {
  const root = await mkdtemp(path.join(tmpdir(), `pto-bench-${name}-`));
  const files = [];
  for (let i = 0; i < count; i++) {
    const leaf = Math.floor(i / perDir);
    const rel = `suite-${Math.floor(leaf / 10)}/case-${leaf % 10}/output-${String(i).padStart(5, '0')}.log`;
    files.push({ rel, size });
  }
  const dirs = new Set(files.map((f) => path.dirname(f.rel)));
  for (const d of dirs) await mkdir(path.join(root, d), { recursive: true });
  // A few writes at a time: fast, without opening thousands of files at once.
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map((f) => writeFile(path.join(root, f.rel), randomBytes(size))));
  }
  return { root, files, bytes: count * size, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * One file of `size` bytes, written in 8 MiB random chunks (never whole in memory).
 * @param {number} size
 * @returns {Promise<Dataset>}
 */
export async function makeBigFile(size) {
  const root = await mkdtemp(path.join(tmpdir(), 'pto-bench-big-'));
  const rel = 'big.bin';
  const out = createWriteStream(path.join(root, rel));
  const chunk = 8 * 1024 * 1024;
  for (let written = 0; written < size; written += chunk) {
    if (!out.write(randomBytes(Math.min(chunk, size - written)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { root, files: [{ rel, size }], bytes: size, remove: () => rm(root, { recursive: true, force: true }) };
}

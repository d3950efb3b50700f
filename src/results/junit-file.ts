// JUnit reports on disk: the sniff and the parse of a file, with the size bound applied before
// anything is read, so that a 200 MB (or endless) file costs one stat and a bounded read, not
// its size in memory. The only file I/O of src/results/.
import { open, stat } from 'node:fs/promises';
import { JUNIT_SNIFF_BYTES, isJUnit } from './junit-sniff.js';
import { MAX_JUNIT_BYTES, parseJUnit, tooLarge, type JUnitOptions } from './junit.js';
import type { ParseProblem, ResultFile } from './types.js';

const READ_CHUNK = 1024 * 1024;

/** Whether the file at `path` is a JUnit report, by its first bytes; false when unreadable. */
export async function isJUnitFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(JUNIT_SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return isJUnit(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * The report at `path` (a local file), named `reportPath` in what comes out. Never throws: an
 * unreadable, oversized or malformed file is a ParseProblem.
 */
export async function parseJUnitFile(path: string, reportPath: string, options: JUnitOptions = {}): Promise<ResultFile | ParseProblem> {
  const maxBytes = options.maxBytes ?? MAX_JUNIT_BYTES;
  try {
    // Opening a FIFO or a device for reading can block forever: only a regular file is opened.
    if (!(await stat(path)).isFile()) return { kind: 'problem', reportPath, reason: 'not a regular file: not read' };
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) return { kind: 'problem', reportPath, reason: tooLarge(size, maxBytes) };
      // Read to the end, not to the size the stat gave: a report still being written can grow,
      // and stopping one chunk past the limit bounds what that costs.
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.alloc(Math.min(READ_CHUNK, maxBytes - total + 1));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        if (total > maxBytes) return { kind: 'problem', reportPath, reason: `grew while being read: ${tooLarge(total, maxBytes)}` };
      }
      return parseJUnit(Buffer.concat(chunks, total), reportPath, { maxBytes });
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'problem', reportPath, reason: `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})` };
  }
}

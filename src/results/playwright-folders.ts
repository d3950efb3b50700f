// Where Playwright Test puts a test's outputs: `<outputDir>/<name>/`, the name made from the test
// file (its `.spec.*`/`.test.*` ending cut, `/` as `-`) and the titles below the file, with every
// run of characters outside [A-Za-z0-9-] turned into `-`, cut to 60 characters with a hash in
// the middle when longer, then `-<project>`, `-retry<n>`, `-repeat<n>`. Its JUnit reporter names
// a case by those titles joined with ` › ` and its class by the file: enough to name the folder
// again. Pure (node:crypto only for the hash Playwright uses).
import { createHash } from 'node:crypto';

/** Playwright's sanitizeForFilePath. */
export const sanitizeForFilePath = (s: string): string => s.replace(/[\x00-\x2C\x2E-\x2F\x3A-\x40\x5B-\x60\x7B-\x7F]+/g, '-');

/** Playwright's trimLongString: the start and the end kept, a short SHA-1 between. */
export function trimLongString(s: string, length: number): string {
  if (s.length <= length) return s;
  const middle = `-${createHash('sha1').update(s).digest('hex').slice(0, 5)}-`;
  const start = Math.floor((length - middle.length) / 2);
  const end = length - middle.length - start;
  return s.slice(0, start) + middle + s.slice(-end);
}

// Playwright cuts folder names to 60 characters (Windows' path limit); older versions to 100.
const TRIM_LENGTHS = [60, 100];
const SPEC_ENDING = /\.(?:spec|test)\.(?:js|ts|jsx|tsx|mjs|mts|cjs|cts)$/;

/**
 * The names Playwright may have given the output folder of a test (before any `-<project>` or
 * `-retry<n>` suffix), from the JUnit case's class (the test file) and name; none when the case
 * does not look like Playwright's (no class naming a test file).
 */
export function playwrightFolderNames(test: { name: string; classname?: string }): string[] {
  const file = test.classname;
  if (file === undefined || !SPEC_ENDING.test(file) || test.name === '') return [];
  const title = sanitizeForFilePath(test.name.split(' › ').join(' '));
  const withoutEnding = file.replace(SPEC_ENDING, '').replace(/\\/g, '/');
  // The file part is as Playwright writes it (only `/` replaced) and, for older versions,
  // sanitised whole.
  const bases = [`${withoutEnding.replace(/\//g, '-')}-${title}`, sanitizeForFilePath(`${withoutEnding}-${title}`)];
  return [...new Set(bases.flatMap((base) => [base, ...TRIM_LENGTHS.map((n) => trimLongString(base, n))]))];
}

/**
 * How well a folder's name fits one of `names`: 0 the first attempt's folder, 1 a retry's or a
 * repeat's, 2 with another suffix (the project's name); undefined when it does not fit.
 */
export function folderFit(folderName: string, names: readonly string[]): number | undefined {
  let best: number | undefined;
  for (const name of names) {
    if (folderName === name) return 0;
    if (!folderName.startsWith(`${name}-`)) continue;
    const rest = folderName.slice(name.length);
    const fit = /^-(?:retry|repeat)\d+$/.test(rest) ? 1 : 2;
    if (best === undefined || fit < best) best = fit;
  }
  return best;
}

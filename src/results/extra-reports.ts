// The reports an explicit `results` glob names: those among the outputs are read where they are;
// those outside them are published too, under the publication's `_results/` folder (layout.ts),
// so that the results link every report they were read from. Only files that look like JUnit
// reports (junit-sniff.ts) are added: a glob such as `**/*.xml` over a workspace matches build
// files that have no place in the outputs.
import path from 'node:path';
import type { FoundFile, GlobFactory } from '../files/find-files.js';
import { normalizePattern } from '../files/find-files.js';
import { stat } from 'node:fs/promises';
import { InputError } from '../util/errors.js';
import { isJUnitFile } from './junit-file.js';
import { MAX_REPORTS } from './collect.js';

export interface ExplicitReports {
  /** Absolute paths of the outputs the globs matched. */
  among: Set<string>;
  /** Reports outside the outputs, as files to publish (relative paths under `resultsDir`). */
  extra: FoundFile[];
}

/** Where an extra report goes: its path in the workspace, or its name when it lies outside. */
export function extraPath(resultsDir: string, workspace: string, absolutePath: string): string {
  const relative = path.relative(workspace, absolutePath).split(path.sep).join('/');
  const inside = relative !== '' && !relative.startsWith('../') && relative !== '..' && !path.isAbsolute(relative);
  return `${resultsDir}/${inside ? relative : path.basename(absolutePath)}`;
}

export async function explicitReports(
  patterns: readonly string[],
  o: { glob: GlobFactory; workspace: string; outputs: ReadonlySet<string>; resultsDir: string; debug: (m: string) => void },
): Promise<ExplicitReports> {
  const among = new Set<string>();
  const extra: FoundFile[] = [];
  if (patterns.length === 0) return { among, extra };
  let matches: string[];
  try {
    const globber = await o.glob(patterns.map(normalizePattern).join('\n'), { matchDirectories: false, implicitDescendants: true });
    matches = [...new Set(await globber.glob())].sort();
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/input `path`/g, 'input `results`') : String(error);
    throw new InputError(error instanceof InputError ? reason : `input \`results\` has a pattern @actions/glob cannot read (${reason}): fix that line`);
  }
  const taken = new Set<string>();
  for (const absolutePath of matches) {
    if (o.outputs.has(absolutePath)) {
      among.add(absolutePath);
      continue;
    }
    if (extra.length >= MAX_REPORTS) break;
    const info = await stat(absolutePath).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (!(await isJUnitFile(absolutePath))) {
      o.debug(`results: ${absolutePath} is not a JUnit report: not published`);
      continue;
    }
    let relativePath = extraPath(o.resultsDir, o.workspace, absolutePath);
    // Two reports of the same name outside the workspace.
    for (let n = 1; taken.has(relativePath); n++) relativePath = `${extraPath(o.resultsDir, o.workspace, absolutePath).replace(/(\.[^./]*)?$/, `-${n}$1`)}`;
    taken.add(relativePath);
    extra.push({ absolutePath, relativePath, size: info.size, modified: info.mtime });
  }
  return { among, extra };
}

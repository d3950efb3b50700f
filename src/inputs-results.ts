// The `results` input: which JUnit XML reports the publication reads (issue 17). Apart from
// inputs.ts, which reads every other input, because globs need their own splitting rules.
import type { ResultsSetting } from './config.js';
import { InputError } from './util/errors.js';

/** Splits on commas outside braces: `reports/*.xml, {a,b}/junit.xml` is two patterns. */
function splitCommas(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(line.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(line.slice(start));
  return parts;
}

/** `results`: `auto` (JUnit reports among the outputs, recognised by content), `off`, or globs
 * (newline- or comma-separated) naming more reports; auto's recognition runs beside them. */
export function parseResults(raw: string | undefined): ResultsSetting {
  if (raw === undefined) return { mode: 'auto', patterns: [] };
  const items = raw
    .split(/\r?\n/)
    .flatMap(splitCommas)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !p.startsWith('#'));
  const lower = items.map((p) => p.toLowerCase());
  const fix = 'use auto, off, or globs of JUnit XML reports (one per line or separated by commas)';
  if (lower.length === 1 && (lower[0] === 'off' || lower[0] === 'false' || lower[0] === 'none')) return { mode: 'off' };
  if (lower.some((p) => p === 'off' || p === 'false' || p === 'none')) throw new InputError(`input \`results\` is '${raw.trim()}': off cannot be combined with globs; ${fix}`);
  const patterns = items.filter((_, i) => lower[i] !== 'auto' && lower[i] !== 'true');
  if (patterns.length > 0 && patterns.every((p) => p.startsWith('!'))) {
    throw new InputError(`input \`results\` has only exclusions ('${patterns[0]}'): ${fix}`);
  }
  const control = patterns.find((p) => /[\u0000-\u001f\u007f]/.test(p));
  if (control !== undefined) throw new InputError(`input \`results\` has a pattern with a control character: ${fix}`);
  return { mode: 'auto', patterns };
}

// CSV and TSV for the comparison (pure): an RFC 4180 reader, and the cells that changed between
// two tables of the same shape. A line diff of a table shows that row 812 changed; the cells say
// that `loss` went from 0.31 to 0.29 in it, which is what a reviewer wants to know.
//
// Written here rather than taken from a package: the reader is a few dozen lines and its rules are
// the RFC's, where a CSV package (csv-parse) would add a dependency, with streams and options
// this has no use for, to the bundle.
import type { CellChange } from './types.js';

export type Delimiter = ',' | '\t';

/** Records of `text`, fields split at `delimiter`. A field that starts with `"` is quoted: it may
 * hold the delimiter, line breaks and `""` (one quote) and ends at the next lone `"`. Records end
 * at `\r\n` or `\n`; the break after the last record makes no empty record. Lenient where files
 * in the wild are: a `"` inside an unquoted field is kept as it is, text after a closing quote is
 * kept too, and an unclosed quote runs to the end. */
export function parseDelimited(text: string, delimiter: Delimiter): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  // Whether the current record has begun: a break right after another (an empty line) still
  // makes a record of one empty field, as the RFC reads it, but the end of the text does not.
  let started = false;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      // A quoted field: up to the quote that is not doubled.
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) {
          field += text.slice(i);
          i = n;
          break;
        }
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      started = true;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
      i++;
      started = true;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\n' ? 1 : 2;
      started = false;
    } else {
      // Plain characters up to the next one that means something.
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d === delimiter || d === '\n' || d === '\r') break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      started = true;
    }
  }
  if (started) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export interface CellDiff {
  cells: CellChange[];
  /** More cells changed than were kept. */
  truncated: boolean;
}

/** The cells that changed, row by row, when both tables have the same header and the same number
 * of rows; undefined otherwise (rows added, removed or moved: the line diff says it better). At
 * most `limit` cells are kept. A header cell left empty is named by its column number. */
export function diffCells(base: string, head: string, delimiter: Delimiter, limit: number): CellDiff | undefined {
  const a = parseDelimited(base, delimiter);
  const b = parseDelimited(head, delimiter);
  const header = a[0];
  if (header === undefined || a.length !== b.length || !sameFields(header, b[0] ?? [])) return undefined;
  const cells: CellChange[] = [];
  for (let row = 1; row < a.length; row++) {
    const x = a[row] ?? [];
    const y = b[row] ?? [];
    const width = Math.max(x.length, y.length);
    for (let col = 0; col < width; col++) {
      const before = x[col] ?? '';
      const after = y[col] ?? '';
      if (before === after) continue;
      if (cells.length === limit) return { cells, truncated: true };
      const name = header[col];
      cells.push({ row, column: name === undefined || name === '' ? `column ${col + 1}` : name, base: before, head: after });
    }
  }
  return { cells, truncated: false };
}

function sameFields(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

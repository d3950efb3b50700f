// The text comparison's core (src/compare/text-diff.ts): which files are compared as text, their
// bytes read as text, and the diff a page shows: line numbers on both sides, context, the cap on
// lines shown, CRLF against LF, a missing newline at the end, the cells of a CSV, and the bound
// on texts too different to diff.
import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../src/files/plan.js';
import type { DiffLine, TextDiff } from '../src/compare/types.js';
import { countLines, decodeText, diffText, diffTextFiles, isComparableText, lineEnding, tableDelimiter, TEXT_COMPARE_LIMIT } from '../src/compare/text-diff.js';

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`): string => Array.from({ length: n }, (_, i) => f(i + 1) + '\n').join('');
const replaceLine = (text: string, at: number, by: string): string => text.split('\n').map((l, i) => (i === at - 1 ? by : l)).join('\n');
/** Every line shown, as `<base number> <head number> <mark><text>`, the way a reader checks a diff. */
const shown = (d: TextDiff): string[] =>
  d.hunks.flatMap((h) => h.lines.map((l: DiffLine) => `${l.baseLine ?? '-'} ${l.headLine ?? '-'} ${l.kind === 'added' ? '+' : l.kind === 'removed' ? '-' : ' '}${l.text}${l.noNewlineAtEnd ? ' [no newline]' : ''}`));

describe('isComparableText', () => {
  // The Content-Types the publication gives files (plan.ts contentTypeFor), by name.
  const typeOf = (name: string): string => contentTypeFor(name) ?? 'application/octet-stream';

  it.each(['run.log', 'results.csv', 'table.tsv', 'data.json', 'events.jsonl', 'config.yaml', 'ci.yml', 'README.md', 'junit.xml', 'report/index.html', 'plot.svg', 'src/main.ts', 'lib/x.mjs', 'app.py', 'main.go', 'lib.rs', 'Main.java', 'x.c', 'notes.txt', 'setup.cfg', 'pyproject.toml', 'Makefile', 'Dockerfile', 'run.sh', 'query.sql', 'style.css', 'changes.diff'])(
    '%s, as published, is text',
    (name) => {
      expect(isComparableText(name, typeOf(name), 1000)).toBe(true);
    },
  );

  it.each(['plot.png', 'photo.jpg', 'anim.gif', 'model.onnx', 'weights.bin', 'archive.zip', 'logs.tar.gz', 'report.pdf', 'data.parquet', 'video.mp4', 'font.woff2', 'db.sqlite', 'x.pyc', 'noext'])('%s, as published, is not', (name) => {
    expect(isComparableText(name, typeOf(name), 1000)).toBe(false);
  });

  it('goes by a text Content-Type whatever the name (text/*, JSON, +json, +xml, YAML)', () => {
    for (const type of ['text/plain; charset=utf-8', 'text/x-weird', 'application/json', 'application/vnd.api+json', 'application/atom+xml', 'image/svg+xml', 'application/yaml', 'application/x-yaml', 'application/javascript'])
      expect(isComparableText('blob', type, 10), type).toBe(true);
  });

  it('goes by the name when the type is generic or wrong (mime calls .ts video)', () => {
    expect(isComparableText('out/trace.log', 'application/octet-stream', 10)).toBe(true);
    expect(isComparableText('src/a.ts', 'video/mp2t', 10)).toBe(true);
    expect(isComparableText('out/blob', 'application/octet-stream', 10)).toBe(false);
  });

  it('stops at TEXT_COMPARE_LIMIT bytes', () => {
    expect(isComparableText('run.log', 'text/plain', TEXT_COMPARE_LIMIT)).toBe(true);
    expect(isComparableText('run.log', 'text/plain', TEXT_COMPARE_LIMIT + 1)).toBe(false);
  });

  it('tells CSV and TSV by name, as they are served as text/plain, or by their own types', () => {
    expect(tableDelimiter('a/b.csv', 'text/plain; charset=utf-8')).toBe(',');
    expect(tableDelimiter('a/b.TSV', 'text/plain; charset=utf-8')).toBe('\t');
    expect(tableDelimiter('blob', 'text/csv')).toBe(',');
    expect(tableDelimiter('blob', 'text/tab-separated-values')).toBe('\t');
    expect(tableDelimiter('a.json', 'application/json')).toBeUndefined();
  });
});

describe('decodeText', () => {
  it('reads UTF-8, dropping a byte order mark', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFFrésumé\n'))).toBe('résumé\n');
  });
  it('calls bytes with a NUL binary (the page shows sizes and hashes)', () => {
    expect(decodeText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBeUndefined();
    expect(decodeText(new TextEncoder().encode('text\0more'))).toBeUndefined();
  });
});

describe('diffText', () => {
  it('numbers changed lines on both sides, with 3 lines of context', () => {
    const base = lines(20);
    const head = replaceLine(base, 10, 'line ten').replace('line 15\n', 'line 15\ninserted\n');
    const d = diffText(base, head);
    expect(d.addedLines).toBe(2);
    expect(d.removedLines).toBe(1);
    expect(d.truncated).toBe(false);
    expect(d.hunks).toHaveLength(1); // the two changes are 5 lines apart: their contexts touch
    expect(shown(d)).toEqual([
      '7 7  line 7',
      '8 8  line 8',
      '9 9  line 9',
      '10 - -line 10',
      '- 10 +line ten',
      '11 11  line 11',
      '12 12  line 12',
      '13 13  line 13',
      '14 14  line 14',
      '15 15  line 15',
      '- 16 +inserted',
      '16 17  line 16',
      '17 18  line 17',
      '18 19  line 18',
    ]);
    expect(d.hunks[0]).toMatchObject({ baseStart: 7, baseLines: 12, headStart: 7, headLines: 13 });
  });

  it('splits changes further apart than twice the context into hunks; context is an option', () => {
    const base = lines(100);
    const head = replaceLine(replaceLine(base, 20, 'x'), 80, 'y');
    expect(diffText(base, head).hunks.map((h) => [h.baseStart, h.baseLines, h.headStart, h.headLines])).toEqual([
      [17, 7, 17, 7],
      [77, 7, 77, 7],
    ]);
    const tight = diffText(base, head, { context: 0 });
    expect(shown(tight)).toEqual(['20 - -line 20', '- 20 +x', '80 - -line 80', '- 80 +y']);
    expect(diffText(base, head, { context: 1 }).hunks[0]!.lines).toHaveLength(4);
  });

  it('writes the start of a side with no lines as the line before, as a unified diff does', () => {
    const d = diffText(lines(5), lines(5).replace('line 3\n', 'line 3\nnew\n'), { context: 0 });
    expect(d.hunks[0]).toMatchObject({ baseStart: 3, baseLines: 0, headStart: 4, headLines: 1 });
    expect(diffText('', 'a\nb\n').hunks[0]).toMatchObject({ baseStart: 0, baseLines: 0, headStart: 1, headLines: 2 });
    expect(diffText('a\n', '').hunks[0]).toMatchObject({ baseStart: 1, baseLines: 1, headStart: 0, headLines: 0 });
  });

  it('gives identical texts no hunks', () => {
    const d = diffText(lines(50), lines(50));
    expect(d).toEqual({ hunks: [], addedLines: 0, removedLines: 0, truncated: false });
  });

  it('shows at most maxLines lines, counts every change, and says it was cut', () => {
    const base = lines(5000);
    const head = lines(5000, (i) => (i % 10 === 0 ? `changed ${i}` : `line ${i}`));
    const d = diffText(base, head, { maxLines: 100 });
    expect(d.truncated).toBe(true);
    expect(d.addedLines).toBe(500);
    expect(d.removedLines).toBe(500);
    const shownLines = d.hunks.flatMap((h) => h.lines);
    expect(shownLines).toHaveLength(100);
    // A hunk cut short has a header that fits the lines it kept.
    for (const h of d.hunks) {
      expect(h.lines.filter((l) => l.kind !== 'added')).toHaveLength(h.baseLines);
      expect(h.lines.filter((l) => l.kind !== 'removed')).toHaveLength(h.headLines);
      expect(h.lines.find((l) => l.baseLine !== undefined)?.baseLine).toBe(h.baseStart);
    }
    const all = diffText(base, head, { maxLines: 1_000_000 });
    expect(all.truncated).toBe(false);
    expect(all.hunks.flatMap((h) => h.lines).slice(0, 100)).toEqual(shownLines);
  });

  it('compares CRLF with LF by the lines, and says the line endings changed', () => {
    const base = 'a\r\nb\r\nc\r\n';
    const d = diffText(base, 'a\nB\nc\n');
    expect(shown(d)).toEqual(['1 1  a', '2 - -b', '- 2 +B', '3 3  c']);
    expect(d.lineEndings).toEqual({ base: 'CRLF', head: 'LF' });
    const only = diffText(base, 'a\nb\nc\n');
    expect(only.hunks).toEqual([]);
    expect(only.lineEndings).toEqual({ base: 'CRLF', head: 'LF' });
    expect(diffText('a\r\nb\r\n', 'a\r\nc\r\n').lineEndings).toBeUndefined();
    expect(shown(diffText('a\r\nb\r\n', 'a\r\nc\r\n'))).toEqual(['1 1  a', '2 - -b', '- 2 +c']);
  });

  it('shows a missing newline at the end of a file, even when it is the only change', () => {
    const d = diffText('a\nb', 'a\nb\n');
    expect(shown(d)).toEqual(['1 1  a', '2 - -b [no newline]', '- 2 +b']);
    expect(shown(diffText('x\ny', 'x\nz'))).toEqual(['1 1  x', '2 - -y [no newline]', '- 2 +z [no newline]']);
  });

  it('gives up on 2 × 100,000 unrelated lines within seconds: too different, with the line counts', () => {
    let seed = 42;
    const random = (): string => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed.toString(36);
    };
    const a = lines(100_000, random);
    const b = lines(100_000, random);
    const started = Date.now();
    const d = diffText(a, b);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(d).toMatchObject({ hunks: [], truncated: true, tooDifferent: { baseLines: 100_000, headLines: 100_000 } });
  }, 30_000);

  it('diffs 2 × 100,000 similar lines quickly and exactly', () => {
    const a = lines(100_000);
    const b = replaceLine(replaceLine(a, 5, 'five'), 99_000, 'ninety-nine thousand');
    const started = Date.now();
    const d = diffText(a, b);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(d.tooDifferent).toBeUndefined();
    expect(d.hunks.map((h) => h.baseStart)).toEqual([2, 98_997]);
    expect(shown(d).filter((l) => /[+-]\S/.test(l.split(' ')[2] ?? ''))).toEqual(['5 - -line 5', '- 5 +five', '99000 - -line 99000', '- 99000 +ninety-nine thousand']);
  }, 30_000);

  it('lists the changed cells of a CSV of the same shape, quoted fields read properly', () => {
    const base = 'name,loss,"note, quoted"\r\nresnet,0.31,"a ""good"" run"\r\nvit,0.40,"two\nlines"\r\n';
    const head = 'name,loss,"note, quoted"\r\nresnet,0.29,"a ""good"" run"\r\nvit,0.40,"two\nlines, changed"\r\n';
    const d = diffText(base, head, { delimiter: ',' });
    expect(d.cells).toEqual([
      { row: 1, column: 'loss', base: '0.31', head: '0.29' },
      { row: 2, column: 'note, quoted', base: 'two\nlines', head: 'two\nlines, changed' },
    ]);
    expect(d.cellsTruncated).toBeUndefined();
    expect(d.addedLines).toBe(2);
    // Without a delimiter (not a table), or with a row more, no cells.
    expect(diffText(base, head).cells).toBeUndefined();
    expect(diffText(base, head + 'deit,0.5,x\r\n', { delimiter: ',' }).cells).toBeUndefined();
  });

  it('bounds the cells it lists', () => {
    const base = 'a\tb\n' + lines(500, (i) => `${i}\t${i}`);
    const head = 'a\tb\n' + lines(500, (i) => `${i}\t${i + 1}`);
    const d = diffText(base, head, { delimiter: '\t', maxCells: 50 });
    expect(d.cells).toHaveLength(50);
    expect(d.cells![49]).toEqual({ row: 50, column: 'b', base: '50', head: '51' });
    expect(d.cellsTruncated).toBe(true);
  });
});

describe('diffTextFiles', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('diffs two files read as bytes, a CSV cell by cell too', () => {
    const d = diffTextFiles('m/scores.csv', 'text/plain; charset=utf-8', bytes('\uFEFFa,b\n1,2\n'), bytes('a,b\n1,3\n'));
    expect(d?.cells).toEqual([{ row: 1, column: 'b', base: '2', head: '3' }]);
    expect(shown(d!)).toEqual(['1 1  a,b', '2 - -1,2', '- 2 +1,3']);
    expect(diffTextFiles('run.log', 'text/plain', bytes('a,b\n1,2\n'), bytes('a,b\n1,3\n'))?.cells).toBeUndefined();
  });

  it('gives undefined when either side looks binary', () => {
    expect(diffTextFiles('a.txt', 'text/plain', bytes('text\n'), Uint8Array.of(0x74, 0, 0x78))).toBeUndefined();
    expect(diffTextFiles('a.txt', 'text/plain', Uint8Array.of(0), bytes('text\n'))).toBeUndefined();
  });
});

describe('lineEnding and countLines', () => {
  it('tell how a text breaks its lines, and how many it has', () => {
    expect([lineEnding('a\nb\n'), lineEnding('a\r\nb\r\n'), lineEnding('a\r\nb\n'), lineEnding('one line')]).toEqual(['LF', 'CRLF', 'mixed', 'none']);
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb'), countLines('a\r\nb\r\n')]).toEqual([0, 1, 1, 2, 2]);
  });
});

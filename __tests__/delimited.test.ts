// The CSV/TSV reader and the cell comparison (src/compare/delimited.ts): RFC 4180 quoting (the
// delimiter, line breaks and doubled quotes inside a quoted field), both line breaks, the last
// break, and the lenient cases files in the wild have; cells compared only between tables of the
// same shape.
import { describe, expect, it } from 'vitest';
import { diffCells, parseDelimited } from '../src/compare/delimited.js';

describe('parseDelimited', () => {
  it('reads plain records, with CRLF or LF, the last line break making no record', () => {
    expect(parseDelimited('a,b\r\n1,2\n3,4\n', ',')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseDelimited('a,b\n1,2', ',')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseDelimited('', ',')).toEqual([]);
  });

  it('keeps empty fields and empty lines', () => {
    expect(parseDelimited(',a,,\n\nb\n', ',')).toEqual([['', 'a', '', ''], [''], ['b']]);
  });

  it('reads quoted fields holding the delimiter, line breaks and doubled quotes', () => {
    expect(parseDelimited('"x, y","say ""hi""","two\r\nlines"\n"",z\n', ',')).toEqual([
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['', 'z'],
    ]);
  });

  it('splits TSV at tabs only', () => {
    expect(parseDelimited('a b\tc,d\n"t\tab"\t2\n', '\t')).toEqual([
      ['a b', 'c,d'],
      ['t\tab', '2'],
    ]);
  });

  it('is lenient: a quote inside an unquoted field, text after a closing quote, an unclosed quote', () => {
    expect(parseDelimited('5" disk,"a"b,c\n', ',')).toEqual([['5" disk', 'ab', 'c']]);
    expect(parseDelimited('a,"open\nto the end', ',')).toEqual([['a', 'open\nto the end']]);
    expect(parseDelimited('a\rb,c\n', ',')).toEqual([['a\rb', 'c']]);
  });
});

describe('diffCells', () => {
  const header = 'id,score,comment\n';

  it('lists the cells that changed, by data row and column name', () => {
    const d = diffCells(`${header}1,10,ok\n2,20,"fine, really"\n`, `${header}1,11,ok\n2,20,"fine, really!"\n`, ',', 200);
    expect(d).toEqual({
      cells: [
        { row: 1, column: 'score', base: '10', head: '11' },
        { row: 2, column: 'comment', base: 'fine, really', head: 'fine, really!' },
      ],
      truncated: false,
    });
  });

  it('sees no change where only the quoting changed', () => {
    expect(diffCells(`${header}1,10,ok\n`, `${header}"1","10","ok"\r\n`, ',', 200)).toEqual({ cells: [], truncated: false });
  });

  it('compares a cell one side lacks as empty, and names a column with no header by its number', () => {
    expect(diffCells('a,\n1,2\n', 'a,\n1,2,3\n', ',', 200)?.cells).toEqual([{ row: 1, column: 'column 3', base: '', head: '3' }]);
    expect(diffCells('a,\n1,2\n', 'a,\n1,5\n', ',', 200)?.cells).toEqual([{ row: 1, column: 'column 2', base: '2', head: '5' }]);
  });

  it('gives no cells when the header or the number of rows differs, or there is no header', () => {
    expect(diffCells(`${header}1,10,ok\n`, 'id,points,comment\n1,10,ok\n', ',', 200)).toBeUndefined();
    expect(diffCells(`${header}1,10,ok\n`, `${header}1,10,ok\n2,20,x\n`, ',', 200)).toBeUndefined();
    expect(diffCells('', '', ',', 200)).toBeUndefined();
  });

  it('keeps at most `limit` cells and says there were more', () => {
    const d = diffCells(`${header}1,1,a\n2,2,b\n`, `${header}1,9,x\n2,9,y\n`, ',', 3);
    expect(d?.cells.map((c) => `${c.row}:${c.column}`)).toEqual(['1:score', '1:comment', '2:score']);
    expect(d?.truncated).toBe(true);
    expect(diffCells(`${header}1,1,a\n`, `${header}1,9,x\n`, ',', 2)?.truncated).toBe(false);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeKey, joinKey, keySegment, validatePrefix } from '../src/files/keys.js';
import { InputError } from '../src/util/errors.js';

const hash12 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 12);

describe('keySegment', () => {
  it('keeps a key-safe name as it is, in any script', () => {
    for (const name of ['unit-tests', 'Abc_1.2-3', '单元测试', '集成测试', 'ünïcödé', 'テスト_v2', 'C', 'e2e.chrome']) {
      expect(keySegment(name)).toBe(name);
    }
  });

  it('maps names that the old mapping merged to different segments', () => {
    const groups = [
      ['C++', 'C#', 'C'],
      ['unit tests', 'unit/tests', 'unit-tests', 'unit  tests', 'unit_tests'],
      ['单元测试', '集成测试', '日本', '   ', ''],
      ['a b', 'a-b', 'a--b', 'a-b-', '-a-b'],
    ];
    for (const group of groups) {
      const segments = group.map(keySegment);
      expect(new Set(segments).size, group.join(' | ')).toBe(group.length);
    }
  });

  it('changes an unsafe name into a readable form plus a hash of the exact original', () => {
    expect(keySegment('unit tests (linux)')).toBe(`unit-tests-linux--${hash12('unit tests (linux)')}`);
    expect(keySegment('C++')).toBe(`C--${hash12('C++')}`);
    expect(keySegment('+++')).toBe(`name--${hash12('+++')}`);
  });

  it('never yields a name the levels above publications keep for themselves, nor . or ..', () => {
    for (const name of ['index.html', '_children', '.', '..', '_x', '.hidden']) {
      const segment = keySegment(name);
      expect(['index.html', '_children', '.', '..']).not.toContain(segment);
      expect(segment).toMatch(/^[\p{L}\p{N}]/u);
    }
  });

  it('tells NFC and NFD spellings apart (they are different names), and keeps the NFC one', () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    expect(keySegment(nfc)).toBe(nfc);
    expect(keySegment(nfd)).not.toBe(keySegment(nfc));
    expect(keySegment(nfd)).toMatch(/--[0-9a-f]{12}$/);
  });

  it('keeps every segment within 100 bytes of UTF-8, and long names apart', () => {
    const long1 = '测'.repeat(200);
    const long2 = '测'.repeat(199) + '试';
    expect(Buffer.byteLength(keySegment(long1))).toBeLessThanOrEqual(100);
    expect(keySegment(long1)).not.toBe(keySegment(long2));
    expect(keySegment('a'.repeat(100))).toBe('a'.repeat(100));
    expect(keySegment('a'.repeat(101))).toMatch(/^a{60}--[0-9a-f]{12}$/);
  });

  it('only ever returns letters, marks, digits, dots, underscores and dashes', () => {
    for (const value of ['a b', 'x/y', '"quoted"', 'tab\there', 'emoji 🎉 run', '../../etc', '%2F', '@org/team #12']) {
      expect(keySegment(value)).toMatch(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._-]*$/u);
    }
  });
});

describe('encodeKey', () => {
  it("encodes each segment of 'a b/c+d%/é#?' and keeps the slashes", () => {
    expect(encodeKey('a b/c+d%/é#?')).toBe('a%20b/c%2Bd%25/%C3%A9%23%3F');
  });

  it("encodes '+' as %2B (S3 would read a bare '+' as a space)", () => {
    expect(encodeKey('c++')).toBe('c%2B%2B');
  });

  it('leaves safe keys unchanged', () => {
    expect(encodeKey('owner/repo/1-1/unit-tests/index.html')).toBe('owner/repo/1-1/unit-tests/index.html');
  });

  it('round-trips through decodeURIComponent segment by segment', () => {
    const key = 'plots/α β/100%/x?y#z&w=1';
    expect(encodeKey(key).split('/').map(decodeURIComponent).join('/')).toBe(key);
  });
});

describe('joinKey', () => {
  it('joins parts with / and skips empty parts', () => {
    expect(joinKey('prefix', '', 'a/b.txt')).toBe('prefix/a/b.txt');
    expect(joinKey('', 'a.txt')).toBe('a.txt');
  });
});

describe('validatePrefix', () => {
  it("refuses a segment that levels keep for themselves ('index.html', '_children')", () => {
    expect(() => validatePrefix('results/_children/x')).toThrow(/segment '_children'/);
    expect(() => validatePrefix('results/index.html')).toThrow(/segment 'index.html'/);
    expect(validatePrefix('results/_site')).toBe('results/_site');
  });

  it('returns the prefix without trailing slashes', () => {
    expect(validatePrefix('a/b/')).toBe('a/b');
  });

  it("throws InputError for '..', '//' and a leading '/'", () => {
    expect(() => validatePrefix('a/../b')).toThrow(InputError);
    expect(() => validatePrefix('a//b')).toThrow(InputError);
    expect(() => validatePrefix('/a')).toThrow(InputError);
  });

  it('throws InputError for a control character', () => {
    expect(() => validatePrefix('a\nb')).toThrow(InputError);
  });
});

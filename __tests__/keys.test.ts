import { describe, expect, it } from 'vitest';
import { encodeKey, joinKey, keySafeSegment, validatePrefix } from '../src/files/keys.js';
import { InputError } from '../src/util/errors.js';

describe('keySafeSegment', () => {
  it("turns 'unit tests (linux)' into 'unit-tests-linux'", () => {
    expect(keySafeSegment('unit tests (linux)')).toBe('unit-tests-linux');
  });

  it('keeps letters, digits, dots, underscores and dashes', () => {
    expect(keySafeSegment('Abc_1.2-3')).toBe('Abc_1.2-3');
  });

  it('collapses a run of unsafe characters into one dash', () => {
    expect(keySafeSegment('a / \\ ? # b')).toBe('a-b');
  });

  it('trims leading and trailing dashes', () => {
    expect(keySafeSegment('--a--')).toBe('a');
    expect(keySafeSegment(' (a) ')).toBe('a');
  });

  it("replaces '..' and '.' (path traversal) with '_'", () => {
    expect(keySafeSegment('..')).toBe('_');
    expect(keySafeSegment('.')).toBe('_');
  });

  it("replaces a value with no safe character with '_'", () => {
    expect(keySafeSegment('')).toBe('_');
    expect(keySafeSegment('   ')).toBe('_');
    expect(keySafeSegment('日本')).toBe('_');
  });

  it('gives the same result for NFC and NFD spellings of the same text', () => {
    const nfc = 'caf\u00e9 r\u00e9sum\u00e9';
    const nfd = 'cafe\u0301 re\u0301sume\u0301';
    expect(nfc).not.toBe(nfd);
    expect(keySafeSegment(nfd)).toBe(keySafeSegment(nfc));
    // The accented letter counts as one unsafe character, not a letter plus a mark.
    expect(keySafeSegment(nfd)).toBe('caf-r-sum');
  });

  it('only ever returns characters from [A-Za-z0-9._-]', () => {
    for (const value of ['a b', 'x/y', '"quoted"', 'tab\there', 'emoji 🎉 run', 'ünïcödé']) {
      expect(keySafeSegment(value)).toMatch(/^[A-Za-z0-9._-]+$/);
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

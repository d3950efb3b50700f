import { describe, expect, it } from 'vitest';
import { humanBytes, humanTime } from '../src/util/format.js';

describe('humanBytes', () => {
  it('shows bytes below 1 KB as B', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(1)).toBe('1 B');
    expect(humanBytes(1023)).toBe('1023 B');
  });

  it('switches to KB at 1024 (1 KB = 1024 bytes)', () => {
    expect(humanBytes(1024)).toBe('1.0 KB');
    expect(humanBytes(1536)).toBe('1.5 KB');
  });

  it('switches to MB at 1048576', () => {
    expect(humanBytes(1048576)).toBe('1.0 MB');
  });

  it('shows 1.5 GB', () => {
    expect(humanBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
  });

  it('drops the decimal from 100 units on', () => {
    expect(humanBytes(100 * 1024)).toBe('100 KB');
    expect(humanBytes(99.5 * 1024)).toBe('99.5 KB');
    expect(humanBytes(512 * 1024 ** 2)).toBe('512 MB');
  });

  it('rolls over to the next unit when rounding reaches 1024', () => {
    expect(humanBytes(1048575)).toBe('1.0 MB');
    expect(humanBytes(Math.round(99.97 * 1024))).toBe('100 KB');
  });

  it('stops at TB', () => {
    expect(humanBytes(2 * 1024 ** 4)).toBe('2.0 TB');
    expect(humanBytes(2048 * 1024 ** 4)).toBe('2048 TB');
  });
});

describe('humanTime', () => {
  it('gives YYYY-MM-DD HH:MM:SS UTC without milliseconds', () => {
    expect(humanTime(new Date('2026-11-27T16:02:56.123Z'))).toBe('2026-11-27 16:02:56 UTC');
  });

  it('uses UTC whatever the offset of the input', () => {
    expect(humanTime(new Date('2026-01-01T01:30:00+02:00'))).toBe('2025-12-31 23:30:00 UTC');
  });

  it('pads single-digit fields', () => {
    expect(humanTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)))).toBe('2026-01-02 03:04:05 UTC');
  });
});

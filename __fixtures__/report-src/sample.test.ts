// A small suite whose only purpose is to produce a real Vitest HTML report as a fixture
// (scripts/make-fixtures.mjs). It is not part of the project's own tests.
import { describe, expect, it } from 'vitest';

describe('sample suite', () => {
  it('adds numbers', () => {
    expect(1 + 2).toBe(3);
  });
  it('joins strings', () => {
    expect(['a', 'b'].join('+')).toBe('a+b');
  });
  it.skip('is skipped on purpose', () => {});
});

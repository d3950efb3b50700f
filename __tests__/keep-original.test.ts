// keep-originals: which originals are kept and the reason recorded in the metadata.
import { describe, expect, it } from 'vitest';
import { keepReason, keepReasonText } from '../src/images/keep-original.js';

describe('keepReason', () => {
  it('auto keeps the original only where the copy loses detail or the animation is lost', () => {
    expect(keepReason('auto', { similarity: 0.62 })).toBe('low-similarity');
    expect(keepReason('auto', { similarity: 0.9 })).toBeUndefined();
    expect(keepReason('auto', {})).toBeUndefined();
    expect(keepReason('auto', { similarity: 0.95, animation: 'first-frame' })).toBe('animation-lost');
  });
  it('true keeps every original, false none', () => {
    expect(keepReason(true, { similarity: 0.99 })).toBe('keep-originals');
    expect(keepReason(false, { similarity: 0.1, animation: 'first-frame' })).toBeUndefined();
  });
  it('the metadata reason names the score and the threshold', () => {
    expect(keepReasonText('low-similarity', 0.6213)).toBe('low-similarity 0.62 < 0.85');
    expect(keepReasonText('keep-originals')).toBe('keep-originals');
  });
});

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

describe('the index page link to a kept original', () => {
  it('says the copy loses detail only where that is why the original was kept', async () => {
    const { fileEntry, LOSES_DETAIL } = await import('../src/report/model-entries.js');
    const file = (keptBecause: 'keep-originals' | 'low-similarity' | 'animation-lost') =>
      fileEntry({ path: 'a.png', size: 1, contentType: 'image/png', original: { originalSize: 9, originalPath: '_originals/a.png', keptBecause } }, 0);
    expect(file('low-similarity').originalNote).toBe(LOSES_DETAIL);
    expect(file('keep-originals').originalNote).toBeUndefined();
    expect(file('animation-lost').originalNote).toBeUndefined();
    expect(file('low-similarity').originalHref).toBe('_originals/a.png');
  });
});

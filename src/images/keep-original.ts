// Whether a compressed image's original is published too, and why (pure): always with
// keep-originals: true; with auto, when the copy loses detail (SSIM below KEEP_ORIGINAL_BELOW)
// or an animation was cut to its first frame.
import { KEEP_ORIGINAL_BELOW, type Compressed } from './compress.js';

export type KeepReason = 'keep-originals' | 'low-similarity' | 'animation-lost';

export function keepReason(setting: boolean | 'auto', result: Pick<Compressed, 'similarity' | 'animation'>): KeepReason | undefined {
  if (setting === true) return 'keep-originals';
  if (setting === false) return undefined;
  if (result.animation === 'first-frame') return 'animation-lost';
  if (result.similarity !== undefined && result.similarity < KEEP_ORIGINAL_BELOW) return 'low-similarity';
  return undefined;
}

/** The `original-kept` metadata value: short ASCII, e.g. `low-similarity 0.62 < 0.85`. */
export function keepReasonText(reason: KeepReason, similarity?: number): string {
  if (reason === 'low-similarity' && similarity !== undefined) return `low-similarity ${similarity.toFixed(2)} < ${KEEP_ORIGINAL_BELOW.toFixed(2)}`;
  return reason;
}

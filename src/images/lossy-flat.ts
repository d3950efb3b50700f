// Whether a JPEG, WebP or TIFF is flat (a plot or a screenshot) rather than a photo: what
// chooses the lossy search's order. The same measure as png.ts's flatness (share of the pixels
// in the 16 commonest colours), on fewer samples: flatness's 262 144 cost 20–30 ms on a photo,
// whose samples are nearly all distinct colours, where 16 384 take 1–2 ms and move the share
// by under 0.01 (photos ≤ 0.05, plots and screenshots 0.8–0.98 against the 0.5 threshold).
import { flatness } from './png.js';
import type { Pixels } from './search.js';

const SAMPLES = 16_384;
/** As png.ts: plots and screenshots 0.8–0.98, photos ≤ 0.05. */
const FLAT = 0.5;

export function isFlat(p: Pixels): boolean {
  return flatness(p, SAMPLES) >= FLAT;
}

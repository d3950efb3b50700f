// Whether a JPEG, WebP or TIFF is flat (a plot or a screenshot) rather than a photo: what
// chooses the lossy search's order. The same measure as png.ts's flatness (share of the pixels
// in the 16 commonest colours), on fewer samples: flatness's 262 144 cost 20–30 ms on a photo,
// whose samples are nearly all distinct colours, where 16 384 take 1–2 ms and move the share
// by under 0.01 (photos ≤ 0.05, plots and screenshots 0.8–0.98 against the 0.5 threshold).
import type { Pixels } from './search.js';

const SAMPLES = 16_384;
/** As png.ts: plots and screenshots 0.8–0.98, photos ≤ 0.05. */
const FLAT = 0.5;

export function isFlat(p: Pixels): boolean {
  const n = p.width * p.height;
  const stride = Math.max(1, Math.floor(n / SAMPLES));
  const counts = new Map<number, number>();
  let samples = 0;
  for (let i = 0; i < n; i += stride) {
    const o = i * p.channels;
    const key = p.channels >= 3 ? (p.data[o]! << 16) | (p.data[o + 1]! << 8) | p.data[o + 2]! : p.data[o]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    samples++;
  }
  const top = [...counts.values()].sort((a, b) => b - a).slice(0, 16);
  return top.reduce((a, b) => a + b, 0) / samples >= FLAT;
}

// @ts-check
// Generators for the corpus members that test edge rules rather than typical content: an
// animated GIF too big to keep whose first frame still fits (many frames of sensor-like noise
// over a moving trace), and a 16-bit greyscale label mask with a few grey levels that its writer
// left barely compressed (so 256 and 16 colours are what the PNG search must find).
import { gaussTable } from './random.mjs';

/**
 * @typedef {import('./random.mjs').Rng} Rng
 * @typedef {import('./types.mjs').Sharp} Sharp
 */

/**
 * Frames of a live-camera-like view: a smooth background, a bright spot moving on a circle,
 * and fresh noise in every frame, so frames share nothing and the whole animation is large.
 * @param {Sharp} sharp
 * @param {Rng} rng
 * @param {{ W: number, H: number, frames: number, noise: number }} options
 */
export function noisyAnimation(sharp, rng, { W, H, frames, noise }) {
  const g = gaussTable(rng);
  const all = Buffer.alloc(W * H * 3 * frames);
  let k = rng.int(0, 65_535);
  for (let f = 0; f < frames; f++) {
    const cx = W / 2 + Math.cos((2 * Math.PI * f) / frames) * W * 0.3;
    const cy = H / 2 + Math.sin((2 * Math.PI * f) / frames) * H * 0.3;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const spot = 160 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * 12 * 12));
        const base = 40 + (70 * x) / W + (30 * y) / H + spot;
        const i = ((f * H + y) * W + x) * 3;
        const n = /** @type {number} */ (g[(k = (k + 40_503) & 65_535)]) * noise;
        all[i] = clamp(base + n);
        all[i + 1] = clamp(base * 0.8 + n);
        all[i + 2] = clamp(base * 0.6 + 30 + n);
      }
    }
  }
  return sharp(all, { raw: { width: W, height: H * frames, channels: 3, pageHeight: H } })
    .gif({ loop: 0, delay: Array(frames).fill(100), colours: 256, dither: 0 })
    .toBuffer();
}

/**
 * A label mask: `levels` grey levels in blobs, as 16-bit greyscale (values × 257), written with
 * little compression (as some microscopy tools do).
 * @param {Sharp} sharp
 * @param {Rng} rng
 * @param {{ W: number, H: number, levels: number }} options
 */
export function greyLevels16(sharp, rng, { W, H, levels }) {
  const blobs = Array.from({ length: 40 }, () => /** @type {const} */ ([rng.range(0, W), rng.range(0, H), rng.range(W / 30, W / 8), rng.int(1, levels - 1)]));
  const out = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let level = 0;
      for (const [bx, by, r, l] of blobs) if ((x - bx) ** 2 + (y - by) ** 2 < r * r) level = l;
      out[y * W + x] = Math.round((level * 65_535) / (levels - 1));
    }
  }
  // A Uint16Array is read as 16-bit samples.
  return sharp(out, { raw: { width: W, height: H, channels: 1 } }).toColourspace('grey16').png({ compressionLevel: 0 }).toBuffer();
}

const clamp = (/** @type {number} */ v) => Math.max(0, Math.min(255, Math.round(v)));

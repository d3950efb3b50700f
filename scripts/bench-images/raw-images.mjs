// @ts-check
// Images made from raw pixels rather than SVG: heatmaps, photo-like scenes and a greyscale
// microscopy field, with the smooth gradients and sensor noise that plots lack.
import { VIRIDIS, hex, lut } from './colour-maps.mjs';
import { gaussTable } from './random.mjs';
import { f2, svgDoc } from './svg.mjs';

// The loops below index typed arrays inside their bounds: `/** @type {number} */ (a[i])` says
// so to the type checker (noUncheckedIndexedAccess) at no cost at run time.

/**
 * @typedef {import('./random.mjs').Rng} Rng
 * @typedef {import('./types.mjs').Sharp} Sharp
 */

/**
 * @param {Rng} rng
 * @param {number} W
 * @param {number} H
 * @param {number} cell
 * @returns {(x: number, y: number) => number}
 */
function valueNoise(rng, W, H, cell) {
  const gw = Math.ceil(W / cell) + 2;
  const gh = Math.ceil(H / cell) + 2;
  const grid = new Float32Array(gw * gh).map(() => rng());
  return (x, y) => {
    const gx = x / cell;
    const gy = y / cell;
    const ix = Math.floor(gx);
    const iy = Math.floor(gy);
    const fx = gx - ix;
    const fy = gy - iy;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const a = /** @type {number} */ (grid[iy * gw + ix]);
    const b = /** @type {number} */ (grid[iy * gw + ix + 1]);
    const c = /** @type {number} */ (grid[(iy + 1) * gw + ix]);
    const d = /** @type {number} */ (grid[(iy + 1) * gw + ix + 1]);
    return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
  };
}

/**
 * @param {Sharp} sharp
 * @param {Rng} rng
 * @param {{ W: number, H: number, noisy: boolean, stops?: import('./colour-maps.mjs').Stops }} options
 */
export async function heatmapRaw(sharp, rng, { W, H, noisy, stops = VIRIDIS }) {
  const bumps = Array.from({ length: 8 }, () => /** @type {const} */ ([rng.range(0, W), rng.range(0, H), rng.range(W / 12, W / 4), rng.range(-1, 1)]));
  const n1 = valueNoise(rng, W, H, W / 6);
  const g = gaussTable(rng);
  const table = lut(stops);
  const out = Buffer.alloc(W * H * 3);
  const vals = new Float32Array(W * H);
  let lo = Infinity;
  let hi = -Infinity;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = n1(x, y) * 0.8;
      for (const [bx, by, r, a] of bumps) v += a * Math.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * r * r));
      vals[y * W + x] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  let k = (rng() * 65_536) | 0;
  for (let i = 0; i < W * H; i++) {
    let t = (/** @type {number} */ (vals[i]) - lo) / (hi - lo);
    if (noisy) t += /** @type {number} */ (g[(k = (k + 40_503) & 65_535)]) * 0.12;
    const idx = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
    out[i * 3] = /** @type {number} */ (table[idx]);
    out[i * 3 + 1] = /** @type {number} */ (table[idx + 1]);
    out[i * 3 + 2] = /** @type {number} */ (table[idx + 2]);
  }
  return sharp(out, { raw: { width: W, height: H, channels: 3 } });
}

/**
 * Photo-like: smooth gradients, soft shapes, texture and sensor noise. Returns raw RGB.
 * @param {Sharp} sharp
 * @param {Rng} rng
 * @param {{ W: number, H: number, noise?: number }} options
 */
export async function photoRaw(sharp, rng, { W, H, noise = 5 }) {
  /** @type {[number, number, number]} */
  const top = [rng.int(60, 140), rng.int(110, 170), rng.int(170, 235)];
  /** @type {[number, number, number]} */
  const bottom = [rng.int(40, 110), rng.int(70, 130), rng.int(20, 70)];
  const horizon = rng.range(0.4, 0.6);
  const tex = valueNoise(rng, W, H, Math.max(8, W / 60));
  const tex2 = valueNoise(rng, W, H, Math.max(3, W / 400));
  const base = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    const t = y / H;
    const mix = t < horizon ? (t / horizon) * 0.4 : 0.6 + ((t - horizon) / (1 - horizon)) * 0.4;
    for (let x = 0; x < W; x++) {
      const tt = t < horizon ? 0.4 : 1;
      const v = (tex(x, y) - 0.5) * 60 * tt + (tex2(x, y) - 0.5) * 50 * (t < horizon ? 0.2 : 1);
      const i = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) base[i + c] = Math.max(0, Math.min(255, /** @type {number} */ (top[c]) + (/** @type {number} */ (bottom[c]) - /** @type {number} */ (top[c])) * mix + v));
    }
  }
  let shapes = '<defs>';
  const n = 24;
  for (let i = 0; i < n; i++) {
    /** @type {[number, number, number]} */
    const c1 = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    const c2 = /** @type {[number, number, number]} */ (c1.map((v) => Math.max(0, v - rng.int(40, 120))));
    shapes += `<radialGradient id='g${i}' cx='${rng.range(0.2, 0.5)}' cy='${rng.range(0.2, 0.5)}' r='0.8'><stop offset='0' stop-color='${hex(c1)}'/><stop offset='1' stop-color='${hex(c2)}'/></radialGradient>`;
  }
  shapes += '</defs>';
  for (let i = 0; i < n; i++) {
    const cx = rng.range(0, W);
    const cy = rng.range(H * 0.3, H);
    const r = rng.range(W / 40, W / 7);
    shapes +=
      rng() < 0.6
        ? `<ellipse cx='${f2(cx)}' cy='${f2(cy)}' rx='${f2(r)}' ry='${f2(r * rng.range(0.5, 1.3))}' fill='url(#g${i})' opacity='${rng.range(0.7, 1).toFixed(2)}' transform='rotate(${rng.int(0, 90)} ${f2(cx)} ${f2(cy)})'/>`
        : `<rect x='${f2(cx)}' y='${f2(cy)}' width='${f2(r * 1.5)}' height='${f2(r)}' fill='url(#g${i})' transform='rotate(${rng.int(-20, 20)} ${f2(cx)} ${f2(cy)})'/>`;
  }
  const shaped = await sharp(base, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: svgDoc(W, H, shapes, { background: '' }) }])
    .blur(Math.max(0.6, W / 2500))
    .removeAlpha()
    .raw()
    .toBuffer();
  const g = gaussTable(rng);
  let k = (rng() * 65_536) | 0;
  for (let i = 0; i < shaped.length; i += 3) {
    const lum = /** @type {number} */ (g[(k = (k + 40_503) & 65_535)]) * noise;
    for (let c = 0; c < 3; c++) shaped[i + c] = Math.max(0, Math.min(255, /** @type {number} */ (shaped[i + c]) + lum + /** @type {number} */ (g[(k = (k * 69_069 + 1) & 65_535)]) * noise * 0.5));
  }
  return shaped;
}

/**
 * @param {Sharp} sharp
 * @param {Rng} rng
 * @param {{ W: number, H: number }} size
 */
export async function microscopy(sharp, rng, { W, H }) {
  const out = Buffer.alloc(W * H);
  const bg = valueNoise(rng, W, H, W / 5);
  const g = gaussTable(rng);
  const cells = Array.from({ length: 60 }, () => /** @type {const} */ ([rng.range(0, W), rng.range(0, H), rng.range(10, 40), rng.range(60, 180)]));
  let k = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 20 + bg(x, y) * 25;
      for (const [cx, cy, r, a] of cells) {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        if (d2 < 9 * r * r) v += a * Math.exp(-d2 / (2 * r * r));
      }
      out[y * W + x] = Math.max(0, Math.min(255, v + /** @type {number} */ (g[(k = (k + 40_503) & 65_535)]) * 6));
    }
  }
  return sharp(out, { raw: { width: W, height: H, channels: 1 } });
}

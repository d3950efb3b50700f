// @ts-check
// Colour maps for the generated plots and heatmaps: matplotlib's tab10 for series; viridis,
// Blues and magma as a few stops, interpolated linearly (as CSS colours or a 256-entry RGB table).

/** @typedef {readonly (readonly [number, number, number])[]} Stops */

export const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** @type {Stops} */
export const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]];
/** @type {Stops} */
export const BLUES = [[247, 251, 255], [222, 235, 247], [198, 219, 239], [158, 202, 225], [107, 174, 214], [66, 146, 198], [33, 113, 181], [8, 81, 156], [8, 48, 107]];
/** @type {Stops} */
export const MAGMA = [[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191]];

/**
 * @param {Stops} stops
 * @param {number} t
 * @returns {[number, number, number]}
 */
export function cmap(stops, t) {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const to = /** @type {Stops[number]} */ (stops[i + 1]);
  return /** @type {[number, number, number]} */ (/** @type {Stops[number]} */ (stops[i]).map((v, k) => Math.round(v + (/** @type {number} */ (to[k]) - v) * f)));
}
export const hex = (/** @type {readonly [number, number, number]} */ [r, g, b]) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
/** @param {Stops} stops */
export function lut(stops) {
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) out.set(cmap(stops, i / 255), i * 3);
  return out;
}

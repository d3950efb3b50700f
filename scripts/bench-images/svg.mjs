// @ts-check
// SVG building blocks for the generated plots: the document, matplotlib-like axes, a legend, a
// polyline. sharp renders them with librsvg, so text uses the system's fonts (see FONT).

export const FONT = "font-family='DejaVu Sans, Liberation Sans, sans-serif'";
export const MONO = "font-family='DejaVu Sans Mono, Liberation Mono, monospace'";
export const esc = (/** @type {unknown} */ s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
export const f2 = (/** @type {number} */ v) => (Math.round(v * 100) / 100).toString();

/**
 * @param {number} W
 * @param {number} H
 * @param {string} body
 * @param {{ background?: string }} [options]
 */
export function svgDoc(W, H, body, { background = '#ffffff' } = {}) {
  const bg = background ? `<rect width='${W}' height='${H}' fill='${background}'/>` : '';
  return Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg' width='${W}' height='${H}' viewBox='0 0 ${W} ${H}'>${bg}${body}</svg>`);
}

/**
 * @param {number} min
 * @param {number} max
 */
function niceTicks(min, max, n = 6) {
  const raw = (max - min) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  /** @type {number[]} */
  const out = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out.map((v) => ({ v, label: v.toFixed(decimals) }));
}

/** @typedef {readonly [left: number, top: number, width: number, height: number]} Box */

/**
 * Axes in a box: grid, spines, ticks with labels, axis labels, title.
 * @param {{ box: Box, x: readonly [number, number], y: readonly [number, number], s?: number, lw?: number, xlabel?: string, ylabel?: string, title?: string, grid?: boolean }} options
 */
export function axes({ box: [left, top, width, height], x: [x0, x1], y: [y0, y1], s = 1, lw = 1, xlabel = '', ylabel = '', title = '', grid = true }) {
  const X = (/** @type {number} */ v) => left + ((v - x0) / (x1 - x0)) * width;
  const Y = (/** @type {number} */ v) => top + height - ((v - y0) / (y1 - y0)) * height;
  const fs = 10 * s;
  let g = '';
  const xt = niceTicks(x0, x1, 7);
  const yt = niceTicks(y0, y1, 6);
  for (const t of xt) {
    const x = f2(X(t.v));
    if (grid) g += `<line x1='${x}' y1='${top}' x2='${x}' y2='${top + height}' stroke='#e5e5e5' stroke-width='${lw}'/>`;
    g += `<line x1='${x}' y1='${top + height}' x2='${x}' y2='${f2(top + height + 4 * s)}' stroke='#000' stroke-width='${lw}'/>`;
    g += `<text x='${x}' y='${f2(top + height + 6 * s + fs)}' font-size='${f2(fs)}' text-anchor='middle' ${FONT}>${t.label}</text>`;
  }
  for (const t of yt) {
    const y = f2(Y(t.v));
    if (grid) g += `<line x1='${left}' y1='${y}' x2='${left + width}' y2='${y}' stroke='#e5e5e5' stroke-width='${lw}'/>`;
    g += `<line x1='${f2(left - 4 * s)}' y1='${y}' x2='${left}' y2='${y}' stroke='#000' stroke-width='${lw}'/>`;
    g += `<text x='${f2(left - 6 * s)}' y='${f2(Number(y) + fs * 0.35)}' font-size='${f2(fs)}' text-anchor='end' ${FONT}>${t.label}</text>`;
  }
  g += `<rect x='${left}' y='${top}' width='${width}' height='${height}' fill='none' stroke='#000' stroke-width='${lw}'/>`;
  if (xlabel) g += `<text x='${f2(left + width / 2)}' y='${f2(top + height + 12 * s + fs * 2)}' font-size='${f2(fs * 1.1)}' text-anchor='middle' ${FONT}>${esc(xlabel)}</text>`;
  if (ylabel) {
    const cx = f2(left - 14 * s - fs * 2.2);
    const cy = f2(top + height / 2);
    g += `<text x='${cx}' y='${cy}' font-size='${f2(fs * 1.1)}' text-anchor='middle' transform='rotate(-90 ${cx} ${cy})' ${FONT}>${esc(ylabel)}</text>`;
  }
  if (title) g += `<text x='${f2(left + width / 2)}' y='${f2(top - 8 * s)}' font-size='${f2(fs * 1.2)}' text-anchor='middle' ${FONT}>${esc(title)}</text>`;
  return { svg: g, X, Y };
}

/**
 * @param {{ label: string, color: string }[]} entries
 * @param {{ right: number, top: number, s?: number, lw?: number, kind?: string }} options
 */
export function legend(entries, { right, top, s = 1, lw = 1, kind = 'line' }) {
  const fs = 9 * s;
  const rowH = fs * 1.5;
  const w = Math.max(...entries.map((e) => e.label.length)) * fs * 0.62 + 34 * s;
  const h = entries.length * rowH + 8 * s;
  const x = right - w - 8 * s;
  const y = top + 8 * s;
  let g = `<rect x='${f2(x)}' y='${f2(y)}' width='${f2(w)}' height='${f2(h)}' fill='#ffffff' fill-opacity='0.85' stroke='#cccccc' stroke-width='${lw}'/>`;
  entries.forEach((e, i) => {
    const cy = y + 4 * s + rowH * (i + 0.5);
    g +=
      kind === 'line'
        ? `<line x1='${f2(x + 6 * s)}' y1='${f2(cy)}' x2='${f2(x + 24 * s)}' y2='${f2(cy)}' stroke='${e.color}' stroke-width='${Math.max(lw, 1.5 * s)}'/>`
        : `<rect x='${f2(x + 10 * s)}' y='${f2(cy - 4 * s)}' width='${f2(8 * s)}' height='${f2(8 * s)}' fill='${e.color}'/>`;
    g += `<text x='${f2(x + 30 * s)}' y='${f2(cy + fs * 0.35)}' font-size='${f2(fs)}' ${FONT}>${esc(e.label)}</text>`;
  });
  return g;
}

/** @type {(xs: readonly number[], ys: readonly number[], X: (v: number) => number, Y: (v: number) => number, color: string, width: number, extra?: string) => string} */
export const polyline = (xs, ys, X, Y, color, width, extra = '') =>
  `<path d='M${xs.map((x, i) => `${f2(X(x))} ${f2(Y(/** @type {number} */ (ys[i])))}`).join('L')}' fill='none' stroke='${color}' stroke-width='${width}' stroke-linejoin='round' ${extra}/>`;

/**
 * @param {number} W
 * @param {number} H
 * @param {number} s
 * @returns {Box}
 */
export function plotBox(W, H, s) {
  return [Math.round(70 * s), Math.round(40 * s), Math.round(W - 100 * s), Math.round(H - 100 * s)];
}

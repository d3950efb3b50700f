// @ts-check
// The plot kinds of the corpus, drawn as SVG: line plots (training curves), subplots, scatter,
// histograms, grouped bars, heatmap cells, confusion matrices and a long sensor waveform.
import { BLUES, TAB10, VIRIDIS, cmap, hex } from './colour-maps.mjs';
import { FONT, axes, f2, legend, plotBox, polyline, svgDoc } from './svg.mjs';

/**
 * @typedef {import('./random.mjs').Rng} Rng
 * @typedef {import('./svg.mjs').Box} Box
 */

/** The i-th series colour (every caller's i is under 10). */
const tab = (/** @type {number} */ i) => /** @type {string} */ (TAB10[i]);

/**
 * Training-curve-like series: decaying, noisy, or random walks.
 * @param {Rng} rng
 * @param {number} n
 * @param {string} kind
 */
function makeSeries(rng, n, kind) {
  const xs = Array.from({ length: n }, (_, i) => i);
  /** @type {number[]} */
  const ys = new Array(n);
  const a = rng.range(0.5, 2);
  const tau = rng.range(n / 12, n / 3);
  const b = rng.range(0.05, 0.4);
  const noise = kind === 'noisy' ? rng.range(0.03, 0.08) : rng.range(0.002, 0.01);
  let walk = 0;
  for (let i = 0; i < n; i++) {
    walk += rng.normal() * 0.01;
    ys[i] = kind === 'walk' ? 1 + walk + Math.sin(i / (n / 6)) * 0.2 : a * Math.exp(-i / tau) + b + rng.normal() * noise * (1 + 0.5 * Math.exp(-i / tau));
  }
  return { xs, ys };
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, lw?: number, seriesLw?: number, series?: number, points?: number, kind?: string, background?: string, title?: string }} options
 */
export function linePlot(rng, { W, H, s = W / 800, lw = 1, seriesLw = lw, series = 3, points = 300, kind = 'smooth', background = '#ffffff', title = 'validation loss' }) {
  const data = Array.from({ length: series }, () => makeSeries(rng, points, kind));
  const all = data.flatMap((d) => d.ys);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo) * 0.05;
  const box = plotBox(W, H, s);
  const ax = axes({ box, x: [0, points - 1], y: [lo - pad, hi + pad], s, lw, xlabel: 'step', ylabel: 'loss', title });
  let body = `<g>${ax.svg}</g>`;
  body += `<clipPath id='c'><rect x='${box[0]}' y='${box[1]}' width='${box[2]}' height='${box[3]}'/></clipPath><g clip-path='url(#c)'>`;
  data.forEach((d, i) => (body += polyline(d.xs, d.ys, ax.X, ax.Y, tab(i % 10), seriesLw)));
  body += '</g>';
  body += legend(
    data.map((_, i) => ({ label: `run-${i + 1} lr=${(10 ** -rng.range(2, 4)).toExponential(1)}`, color: tab(i % 10) })),
    { right: box[0] + box[2], top: box[1], s, lw },
  );
  return svgDoc(W, H, body, { background });
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, lw?: number }} options
 */
export function subplots(rng, { W, H, s = W / 800, lw = 1 }) {
  let body = '';
  const cw = W / 2;
  const ch = H / 2;
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      const n = 200 + r * 300;
      const data = Array.from({ length: 3 }, () => makeSeries(rng, n, c ? 'noisy' : 'walk'));
      const all = data.flatMap((d) => d.ys);
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      const box = /** @type {Box} */ ([Math.round(c * cw + 60 * s), Math.round(r * ch + 30 * s), Math.round(cw - 80 * s), Math.round(ch - 80 * s)]);
      const ax = axes({ box, x: [0, n - 1], y: [lo, hi], s, lw, xlabel: 'epoch', ylabel: /** @type {string} */ (['acc', 'f1', 'loss', 'grad norm'][r * 2 + c]), title: `metric ${r * 2 + c + 1}` });
      body += ax.svg;
      data.forEach((d, i) => (body += polyline(d.xs, d.ys, ax.X, ax.Y, tab(i), lw)));
    }
  }
  return svgDoc(W, H, body);
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, lw?: number, points: number, r?: number, opacity?: number, classes?: number }} options
 */
export function scatterPlot(rng, { W, H, s = W / 800, lw = 1, points, r = 1.5 * s, opacity = 0.6, classes = 4 }) {
  const centers = Array.from({ length: classes }, () => /** @type {const} */ ([rng.range(-3, 3), rng.range(-3, 3), rng.range(0.4, 1.4)]));
  const box = plotBox(W, H, s);
  const ax = axes({ box, x: [-6, 6], y: [-6, 6], s, lw, xlabel: 'embedding dim 1', ylabel: 'embedding dim 2', title: `t-SNE (${points} samples)` });
  let body = ax.svg;
  for (let i = 0; i < points; i++) {
    const k = i % classes;
    const [cx, cy, sd] = /** @type {typeof centers[number]} */ (centers[k]);
    const x = cx + rng.normal() * sd;
    const y = cy + rng.normal() * sd * rng.range(0.6, 1.4);
    if (Math.abs(x) > 6 || Math.abs(y) > 6) continue;
    body += `<circle cx='${f2(ax.X(x))}' cy='${f2(ax.Y(y))}' r='${f2(r)}' fill='${tab(k)}' fill-opacity='${opacity}'/>`;
  }
  body += legend(
    centers.map((_, k) => ({ label: `class ${k}`, color: tab(k) })),
    { right: box[0] + box[2], top: box[1], s, lw, kind: 'box' },
  );
  return svgDoc(W, H, body);
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, lw?: number, bins?: number, groups?: number }} options
 */
export function histogram(rng, { W, H, s = W / 800, lw = 1, bins = 60, groups = 2 }) {
  const box = plotBox(W, H, s);
  const counts = Array.from({ length: groups }, (_, g) => {
    /** @type {number[]} */
    const c = new Array(bins).fill(0);
    const mu = rng.range(0.3, 0.7) * bins;
    const sd = rng.range(0.08, 0.18) * bins;
    for (let i = 0; i < 20_000; i++) {
      const b = Math.floor(mu + rng.normal() * sd + g * 3);
      if (b >= 0 && b < bins) c[b] = /** @type {number} */ (c[b]) + 1;
    }
    return c;
  });
  const max = Math.max(...counts.flat());
  const ax = axes({ box, x: [0, bins], y: [0, max * 1.08], s, lw, xlabel: 'latency (ms)', ylabel: 'count', title: 'request latency' });
  let body = ax.svg;
  counts.forEach((c, g) =>
    c.forEach((v, i) => {
      const x = ax.X(i);
      const w = ax.X(i + 1) - x;
      body += `<rect x='${f2(x)}' y='${f2(ax.Y(v))}' width='${f2(w)}' height='${f2(ax.Y(0) - ax.Y(v))}' fill='${tab(g)}' fill-opacity='0.55' stroke='${tab(g)}' stroke-width='${lw * 0.5}'/>`;
    }),
  );
  body += legend(
    counts.map((_, g) => ({ label: ['baseline', 'candidate', 'canary'][g] ?? `g${g}`, color: tab(g) })),
    { right: box[0] + box[2], top: box[1], s, lw, kind: 'box' },
  );
  return svgDoc(W, H, body);
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, lw?: number, categories?: number, groups?: number }} options
 */
export function groupedBars(rng, { W, H, s = W / 800, lw = 1, categories = 12, groups = 4 }) {
  const box = plotBox(W, H, s);
  const vals = Array.from({ length: categories }, () => Array.from({ length: groups }, () => rng.range(0.2, 1)));
  const ax = axes({ box, x: [0, categories], y: [0, 1.2], s, lw, ylabel: 'throughput (norm.)', title: 'benchmark results', grid: true });
  let body = ax.svg;
  const slot = (ax.X(1) - ax.X(0)) * 0.8;
  vals.forEach((row, c) =>
    row.forEach((v, g) => {
      const x = ax.X(c + 0.1) + (slot / groups) * g;
      const w = slot / groups - 1;
      const err = v * rng.range(0.03, 0.1);
      body += `<rect x='${f2(x)}' y='${f2(ax.Y(v))}' width='${f2(w)}' height='${f2(ax.Y(0) - ax.Y(v))}' fill='${tab(g)}'/>`;
      const cx = f2(x + w / 2);
      body += `<line x1='${cx}' x2='${cx}' y1='${f2(ax.Y(v - err))}' y2='${f2(ax.Y(v + err))}' stroke='#000' stroke-width='${lw}'/>`;
      body += `<text x='${cx}' y='${f2(ax.Y(v + err) - 3 * s)}' font-size='${f2(7 * s)}' text-anchor='middle' ${FONT}>${v.toFixed(2)}</text>`;
    }),
  );
  return svgDoc(W, H, body);
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, lw?: number, cols?: number, rows?: number }} options
 */
export function heatmapCells(rng, { W, H, s = W / 800, lw = 1, cols = 40, rows = 30 }) {
  const box = /** @type {Box} */ ([Math.round(70 * s), Math.round(40 * s), Math.round(W - 190 * s), Math.round(H - 100 * s)]);
  const ax = axes({ box, x: [0, cols], y: [0, rows], s, lw, xlabel: 'head', ylabel: 'layer', title: 'attention entropy', grid: false });
  let body = '';
  const cw = box[2] / cols;
  const ch = box[3] / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = 0.5 + 0.3 * Math.sin(c / 5 + r / 7) + 0.2 * rng.normal();
      body += `<rect x='${f2(box[0] + c * cw)}' y='${f2(box[1] + r * ch)}' width='${f2(cw + 0.5)}' height='${f2(ch + 0.5)}' fill='${hex(cmap(VIRIDIS, v))}'/>`;
    }
  }
  body += ax.svg;
  const bx = box[0] + box[2] + 20 * s;
  for (let i = 0; i < 128; i++) {
    const y = box[1] + (box[3] * i) / 128;
    body += `<rect x='${f2(bx)}' y='${f2(y)}' width='${f2(20 * s)}' height='${f2(box[3] / 128 + 0.5)}' fill='${hex(cmap(VIRIDIS, 1 - i / 127))}'/>`;
  }
  for (let i = 0; i <= 5; i++) {
    body += `<text x='${f2(bx + 26 * s)}' y='${f2(box[1] + (box[3] * i) / 5 + 3 * s)}' font-size='${f2(9 * s)}' ${FONT}>${(1 - i / 5).toFixed(1)}</text>`;
  }
  return svgDoc(W, H, body);
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number, s?: number, classes: number }} options
 */
export function confusion(rng, { W, H, s = W / 800, classes }) {
  const box = /** @type {Box} */ ([Math.round(90 * s), Math.round(50 * s), Math.round(W - 140 * s), Math.round(H - 130 * s)]);
  const cw = box[2] / classes;
  const ch = box[3] / classes;
  const fs = Math.min(cw, ch) * 0.32;
  let body = `<text x='${f2(box[0] + box[2] / 2)}' y='${f2(30 * s)}' font-size='${f2(13 * s)}' text-anchor='middle' ${FONT}>Confusion matrix (n=${classes * 500})</text>`;
  for (let r = 0; r < classes; r++) {
    const row = Array.from({ length: classes }, (_, c) => (r === c ? rng.range(300, 480) : rng() < 0.3 ? rng.range(0, 40) : 0));
    const max = 500;
    row.forEach((v, c) => {
      const n = Math.round(v);
      const t = n / max;
      body += `<rect x='${f2(box[0] + c * cw)}' y='${f2(box[1] + r * ch)}' width='${f2(cw)}' height='${f2(ch)}' fill='${hex(cmap(BLUES, t))}'/>`;
      body += `<text x='${f2(box[0] + (c + 0.5) * cw)}' y='${f2(box[1] + (r + 0.5) * ch + fs * 0.35)}' font-size='${f2(fs)}' text-anchor='middle' fill='${t > 0.5 ? '#ffffff' : '#000000'}' ${FONT}>${n}</text>`;
    });
    body += `<text x='${f2(box[0] - 6 * s)}' y='${f2(box[1] + (r + 0.5) * ch + 3 * s)}' font-size='${f2(Math.min(9 * s, ch * 0.6))}' text-anchor='end' ${FONT}>cls_${r}</text>`;
    body += `<text x='${f2(box[0] + (r + 0.5) * cw)}' y='${f2(box[1] + box[3] + 12 * s)}' font-size='${f2(Math.min(9 * s, cw * 0.5))}' text-anchor='middle' ${FONT}>${r}</text>`;
  }
  body += `<text x='${f2(box[0] + box[2] / 2)}' y='${f2(box[1] + box[3] + 34 * s)}' font-size='${f2(11 * s)}' text-anchor='middle' ${FONT}>predicted</text>`;
  return svgDoc(W, H, body);
}

/**
 * @param {Rng} rng
 * @param {{ W: number, H: number }} size
 */
export function waveform(rng, { W, H }) {
  const n = W;
  const xs = Array.from({ length: n }, (_, i) => i);
  let phase = 0;
  const ys = xs.map((i) => {
    phase += 0.05 + 0.04 * Math.sin(i / 300);
    return Math.sin(phase) * (0.5 + 0.4 * Math.sin(i / 900)) + rng.normal() * 0.08;
  });
  const s = 1.4;
  /** @type {Box} */
  const box = [80, 30, W - 110, H - 80];
  const ax = axes({ box, x: [0, n], y: [-1.2, 1.2], s, lw: 1, xlabel: 'sample', ylabel: 'amplitude', title: 'sensor trace' });
  return svgDoc(W, H, ax.svg + polyline(xs, ys, ax.X, ax.Y, tab(0), 1));
}

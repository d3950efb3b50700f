// `npm run bench:images`: how well src/images/compress.ts shrinks realistic test outputs under
// the 50 KB cap, against the seed's method ("fixed resize, then lower quality").
//
// 1. Corpus: 47 images generated deterministically (seeded PRNG, no network) into
//    .cache/bench/corpus/: plots drawn from SVG by sharp (librsvg; text uses the system's
//    fonts, DejaVu Sans here, so bytes can differ on a machine with other fonts), heatmaps and
//    photo-like images from raw pixels, in every format and odd case the action meets. It is
//    reused while GENERATOR_VERSION and the file list match (`--regen` rebuilds it).
// 2. Each image goes through (a) compressImage(sharp, input, format, 51200) from
//    src/images/compress.ts, bundled with esbuild into .cache/bench/compress.mjs (sharp
//    external), and (b) the seed: autoOrient, resize to fit 1024×1024 (no enlargement), encode
//    in the same format at quality 90, 80, … 10 until under the cap, else the last one (PNG:
//    palette quality 90 → 10; GIF has no quality: colours 256 → 16; TIFF: its default JPEG
//    compression at the quality). Both skip an image already under the cap. Both use the same
//    sharp, set up as the action sets it up (loadSharp: concurrency 1, no cache), one image at
//    a time; times are wall milliseconds for the whole call (noisy on a busy machine: compare
//    totals, not single rows).
// 3. SSIM against the original at the original's size: both are decoded with EXIF orientation
//    applied, flattened on white, as 8-bit sRGB RGBA; the output is resized (lanczos3) back up
//    to the original's (oriented) dimensions. Above 2 MP both are then downsampled identically
//    (lanczos3) to at most 2 MP to keep the bench fast: this hides some damage to 1 px detail
//    in the largest images, for both methods alike. ssim.js, Weber's variant (its default),
//    with its own downsampling off. Animated GIFs: the first frame. A kept image has SSIM 1 and
//    the original's bytes (so an image kept over the cap flatters the mean: the summary also
//    gives mean and min SSIM over the outputs within the cap only).
// 4. Prints a row per image and the overall numbers, writes .cache/bench/images.json, prints a
//    markdown summary, and exits 1 if any of ours is over the cap (a product rule).
//
// Options: --regen (rebuild the corpus), --only SUBSTRING[,SUBSTRING] (filter images),
// --module PATH (bench another copy of compress.ts, e.g. a scratch copy under .cache/),
// --json PATH (where to write the results), --no-seed (skip the seed).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ssim } from 'ssim.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const CORPUS = path.join(CACHE, 'corpus');
const CAP = 51_200;
const SEED = 0x5eed_2024;
const GENERATOR_VERSION = 4;
const SSIM_MAX_PIXELS = 2_000_000;
const TARGETS = { overCap: 0, meanSsim: 0.93, minSsim: 0.8 };

const args = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG per image, from the corpus seed and the image's name: images don't shift each other. */
function rngFor(name) {
  let h = SEED;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const next = mulberry32(h);
  const rng = () => next();
  rng.range = (a, b) => a + (b - a) * next();
  rng.int = (a, b) => Math.floor(a + (b - a + 1) * next());
  rng.pick = (list) => list[Math.floor(next() * list.length)];
  rng.normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return rng;
}

/** Fast gaussian noise: a table of N(0,1) samples indexed by the PRNG. */
function gaussTable(rng, size = 65_536) {
  const t = new Float32Array(size);
  for (let i = 0; i < size; i++) t[i] = rng.normal();
  return t;
}

// ---------------------------------------------------------------------------------------------
// Colour maps

const TAB10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]];
const BLUES = [[247, 251, 255], [222, 235, 247], [198, 219, 239], [158, 202, 225], [107, 174, 214], [66, 146, 198], [33, 113, 181], [8, 81, 156], [8, 48, 107]];
const MAGMA = [[0, 0, 4], [28, 16, 68], [79, 18, 123], [129, 37, 129], [181, 54, 122], [229, 80, 100], [251, 135, 97], [254, 194, 135], [252, 253, 191]];

function cmap(stops, t) {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
}
const hex = ([r, g, b]) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
function lut(stops) {
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) out.set(cmap(stops, i / 255), i * 3);
  return out;
}

// ---------------------------------------------------------------------------------------------
// SVG plotting

const FONT = "font-family='DejaVu Sans, Liberation Sans, sans-serif'";
const MONO = "font-family='DejaVu Sans Mono, Liberation Mono, monospace'";
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const f2 = (v) => (Math.round(v * 100) / 100).toString();

function svgDoc(W, H, body, { background = '#ffffff' } = {}) {
  const bg = background ? `<rect width='${W}' height='${H}' fill='${background}'/>` : '';
  return Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg' width='${W}' height='${H}' viewBox='0 0 ${W} ${H}'>${bg}${body}</svg>`);
}

function niceTicks(min, max, n = 6) {
  const raw = (max - min) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const out = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out.map((v) => ({ v, label: v.toFixed(decimals) }));
}

/** Axes in a box: grid, spines, ticks with labels, axis labels, title. */
function axes({ box: [left, top, width, height], x: [x0, x1], y: [y0, y1], s = 1, lw = 1, xlabel = '', ylabel = '', title = '', grid = true }) {
  const X = (v) => left + ((v - x0) / (x1 - x0)) * width;
  const Y = (v) => top + height - ((v - y0) / (y1 - y0)) * height;
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

function legend(entries, { right, top, s = 1, lw = 1, kind = 'line' }) {
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

const polyline = (xs, ys, X, Y, color, width, extra = '') =>
  `<path d='M${xs.map((x, i) => `${f2(X(x))} ${f2(Y(ys[i]))}`).join('L')}' fill='none' stroke='${color}' stroke-width='${width}' stroke-linejoin='round' ${extra}/>`;

function plotBox(W, H, s) {
  return [Math.round(70 * s), Math.round(40 * s), Math.round(W - 100 * s), Math.round(H - 100 * s)];
}

/** Training-curve-like series: decaying, noisy, or random walks. */
function makeSeries(rng, n, kind) {
  const xs = Array.from({ length: n }, (_, i) => i);
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

function linePlot(rng, { W, H, s = W / 800, lw = 1, seriesLw = lw, series = 3, points = 300, kind = 'smooth', background = '#ffffff', title = 'validation loss' }) {
  const data = Array.from({ length: series }, () => makeSeries(rng, points, kind));
  const all = data.flatMap((d) => d.ys);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = (hi - lo) * 0.05;
  const box = plotBox(W, H, s);
  const ax = axes({ box, x: [0, points - 1], y: [lo - pad, hi + pad], s, lw, xlabel: 'step', ylabel: 'loss', title });
  let body = `<g>${ax.svg}</g>`;
  body += `<clipPath id='c'><rect x='${box[0]}' y='${box[1]}' width='${box[2]}' height='${box[3]}'/></clipPath><g clip-path='url(#c)'>`;
  data.forEach((d, i) => (body += polyline(d.xs, d.ys, ax.X, ax.Y, TAB10[i % 10], seriesLw)));
  body += '</g>';
  body += legend(
    data.map((_, i) => ({ label: `run-${i + 1} lr=${(10 ** -rng.range(2, 4)).toExponential(1)}`, color: TAB10[i % 10] })),
    { right: box[0] + box[2], top: box[1], s, lw },
  );
  return svgDoc(W, H, body, { background });
}

function subplots(rng, { W, H, s = W / 800, lw = 1 }) {
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
      const box = [Math.round(c * cw + 60 * s), Math.round(r * ch + 30 * s), Math.round(cw - 80 * s), Math.round(ch - 80 * s)];
      const ax = axes({ box, x: [0, n - 1], y: [lo, hi], s, lw, xlabel: 'epoch', ylabel: ['acc', 'f1', 'loss', 'grad norm'][r * 2 + c], title: `metric ${r * 2 + c + 1}` });
      body += ax.svg;
      data.forEach((d, i) => (body += polyline(d.xs, d.ys, ax.X, ax.Y, TAB10[i], lw)));
    }
  }
  return svgDoc(W, H, body);
}

function scatterPlot(rng, { W, H, s = W / 800, lw = 1, points, r = 1.5 * s, opacity = 0.6, classes = 4 }) {
  const centers = Array.from({ length: classes }, () => [rng.range(-3, 3), rng.range(-3, 3), rng.range(0.4, 1.4)]);
  const box = plotBox(W, H, s);
  const ax = axes({ box, x: [-6, 6], y: [-6, 6], s, lw, xlabel: 'embedding dim 1', ylabel: 'embedding dim 2', title: `t-SNE (${points} samples)` });
  let body = ax.svg;
  for (let i = 0; i < points; i++) {
    const k = i % classes;
    const [cx, cy, sd] = centers[k];
    const x = cx + rng.normal() * sd;
    const y = cy + rng.normal() * sd * rng.range(0.6, 1.4);
    if (Math.abs(x) > 6 || Math.abs(y) > 6) continue;
    body += `<circle cx='${f2(ax.X(x))}' cy='${f2(ax.Y(y))}' r='${f2(r)}' fill='${TAB10[k]}' fill-opacity='${opacity}'/>`;
  }
  body += legend(
    centers.map((_, k) => ({ label: `class ${k}`, color: TAB10[k] })),
    { right: box[0] + box[2], top: box[1], s, lw, kind: 'box' },
  );
  return svgDoc(W, H, body);
}

function histogram(rng, { W, H, s = W / 800, lw = 1, bins = 60, groups = 2 }) {
  const box = plotBox(W, H, s);
  const counts = Array.from({ length: groups }, (_, g) => {
    const c = new Array(bins).fill(0);
    const mu = rng.range(0.3, 0.7) * bins;
    const sd = rng.range(0.08, 0.18) * bins;
    for (let i = 0; i < 20_000; i++) {
      const b = Math.floor(mu + rng.normal() * sd + g * 3);
      if (b >= 0 && b < bins) c[b]++;
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
      body += `<rect x='${f2(x)}' y='${f2(ax.Y(v))}' width='${f2(w)}' height='${f2(ax.Y(0) - ax.Y(v))}' fill='${TAB10[g]}' fill-opacity='0.55' stroke='${TAB10[g]}' stroke-width='${lw * 0.5}'/>`;
    }),
  );
  body += legend(
    counts.map((_, g) => ({ label: ['baseline', 'candidate', 'canary'][g] ?? `g${g}`, color: TAB10[g] })),
    { right: box[0] + box[2], top: box[1], s, lw, kind: 'box' },
  );
  return svgDoc(W, H, body);
}

function groupedBars(rng, { W, H, s = W / 800, lw = 1, categories = 12, groups = 4 }) {
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
      body += `<rect x='${f2(x)}' y='${f2(ax.Y(v))}' width='${f2(w)}' height='${f2(ax.Y(0) - ax.Y(v))}' fill='${TAB10[g]}'/>`;
      const cx = f2(x + w / 2);
      body += `<line x1='${cx}' x2='${cx}' y1='${f2(ax.Y(v - err))}' y2='${f2(ax.Y(v + err))}' stroke='#000' stroke-width='${lw}'/>`;
      body += `<text x='${cx}' y='${f2(ax.Y(v + err) - 3 * s)}' font-size='${f2(7 * s)}' text-anchor='middle' ${FONT}>${v.toFixed(2)}</text>`;
    }),
  );
  return svgDoc(W, H, body);
}

function heatmapCells(rng, { W, H, s = W / 800, lw = 1, cols = 40, rows = 30 }) {
  const box = [Math.round(70 * s), Math.round(40 * s), Math.round(W - 190 * s), Math.round(H - 100 * s)];
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

function confusion(rng, { W, H, s = W / 800, classes }) {
  const box = [Math.round(90 * s), Math.round(50 * s), Math.round(W - 140 * s), Math.round(H - 130 * s)];
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

const WORDS = 'test run passed failed skipped build deploy worker queue cache shard retry timeout latency upload artifact report coverage module service request handler config parser render index page bucket manifest summary status duration commit branch merge review'.split(' ');
const sentence = (rng, n) => Array.from({ length: n }, () => rng.pick(WORDS)).join(' ');

function uiScreenshot(rng, { W, H, scale = 1, dark = false }) {
  const u = scale;
  const bg = dark ? '#1e1e1e' : '#ffffff';
  const fg = dark ? '#d4d4d4' : '#24292f';
  const muted = dark ? '#8b949e' : '#57606a';
  const panel = dark ? '#252526' : '#f6f8fa';
  let body = `<rect width='${W}' height='${56 * u}' fill='${dark ? '#333333' : '#24292f'}'/>`;
  body += `<text x='${20 * u}' y='${35 * u}' font-size='${18 * u}' fill='#ffffff' ${FONT} font-weight='bold'>Test outputs</text>`;
  for (let i = 0; i < 5; i++) body += `<text x='${(220 + i * 110) * u}' y='${34 * u}' font-size='${14 * u}' fill='#d0d7de' ${FONT}>${esc(rng.pick(WORDS))}</text>`;
  body += `<rect x='0' y='${56 * u}' width='${260 * u}' height='${H - 56 * u}' fill='${panel}'/>`;
  for (let i = 0; i < Math.floor((H / u - 80) / 30); i++) {
    const y = (90 + i * 30) * u;
    if (i === 3) body += `<rect x='${8 * u}' y='${y - 20 * u}' width='${244 * u}' height='${28 * u}' rx='${6 * u}' fill='${dark ? '#094771' : '#ddf4ff'}'/>`;
    body += `<text x='${24 * u}' y='${y}' font-size='${14 * u}' fill='${fg}' ${FONT}>${esc(sentence(rng, 2))}</text>`;
  }
  const x0 = 290 * u;
  body += `<text x='${x0}' y='${100 * u}' font-size='${24 * u}' fill='${fg}' ${FONT}>Run #${rng.int(1000, 9999)} — ${esc(sentence(rng, 3))}</text>`;
  const badges = [['passed', '#1a7f37'], ['failed', '#cf222e'], ['skipped', '#9a6700']];
  badges.forEach(([label, color], i) => {
    body += `<rect x='${x0 + i * 110 * u}' y='${118 * u}' width='${100 * u}' height='${26 * u}' rx='${13 * u}' fill='${color}'/>`;
    body += `<text x='${x0 + (i * 110 + 50) * u}' y='${136 * u}' font-size='${13 * u}' fill='#ffffff' text-anchor='middle' ${FONT}>${rng.int(1, 400)} ${label}</text>`;
  });
  const tableTop = 170 * u;
  body += `<rect x='${x0}' y='${tableTop}' width='${W - x0 - 30 * u}' height='${36 * u}' fill='${panel}' stroke='${dark ? '#3c3c3c' : '#d0d7de'}'/>`;
  const cols = [0, 420, 560, 700, 840];
  ['name', 'status', 'duration', 'size', 'modified'].forEach((h, i) => (body += `<text x='${x0 + (cols[i] + 12) * u}' y='${tableTop + 23 * u}' font-size='${13 * u}' fill='${muted}' font-weight='bold' ${FONT}>${h}</text>`));
  for (let r = 0; r * 34 * u + tableTop + 70 * u < H; r++) {
    const y = tableTop + (36 + r * 34) * u;
    body += `<line x1='${x0}' x2='${W - 30 * u}' y1='${y + 34 * u}' y2='${y + 34 * u}' stroke='${dark ? '#3c3c3c' : '#d8dee4'}' stroke-width='${u}'/>`;
    const [label, color] = rng.pick(badges);
    body += `<text x='${x0 + 12 * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${dark ? '#4fc1ff' : '#0969da'}' ${FONT}>${esc(sentence(rng, 3).replace(/ /g, '/'))}.png</text>`;
    body += `<circle cx='${x0 + (cols[1] + 16) * u}' cy='${y + 17 * u}' r='${5 * u}' fill='${color}'/>`;
    body += `<text x='${x0 + (cols[1] + 28) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${fg}' ${FONT}>${label}</text>`;
    body += `<text x='${x0 + (cols[2] + 12) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${fg}' ${MONO}>${rng.range(0.01, 90).toFixed(2)} s</text>`;
    body += `<text x='${x0 + (cols[3] + 12) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${fg}' ${MONO}>${rng.range(1, 900).toFixed(1)} KB</text>`;
    body += `<text x='${x0 + (cols[4] + 12) * u}' y='${y + 22 * u}' font-size='${13 * u}' fill='${muted}' ${FONT}>${rng.int(1, 59)} minutes ago</text>`;
  }
  return svgDoc(W, H, body, { background: bg });
}

function logPage(rng, { W, H }) {
  let body = '';
  const lineH = 16;
  for (let i = 0; (i + 2) * lineH < H; i++) {
    const level = rng() < 0.08 ? ['ERROR', '#cf222e'] : rng() < 0.15 ? ['WARN', '#9a6700'] : ['INFO', '#57606a'];
    const ts = `2024-06-11T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${rng.int(100, 999)}Z`;
    if (i % 2) body += `<rect x='0' y='${(i + 1) * lineH - 12}' width='${W}' height='${lineH}' fill='#f6f8fa'/>`;
    body += `<text x='8' y='${(i + 1) * lineH}' font-size='12' ${MONO}><tspan fill='#8c959f'>${ts}</tspan> <tspan fill='${level[1]}'>${level[0]}</tspan> ${esc(sentence(rng, rng.int(4, 12)))}</text>`;
  }
  return svgDoc(W, H, body);
}

function waveform(rng, { W, H }) {
  const n = W;
  const xs = Array.from({ length: n }, (_, i) => i);
  let phase = 0;
  const ys = xs.map((i) => {
    phase += 0.05 + 0.04 * Math.sin(i / 300);
    return Math.sin(phase) * (0.5 + 0.4 * Math.sin(i / 900)) + rng.normal() * 0.08;
  });
  const s = 1.4;
  const box = [80, 30, W - 110, H - 80];
  const ax = axes({ box, x: [0, n], y: [-1.2, 1.2], s, lw: 1, xlabel: 'sample', ylabel: 'amplitude', title: 'sensor trace' });
  return svgDoc(W, H, ax.svg + polyline(xs, ys, ax.X, ax.Y, TAB10[0], 1));
}

// ---------------------------------------------------------------------------------------------
// Raw-pixel images

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
    const a = grid[iy * gw + ix];
    const b = grid[iy * gw + ix + 1];
    const c = grid[(iy + 1) * gw + ix];
    const d = grid[(iy + 1) * gw + ix + 1];
    return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
  };
}

async function heatmapRaw(sharp, rng, { W, H, noisy, stops = VIRIDIS }) {
  const bumps = Array.from({ length: 8 }, () => [rng.range(0, W), rng.range(0, H), rng.range(W / 12, W / 4), rng.range(-1, 1)]);
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
    let t = (vals[i] - lo) / (hi - lo);
    if (noisy) t += g[(k = (k + 40_503) & 65_535)] * 0.12;
    const idx = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
    out[i * 3] = table[idx];
    out[i * 3 + 1] = table[idx + 1];
    out[i * 3 + 2] = table[idx + 2];
  }
  return sharp(out, { raw: { width: W, height: H, channels: 3 } });
}

/** Photo-like: smooth gradients, soft shapes, texture and sensor noise. Returns raw RGB. */
async function photoRaw(sharp, rng, { W, H, noise = 5 }) {
  const top = [rng.int(60, 140), rng.int(110, 170), rng.int(170, 235)];
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
      for (let c = 0; c < 3; c++) base[i + c] = Math.max(0, Math.min(255, top[c] + (bottom[c] - top[c]) * mix + v));
    }
  }
  let shapes = '<defs>';
  const n = 24;
  for (let i = 0; i < n; i++) {
    const c1 = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    const c2 = c1.map((v) => Math.max(0, v - rng.int(40, 120)));
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
    const lum = g[(k = (k + 40_503) & 65_535)] * noise;
    for (let c = 0; c < 3; c++) shaped[i + c] = Math.max(0, Math.min(255, shaped[i + c] + lum + g[(k = (k * 69_069 + 1) & 65_535)] * noise * 0.5));
  }
  return shaped;
}

async function microscopy(sharp, rng, { W, H }) {
  const out = Buffer.alloc(W * H);
  const bg = valueNoise(rng, W, H, W / 5);
  const g = gaussTable(rng);
  const cells = Array.from({ length: 60 }, () => [rng.range(0, W), rng.range(0, H), rng.range(10, 40), rng.range(60, 180)]);
  let k = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 20 + bg(x, y) * 25;
      for (const [cx, cy, r, a] of cells) {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        if (d2 < 9 * r * r) v += a * Math.exp(-d2 / (2 * r * r));
      }
      out[y * W + x] = Math.max(0, Math.min(255, v + g[(k = (k + 40_503) & 65_535)] * 6));
    }
  }
  return sharp(out, { raw: { width: W, height: H, channels: 1 } });
}

// ---------------------------------------------------------------------------------------------
// The corpus

/** name → how to make it (returns the file's bytes). */
function corpusRecipes(sharp) {
  const png = (svg) => sharp(svg).png().toBuffer();
  const recipes = {
    // Line plots, matplotlib-like: DPI 100, 200 and 300; thin 1 px lines where they don't scale.
    'line-800x600.png': (r) => png(linePlot(r, { W: 800, H: 600 })),
    'line-1600x1200-dpi200.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 2, seriesLw: 3 })),
    'line-1600x1200-thin.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 1, seriesLw: 1, series: 4, points: 600 })),
    'line-2400x1800-thin.png': (r) => png(linePlot(r, { W: 2400, H: 1800, lw: 1, seriesLw: 1, series: 3, points: 800 })),
    'line-2400x1800-dpi300.png': (r) => png(linePlot(r, { W: 2400, H: 1800, lw: 3, seriesLw: 4.5 })),
    'multiline-noisy-800x600.png': (r) => png(linePlot(r, { W: 800, H: 600, series: 6, points: 1000, kind: 'noisy', title: 'train loss' })),
    'multiline-noisy-1600x1200.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 1, seriesLw: 1, series: 8, points: 2000, kind: 'noisy', title: 'train loss (8 seeds)' })),
    'multiline-walk-2400x1800.png': (r) => png(linePlot(r, { W: 2400, H: 1800, lw: 1, seriesLw: 1.5, series: 10, points: 1500, kind: 'walk', title: 'throughput' })),
    'subplots-2400x1800.png': (r) => png(subplots(r, { W: 2400, H: 1800, lw: 1 })),
    'waveform-6000x400.png': (r) => png(waveform(r, { W: 6000, H: 400 })),
    // Scatter plots.
    'scatter-2k-800x600.png': (r) => png(scatterPlot(r, { W: 800, H: 600, points: 2000, r: 2 })),
    'scatter-20k-1600x1200.png': (r) => png(scatterPlot(r, { W: 1600, H: 1200, points: 20_000, r: 1.5, opacity: 0.5, classes: 6 })),
    'scatter-10k-2400x1800.png': (r) => png(scatterPlot(r, { W: 2400, H: 1800, points: 10_000, r: 2, lw: 1, classes: 8 })),
    // Histograms and bars.
    'histogram-800x600.png': (r) => png(histogram(r, { W: 800, H: 600, bins: 40 })),
    'histogram-1600x1200.png': (r) => png(histogram(r, { W: 1600, H: 1200, bins: 120, groups: 3, lw: 1 })),
    'bars-grouped-1600x1200.png': (r) => png(groupedBars(r, { W: 1600, H: 1200, lw: 2 })),
    // Heatmaps and matrices.
    'heatmap-smooth-1000x1000.png': async (r) => (await heatmapRaw(sharp, r, { W: 1000, H: 1000, noisy: false })).png().toBuffer(),
    'heatmap-noisy-1000x1000.png': async (r) => (await heatmapRaw(sharp, r, { W: 1000, H: 1000, noisy: true })).png().toBuffer(),
    'heatmap-noisy-magma-2000x1500.png': async (r) => (await heatmapRaw(sharp, r, { W: 2000, H: 1500, noisy: true, stops: MAGMA })).png().toBuffer(),
    'heatmap-cells-1600x1200.png': (r) => png(heatmapCells(r, { W: 1600, H: 1200, lw: 1 })),
    'confusion-10-1000x1000.png': (r) => png(confusion(r, { W: 1000, H: 1000, classes: 10 })),
    'confusion-30-2000x2000.png': (r) => png(confusion(r, { W: 2000, H: 2000, classes: 30 })),
    // Photo-like.
    'photo-1920x1080-q92.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 1920, H: 1080 }), 1920, 1080).jpeg({ quality: 92 }).toBuffer(),
    'photo-4000x3000-q92.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 4000, H: 3000 }), 4000, 3000).jpeg({ quality: 92 }).toBuffer(),
    'photo-1280x720.png': async (r) => raw3(await photoRaw(sharp, r, { W: 1280, H: 720, noise: 3 }), 1280, 720).png().toBuffer(),
    // Plots and screenshots saved as JPEG (savefig('x.jpg'), Playwright's type: 'jpeg').
    'line-2400x1800-q95.jpg': (r) => sharp(linePlot(r, { W: 2400, H: 1800, lw: 1, seriesLw: 1.5, series: 4, points: 600 })).flatten({ background: '#ffffff' }).jpeg({ quality: 95 }).toBuffer(),
    'ui-1440x900-q90.jpg': (r) => sharp(uiScreenshot(r, { W: 1440, H: 900 })).flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer(),
    'photo-800x600-q85.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 800, H: 600, noise: 2 }), 800, 600).jpeg({ quality: 85 }).toBuffer(),
    // Screenshots.
    'ui-1440x900.png': (r) => png(uiScreenshot(r, { W: 1440, H: 900 })),
    'ui-dark-1440x900.png': (r) => png(uiScreenshot(r, { W: 1440, H: 900, dark: true })),
    'ui-retina-2880x1800.png': (r) => png(uiScreenshot(r, { W: 2880, H: 1800, scale: 2 })),
    'fullpage-log-1000x6000.png': (r) => png(logPage(r, { W: 1000, H: 6000 })),
    // Odd formats and encodings.
    'transparent-plot-1600x1200.png': (r) => png(linePlot(r, { W: 1600, H: 1200, lw: 1, seriesLw: 1.5, series: 4, points: 500, background: '' })),
    'plot-16bit-1600x1200.png': async (r) => (await heatmapRaw(sharp, r, { W: 1600, H: 1200, noisy: false })).toColourspace('rgb16').png().toBuffer(),
    'grey-microscopy-1200x1200.png': async (r) => (await microscopy(sharp, r, { W: 1200, H: 1200 })).png().toBuffer(),
    'cmyk-photo-1600x1200.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 1600, H: 1200 }), 1600, 1200).toColourspace('cmyk').jpeg({ quality: 92 }).toBuffer(),
    'exif-rot6-photo-1600x1200.jpg': async (r) => {
      // Stored landscape with a plot-like overlay, shown portrait (EXIF orientation 6).
      const pixels = await photoRaw(sharp, r, { W: 1600, H: 1200 });
      const label = svgDoc(1600, 1200, `<text x='60' y='140' font-size='96' fill='#ffffff' ${FONT}>sample 42 / top-left</text>`, { background: '' });
      return raw3(pixels, 1600, 1200).composite([{ input: label }]).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
    },
    'scatter-1600x1200-lossless.webp': (r) => sharp(scatterPlot(r, { W: 1600, H: 1200, points: 8000, r: 2 })).webp({ lossless: true }).toBuffer(),
    'photo-1920x1080-q90.webp': async (r) => raw3(await photoRaw(sharp, r, { W: 1920, H: 1080 }), 1920, 1080).webp({ quality: 90 }).toBuffer(),
    'heatmap-1200x1200-lzw.tif': async (r) => (await heatmapRaw(sharp, r, { W: 1200, H: 1200, noisy: false })).tiff({ compression: 'lzw' }).toBuffer(),
    'plot-rgba-1600x1200.tif': (r) => sharp(linePlot(r, { W: 1600, H: 1200, lw: 2, seriesLw: 2 })).ensureAlpha().tiff({ compression: 'lzw' }).toBuffer(),
    'scatter-1200x900.gif': (r) => sharp(scatterPlot(r, { W: 1200, H: 900, points: 5000, r: 2 })).gif().toBuffer(),
    'animated-24f-640x480.gif': async (r) => {
      const frames = [];
      for (let f = 0; f < 24; f++) {
        const rf = rngFor(`frame-${f}`);
        const svg = linePlot(rf, { W: 640, H: 480, series: 2, points: 100 + f * 20, title: `epoch ${f + 1}` });
        frames.push(await sharp(svg).ensureAlpha().raw().toBuffer());
      }
      void r;
      return sharp(Buffer.concat(frames), { raw: { width: 640, height: 480 * 24, channels: 4, pageHeight: 480 } })
        .gif({ loop: 0, delay: Array(24).fill(200) })
        .toBuffer();
    },
    // Already under the cap, or just over it.
    'small-plot-480x360.png': (r) => png(linePlot(r, { W: 480, H: 360, s: 0.7, series: 2, points: 50 })),
    'small-thumb-256x192.jpg': async (r) => raw3(await photoRaw(sharp, r, { W: 256, H: 192, noise: 2 }), 256, 192).jpeg({ quality: 85 }).toBuffer(),
    'icon-64x64.png': (r) => png(svgDoc(64, 64, `<circle cx='32' cy='32' r='${r.int(20, 28)}' fill='#1a7f37'/><path d='M20 33 L29 42 L45 24' stroke='#fff' stroke-width='5' fill='none'/>`, { background: '' })),
    'bars-800x600-level1.png': (r) => sharp(groupedBars(r, { W: 800, H: 600, categories: 6, groups: 3 })).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer(),
  };
  return recipes;

  function raw3(buf, width, height) {
    return sharp(buf, { raw: { width, height, channels: 3 } });
  }
}

async function buildCorpus(sharp) {
  const recipes = corpusRecipes(sharp);
  const names = Object.keys(recipes);
  const manifestPath = path.join(CORPUS, 'manifest.json');
  if (!args.regen && existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    if (manifest.version === GENERATOR_VERSION && manifest.names.join() === names.join() && names.every((n) => existsSync(path.join(CORPUS, n)))) {
      return names;
    }
  }
  await rm(CORPUS, { recursive: true, force: true });
  await mkdir(CORPUS, { recursive: true });
  const started = performance.now();
  process.stdout.write(`generating the corpus (${names.length} images) into ${path.relative(ROOT, CORPUS)}/ …`);
  for (const name of names) {
    const data = await recipes[name](rngFor(name));
    await writeFile(path.join(CORPUS, name), data);
  }
  await writeFile(manifestPath, JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, names }, null, 2) + '\n');
  console.log(` ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return names;
}

// ---------------------------------------------------------------------------------------------
// The seed's method: fixed resize, then lower quality

async function seedCompress(sharp, input, format, maxBytes) {
  if (input.length <= maxBytes) return { kind: 'kept', reason: 'under-cap' };
  const steps =
    format === 'gif'
      ? [256, 128, 64, 32, 16].map((colours) => ({ label: `gif ${colours} colours`, opts: (img) => img.gif({ colours }) }))
      : [90, 80, 70, 60, 50, 40, 30, 20, 10].map((q) => ({
          label: `${format} q${q}`,
          opts: (img) => {
            switch (format) {
              case 'png':
                return img.png({ palette: true, quality: q });
              case 'jpeg':
                return img.jpeg({ quality: q });
              case 'webp':
                return img.webp({ quality: q });
              case 'tiff':
                return img.tiff({ quality: q });
              case 'avif':
                return img.avif({ quality: q });
              default:
                throw new Error(`seed: no encoder for ${format}`);
            }
          },
        }));
  let last;
  for (const step of steps) {
    const { data, info } = await step
      .opts(sharp(input).autoOrient().resize(1024, 1024, { fit: 'inside', withoutEnlargement: true }))
      .toBuffer({ resolveWithObject: true });
    last = { kind: 'compressed', data, width: info.width, height: info.height, method: step.label };
    if (data.length <= maxBytes) break;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// SSIM

/** 8-bit sRGB RGBA, orientation applied, flattened on white, at `width`×`height` if given. */
async function rgba(sharp, input, width, height) {
  const { data, info } = await sharp(input, { limitInputPixels: false })
    .autoOrient()
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (width === undefined || (info.width === width && info.height === height)) return { data, width: info.width, height: info.height };
  const resized = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { data: resized, width, height };
}

async function shrinkForSsim(sharp, img) {
  const pixels = img.width * img.height;
  if (pixels <= SSIM_MAX_PIXELS) return img;
  const f = Math.sqrt(SSIM_MAX_PIXELS / pixels);
  const width = Math.max(1, Math.floor(img.width * f));
  const height = Math.max(1, Math.floor(img.height * f));
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

const imageData = (img) => ({ data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height });

async function ssimAgainst(sharp, reference, output) {
  const other = await shrinkForSsim(sharp, await rgba(sharp, output, reference.full.width, reference.full.height));
  return ssim(imageData(reference.small), imageData(other), { downsample: false }).mssim;
}

// ---------------------------------------------------------------------------------------------
// The run

async function bundleCompress() {
  const source = path.resolve(ROOT, args.module ?? 'src/images/compress.ts');
  const outfile = path.join(CACHE, 'compress.mjs');
  await mkdir(CACHE, { recursive: true });
  await build({
    stdin: {
      contents: `export * from ${JSON.stringify(source)};\nexport { loadSharp } from ${JSON.stringify(path.join(ROOT, 'src/images/load-sharp.ts'))};\n`,
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sharp'],
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?v=${Date.now()}`);
}

async function timed(fn) {
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, ms: performance.now() - t0 };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error), ms: performance.now() - t0 };
  }
}

async function evaluate(sharp, reference, original, run) {
  if (run.error) return { error: run.error, bytes: null, overCap: true, ssim: null, ms: round(run.ms), method: 'error' };
  const r = run.result;
  if (r.kind === 'kept') {
    return { bytes: original.length, overCap: original.length > CAP, ssim: 1, ms: round(run.ms), method: `kept: ${r.reason}`, detail: r.detail };
  }
  const value = await ssimAgainst(sharp, reference, r.data);
  return {
    bytes: r.data.length,
    overCap: r.data.length > CAP,
    ssim: Number(value.toFixed(4)),
    ms: round(run.ms),
    method: r.method,
    width: r.width,
    height: r.height,
    ...(r.attempts !== undefined ? { attempts: r.attempts } : {}),
    ...(r.animation ? { animation: r.animation } : {}),
  };
}

function summarise(rows, key) {
  const xs = rows.map((row) => row[key]);
  const ssims = xs.map((x) => x.ssim ?? 0);
  const within = xs.filter((x) => !x.overCap).map((x) => x.ssim ?? 0);
  if (rows.length === 0) return { images: 0, overCap: 0, errors: 0, meanSsim: 1, minSsim: 1, minSsimImage: null, meanSsimWithinCap: null, minSsimWithinCap: null, totalMs: 0, totalBytes: 0 };
  const worst = rows.reduce((a, row) => ((row[key].ssim ?? 0) < (a[key].ssim ?? 0) ? row : a), rows[0]);
  return {
    images: rows.length,
    overCap: xs.filter((x) => x.overCap).length,
    errors: xs.filter((x) => x.error).length,
    meanSsim: Number((ssims.reduce((a, b) => a + b, 0) / ssims.length).toFixed(4)),
    minSsim: Number(Math.min(...ssims).toFixed(4)),
    minSsimImage: worst.name,
    // The same over the outputs within the cap only: an image kept over the cap counts as SSIM 1
    // above, which flatters a method that gives up.
    meanSsimWithinCap: within.length ? Number((within.reduce((a, b) => a + b, 0) / within.length).toFixed(4)) : null,
    minSsimWithinCap: within.length ? Number(Math.min(...within).toFixed(4)) : null,
    totalMs: Math.round(xs.reduce((a, x) => a + x.ms, 0)),
    totalBytes: xs.reduce((a, x) => a + (x.bytes ?? 0), 0),
  };
}

async function main() {
  const mod = await bundleCompress();
  const { sharp, runtime, error } = await mod.loadSharp();
  if (!sharp) throw new Error(`sharp did not load: ${error}`);
  const names = await buildCorpus(sharp);
  const only = args.only?.split(',');
  const selected = only ? names.filter((n) => only.some((o) => n.includes(o))) : names;

  // Warm up libvips (first-call costs would otherwise land on the first image).
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } }).jpeg().toBuffer();

  const rows = [];
  const started = performance.now();
  for (const name of selected) {
    const input = await readFile(path.join(CORPUS, name));
    const format = mod.formatOf(name);
    const meta = await sharp(input).metadata();
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    const ours = await timed(() => mod.compressImage(sharp, input, format, CAP));
    const seed = args.noSeed ? undefined : await timed(() => seedCompress(sharp, input, format, CAP));
    const full = await rgba(sharp, input);
    const reference = { full, small: await shrinkForSsim(sharp, full) };
    const row = {
      name,
      format,
      bytes: input.length,
      width,
      height,
      info: [meta.space, meta.depth, meta.hasAlpha ? 'alpha' : '', (meta.pages ?? 1) > 1 ? `${meta.pages} pages` : '', meta.orientation ? `orient ${meta.orientation}` : ''].filter(Boolean).join(' '),
      ssimAt: `${reference.small.width}x${reference.small.height}`,
      ours: await evaluate(sharp, reference, input, ours),
      ...(seed ? { seed: await evaluate(sharp, reference, input, seed) } : {}),
    };
    rows.push(row);
    printRow(row);
  }
  const overall = { ours: summarise(rows, 'ours'), ...(args.noSeed ? {} : { seed: summarise(rows, 'seed') }) };
  const targets = {
    zeroOverCap: overall.ours.overCap === 0,
    meanSsim: overall.ours.meanSsim >= TARGETS.meanSsim,
    minSsim: overall.ours.minSsim >= TARGETS.minSsim,
    notSlowerThanSeed: overall.seed ? overall.ours.totalMs <= overall.seed.totalMs : null,
  };
  printOverall(overall, targets, (performance.now() - started) / 1000);

  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}, ${os.cpus().length} cpus`,
    sharp: { version: sharp.versions.sharp, vips: sharp.versions.vips, runtime },
    module: path.relative(ROOT, path.resolve(ROOT, args.module ?? 'src/images/compress.ts')),
    cap: CAP,
    ssim: { library: 'ssim.js', variant: 'weber', compareAt: 'original size, downsampled identically to <= 2 MP', maxPixels: SSIM_MAX_PIXELS },
    targets: { ...TARGETS, ours: targets },
    overall,
    images: rows,
  };
  const jsonPath = path.resolve(ROOT, args.json ?? path.join(CACHE, 'images.json'));
  await writeFile(jsonPath, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(ROOT, jsonPath)}`);
  if (overall.ours.overCap > 0 || overall.ours.errors > 0) {
    console.error(`\nFAIL: ${overall.ours.overCap} of our outputs over the ${CAP}-byte cap (a product rule)`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const round = (ms) => Math.round(ms);
const kb = (n) => (n === null || n === undefined ? '-' : `${(n / 1024).toFixed(1)}K`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
let headerPrinted = false;

function printRow(row) {
  if (!headerPrinted) {
    headerPrinted = true;
    console.log(
      `\n${pad('image', 34)} ${lpad('orig', 8)} ${pad('dims', 10)} | ${lpad('ours', 7)} ${pad('cap', 4)} ${lpad('ssim', 6)} ${lpad('ms', 6)} ${pad('method', 34)} | ${lpad('seed', 7)} ${pad('cap', 4)} ${lpad('ssim', 6)} ${lpad('ms', 6)}`,
    );
    console.log('-'.repeat(160));
  }
  const side = (r) => (r ? `${lpad(kb(r.bytes), 7)} ${pad(r.overCap ? 'OVER' : 'ok', 4)} ${lpad(r.ssim === null ? '-' : r.ssim.toFixed(3), 6)} ${lpad(r.ms, 6)}` : '');
  const method = row.ours.error ? `ERROR ${row.ours.error}` : `${row.ours.method}${row.ours.width ? ` →${row.ours.width}x${row.ours.height}` : ''}`;
  console.log(`${pad(row.name, 34)} ${lpad(kb(row.bytes), 8)} ${pad(`${row.width}x${row.height}`, 10)} | ${side(row.ours)} ${pad(method.slice(0, 34), 34)} | ${side(row.seed)}`);
}

function printOverall(overall, targets, seconds) {
  const head = `${pad('', 6)} ${lpad('over cap', 9)} ${lpad('mean SSIM', 10)} ${lpad('min SSIM', 9)} ${pad('  (worst image)', 36)} ${lpad('within cap: mean', 17)} ${lpad('min', 7)} ${lpad('time', 8)} ${lpad('out', 9)}`;
  const line = (label, o) =>
    `${pad(label, 6)} ${lpad(`${o.overCap}/${o.images}`, 9)} ${lpad(o.meanSsim.toFixed(4), 10)} ${lpad(o.minSsim.toFixed(4), 9)} ${pad(`  (${o.minSsimImage})`, 36)} ${lpad(o.meanSsimWithinCap?.toFixed(4) ?? '-', 17)} ${lpad(o.minSsimWithinCap?.toFixed(4) ?? '-', 7)} ${lpad(`${(o.totalMs / 1000).toFixed(2)} s`, 8)} ${lpad(kb(o.totalBytes), 9)}${o.errors ? ` (${o.errors} errors)` : ''}`;
  console.log('\nOverall');
  console.log(head);
  console.log(line('ours', overall.ours));
  if (overall.seed) console.log(line('seed', overall.seed));
  console.log(`(bench wall time ${seconds.toFixed(1)} s, SSIM included)`);
  const mark = (ok) => (ok === null ? 'n/a' : ok ? 'met' : 'NOT met');
  console.log('\nTargets (ours)');
  console.log(`  0 over cap:            ${mark(targets.zeroOverCap)} (${overall.ours.overCap})`);
  console.log(`  mean SSIM >= ${TARGETS.meanSsim}:    ${mark(targets.meanSsim)} (${overall.ours.meanSsim.toFixed(4)})`);
  console.log(`  min SSIM >= ${TARGETS.minSsim}:      ${mark(targets.minSsim)} (${overall.ours.minSsim.toFixed(4)})`);
  console.log(`  total time <= seed's:  ${mark(targets.notSlowerThanSeed)}${overall.seed ? ` (${(overall.ours.totalMs / 1000).toFixed(2)} s vs ${(overall.seed.totalMs / 1000).toFixed(2)} s)` : ''}`);
  console.log(`\nMarkdown (README)\n`);
  console.log('| method | images | over the 50 KB cap | mean SSIM | min SSIM | mean SSIM, outputs within the cap | total time |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const md = (label, o) =>
    `| ${label} | ${o.images} | ${o.overCap} | ${o.meanSsim.toFixed(3)} | ${o.minSsim.toFixed(3)} | ${o.meanSsimWithinCap?.toFixed(3) ?? '-'} | ${(o.totalMs / 1000).toFixed(1)} s |`;
  console.log(md('compressImage (ours)', overall.ours));
  if (overall.seed) console.log(md('seed: fit 1024 px, then quality 90 → 10', overall.seed));
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--regen') out.regen = true;
    else if (a === '--no-seed') out.noSeed = true;
    else if (a === '--only') out.only = argv[++i];
    else if (a === '--module') out.module = argv[++i];
    else if (a === '--json') out.json = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return out;
}

await main();

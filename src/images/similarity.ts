// How alike two images of the same size look, by SSIM (Wang et al. 2004) on their luma over
// every 11×11 window: the measure the quality benchmark reports (ssim.js, Weber's variant), so
// that what the compressor chooses and what is measured agree. The compressor uses it to choose
// between encodings that all fit the cap but lose different things (fewer colours at a larger
// size, or more colours smaller). Pure: pixels in, a number out; one pass, memory O(width).

const WINDOW = 11;
// The usual stabilising constants for 8-bit data: (0.01·255)² and (0.03·255)².
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/** Luma of packed 8-bit RGB, with the weights of MATLAB's rgb2gray (as ssim.js uses). */
export function lumaOfRgb(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor(rgb.length / 3));
  for (let i = 0, o = 0; o < out.length; i += 3, o++) out[o] = 0.29894 * rgb[i]! + 0.58704 * rgb[i + 1]! + 0.11402 * rgb[i + 2]! + 0.5;
  return out;
}

/** Luma of 8-bit pixels with 1–4 channels (grey, grey+alpha, RGB, RGBA), flattened on white
 * as a browser shows them on a page, at the same weights; only `rows` ([first, end)) are
 * filled in, the rest left 0 (see sampledRows). In plain JavaScript: 10 ms for the bands of a
 * 12 MP image, against 150 ms for libvips to flatten and weigh all of it. */
export function lumaRows(data: Uint8Array, width: number, height: number, channels: number, rows: Array<[number, number]>): Uint8Array {
  const out = new Uint8Array(width * height);
  const alpha = channels === 2 || channels === 4;
  for (const [first, end] of rows) {
    for (let o = first * width, i = o * channels; o < end * width; o++, i += channels) {
      let y = channels >= 3 ? 0.29894 * data[i]! + 0.58704 * data[i + 1]! + 0.11402 * data[i + 2]! : data[i]!;
      if (alpha) {
        const a = data[i + channels - 1]! / 255;
        y = y * a + 255 * (1 - a);
      }
      out[o] = y + 0.5;
    }
  }
  return out;
}

/** Mean SSIM in [-1, 1] (1: identical) of two single-channel images, row by row. An image
 * smaller than a window is compared as one window. */
export function meanSsim(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  check(a, b, width, height);
  const { total, windows } = ssimSums(a, b, width, height, 0, Math.max(1, height - Math.min(WINDOW, height) + 1));
  return total / windows;
}

/** The window rows (tops, [first, end)) sampledSsim averages over: `bands` evenly spaced
 * bands covering about `share` of them; undefined where it takes every window. */
function sampleBands(height: number, share: number, bands: number): Array<[number, number]> | undefined {
  const rows = Math.max(1, height - Math.min(WINDOW, height) + 1);
  const per = Math.ceil((rows * share) / bands);
  if (share >= 1 || per * bands >= rows) return undefined;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < bands; i++) {
    // Band i is centred in its slice of the rows.
    const start = Math.floor(((i + 0.5) * rows) / bands - per / 2);
    out.push([Math.max(0, start), Math.min(rows, start + per)]);
  }
  return out;
}

/** The pixel rows ([first, end), in order, touching ones merged) that sampledSsim reads with
 * the same arguments: an image filled in only there scores the same as the whole image, so a
 * caller can skip computing the rest (resizing a candidate to 12 MP costs 170 ms; its 24
 * bands of 27 rows, 70 ms). */
export function sampledRows(height: number, share: number, bands = 24): Array<[number, number]> {
  const tops = sampleBands(height, share, bands);
  if (!tops) return [[0, height]];
  const wh = Math.min(WINDOW, height);
  const out: Array<[number, number]> = [];
  for (const [first, end] of tops) {
    const last = out.at(-1);
    if (last && first <= last[1]) last[1] = Math.max(last[1], end + wh - 1);
    else out.push([first, end + wh - 1]);
  }
  return out;
}

/** Mean SSIM over `bands` evenly spaced bands of window rows covering about `share` of them:
 * an estimate of meanSsim at a fraction of its cost, for large images (where it agrees with
 * the whole mean to about 0.003 on the benchmark corpus). */
export function sampledSsim(a: Uint8Array, b: Uint8Array, width: number, height: number, share: number, bands = 24): number {
  check(a, b, width, height);
  const tops = sampleBands(height, share, bands);
  if (!tops) return meanSsim(a, b, width, height);
  let total = 0;
  let windows = 0;
  for (const [first, end] of tops) {
    const sums = ssimSums(a, b, width, height, first, end);
    total += sums.total;
    windows += sums.windows;
  }
  return total / windows;
}

function check(a: Uint8Array, b: Uint8Array, width: number, height: number): void {
  if (a.length !== width * height || b.length !== width * height) {
    throw new RangeError(`meanSsim: both images must be ${width}×${height} single-channel (got ${a.length} and ${b.length} bytes)`);
  }
}

/** SSIM summed over the windows whose top row is in [first, end). Column sums over the
 * window's rows, in integers (exact: at most 11·255² per column), then a running sum along
 * each row: about 4 times faster than the same in floats (0.15 s for 12 MP). */
function ssimSums(a: Uint8Array, b: Uint8Array, width: number, height: number, first: number, end: number): { total: number; windows: number } {
  const ww = Math.min(WINDOW, width);
  const wh = Math.min(WINDOW, height);
  const n = ww * wh;
  const c1 = C1 * n * n;
  const c2 = C2 * n * n;
  const ca = new Int32Array(width);
  const cb = new Int32Array(width);
  const caa = new Int32Array(width);
  const cbb = new Int32Array(width);
  const cab = new Int32Array(width);
  // Adds row `y` to the column sums and, unless negative, takes row `out` away, in one pass
  // (written out: a closure with a sign costs half as much again; one pass rather than two,
  // and the horizontal loop below split where the window fills, took the 1.5 MP of a
  // similarity measure from 30 to 24 ms, with the same sums).
  const slide = (y: number, out: number): void => {
    const row = y * width;
    if (out < 0) {
      for (let x = 0; x < width; x++) {
        const va = a[row + x]!;
        const vb = b[row + x]!;
        ca[x] = ca[x]! + va;
        cb[x] = cb[x]! + vb;
        caa[x] = caa[x]! + va * va;
        cbb[x] = cbb[x]! + vb * vb;
        cab[x] = cab[x]! + va * vb;
      }
      return;
    }
    const gone = out * width;
    for (let x = 0; x < width; x++) {
      const va = a[row + x]!;
      const vb = b[row + x]!;
      const oa = a[gone + x]!;
      const ob = b[gone + x]!;
      ca[x] = ca[x]! + va - oa;
      cb[x] = cb[x]! + vb - ob;
      caa[x] = caa[x]! + va * va - oa * oa;
      cbb[x] = cbb[x]! + vb * vb - ob * ob;
      cab[x] = cab[x]! + va * vb - oa * ob;
    }
  };
  let total = 0;
  let windows = 0;
  for (let y = first; y < first + wh - 1; y++) slide(y, -1);
  for (let top = first; top < end; top++) {
    slide(top + wh - 1, top > first ? top - 1 : -1);
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let x = 0; x < ww - 1; x++) {
      sa += ca[x]!;
      sb += cb[x]!;
      saa += caa[x]!;
      sbb += cbb[x]!;
      sab += cab[x]!;
    }
    for (let x = ww - 1; x < width; x++) {
      sa += ca[x]!;
      sb += cb[x]!;
      saa += caa[x]!;
      sbb += cbb[x]!;
      sab += cab[x]!;
      // SSIM of the window from its sums (means and variances scaled by n²: one division).
      const ab = sa * sb;
      const a2b2 = sa * sa + sb * sb;
      total += ((2 * ab + c1) * (2 * (n * sab - ab) + c2)) / ((a2b2 + c1) * (n * (saa + sbb) - a2b2 + c2));
      // The window's leftmost column leaves before the next step.
      const left = x - ww + 1;
      sa -= ca[left]!;
      sb -= cb[left]!;
      saa -= caa[left]!;
      sbb -= cbb[left]!;
      sab -= cab[left]!;
    }
    windows += width - ww + 1;
  }
  return { total, windows };
}

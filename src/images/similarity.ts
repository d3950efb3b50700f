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

/** Mean SSIM in [-1, 1] (1: identical) of two single-channel images, row by row. An image
 * smaller than a window is compared as one window. */
export function meanSsim(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  if (a.length !== width * height || b.length !== width * height) {
    throw new RangeError(`meanSsim: both images must be ${width}×${height} single-channel (got ${a.length} and ${b.length} bytes)`);
  }
  const ww = Math.min(WINDOW, width);
  const wh = Math.min(WINDOW, height);
  const n = ww * wh;
  // Column sums over the last `wh` rows, for a, b, a², b² and ab; each window's sums then
  // come from a running sum along the row.
  const cols = [0, 1, 2, 3, 4].map(() => new Float64Array(width));
  const [ca, cb, caa, cbb, cab] = cols as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const addRow = (y: number, sign: 1 | -1): void => {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const va = a[row + x]!;
      const vb = b[row + x]!;
      ca[x] = ca[x]! + sign * va;
      cb[x] = cb[x]! + sign * vb;
      caa[x] = caa[x]! + sign * va * va;
      cbb[x] = cbb[x]! + sign * vb * vb;
      cab[x] = cab[x]! + sign * va * vb;
    }
  };
  let total = 0;
  let windows = 0;
  for (let y = 0; y < height; y++) {
    addRow(y, 1);
    if (y >= wh) addRow(y - wh, -1);
    if (y < wh - 1) continue;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let x = 0; x < width; x++) {
      sa += ca[x]!;
      sb += cb[x]!;
      saa += caa[x]!;
      sbb += cbb[x]!;
      sab += cab[x]!;
      if (x >= ww) {
        sa -= ca[x - ww]!;
        sb -= cb[x - ww]!;
        saa -= caa[x - ww]!;
        sbb -= cbb[x - ww]!;
        sab -= cab[x - ww]!;
      }
      if (x < ww - 1) continue;
      const ma = sa / n;
      const mb = sb / n;
      const varA = saa / n - ma * ma;
      const varB = sbb / n - mb * mb;
      const cov = sab / n - ma * mb;
      total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (varA + varB + C2));
      windows++;
    }
  }
  return total / windows;
}

// A candidate's luma upscaled to the original's size, only in the rows the similarity reads, the
// way sharp's resize upscales (libvips 8.18 vips_resize: vips_affine with the bicubic
// interpolator, Catmull-Rom, its 8-bit fixed-point path: coefficients at 1/64 pixel in 12 bits,
// each of the four rows rounded, then the column; edges extended; centre sampling). libvips
// took 75–150 ms a measure for a 2400×1800 plot (a pipeline per band, or the whole image, and
// sharp upscales a one-band image as three); this takes 15–25 ms, on the main thread. The same
// bytes as sharp's resize (__tests__/upscale.test.ts).

const TRANSFORM_SCALE = 64;
const SHIFT = 12;
const ROUND = 1 << (SHIFT - 1);

/** libvips's bicubic table: Catmull-Rom at x/64, ×4096 truncated toward zero (C's cast). */
const COEFFICIENTS: Int32Array = (() => {
  const out = new Int32Array((TRANSFORM_SCALE + 1) * 4);
  for (let i = 0; i <= TRANSFORM_SCALE; i++) {
    const x = Math.fround(i / TRANSFORM_SCALE);
    const cr1 = 1 - x;
    const cr2 = -0.5 * x;
    const cr3 = cr1 * cr2;
    const cone = cr1 * cr3;
    const cfou = x * cr3;
    const cr4 = cfou - cone;
    const ctwo = cr1 - cone + cr4;
    const cthr = x - cfou - cr4;
    out.set([Math.trunc(cone * 4096), Math.trunc(ctwo * 4096), Math.trunc(cthr * 4096), Math.trunc(cfou * 4096)], i * 4);
  }
  return out;
})();

/** For each output coordinate: its four source taps (clamped at the edges, as libvips extends
 * them) and their coefficients, as sharp's upscale maps it: source x = target x ÷ scale − 0.5, in
 * the coordinates of libvips's bordered copy (+2). The arithmetic is libvips's, step by step, so
 * that a coordinate near a 1/128 step rounds the same way: scales as sharp passes them
 * (1 / (source ÷ target)), the inverse from the 2×2 matrix (other ÷ (scale × other)), and across
 * a row the coordinate advanced by the inverse from pixel to pixel rather than multiplied
 * (found by matching sharp's bytes; multiplying differed on 1.4% of a 474→1280 upscale). */
function taps(source: number, target: number, other: number, otherTarget: number, advance: boolean) {
  const scale = 1 / (source / target);
  const otherScale = 1 / (other / otherTarget);
  const inverse = otherScale / (scale * otherScale);
  const index = [0, 1, 2, 3].map(() => new Int32Array(target));
  const weight = [0, 1, 2, 3].map(() => new Int32Array(target));
  let x = 0.5 + 1;
  for (let o = 0; o < target; o++, x += inverse) {
    if (!advance) x = inverse * o + 0.5 + 1;
    const step = Math.trunc(x * TRANSFORM_SCALE * 2) & (TRANSFORM_SCALE * 2 - 1);
    const c = ((step + 1) >> 1) * 4;
    const first = Math.trunc(x) - 3;
    for (let k = 0; k < 4; k++) {
      index[k]![o] = Math.min(source - 1, Math.max(0, first + k));
      weight[k]![o] = COEFFICIENTS[c + k]!;
    }
  }
  return { index: index as [Int32Array, Int32Array, Int32Array, Int32Array], weight: weight as [Int32Array, Int32Array, Int32Array, Int32Array] };
}

/** The source rows ([first, end), in order) that upscaleRows reads for `rows` of a W×H upscale of
 * a w×h image: a caller need compute only those (a candidate's luma, 11 ms for 1 MP in all). */
export function sourceRows(w: number, h: number, W: number, H: number, rows: Array<[number, number]>): Array<[number, number]> {
  const down = taps(h, H, w, W, false);
  const out: Array<[number, number]> = [];
  for (const [first, end] of rows) {
    if (end <= first) continue;
    const from = down.index[0][first]!;
    const to = down.index[3][end - 1]! + 1;
    const last = out.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** `src` (one band, w×h) upscaled to W×H (each at least the source's), filled in only in
 * `rows` ([first, end)); the rest left 0. */
export function upscaleRows(src: Uint8Array, w: number, h: number, W: number, H: number, rows: Array<[number, number]>): Uint8Array {
  const out = new Uint8Array(W * H);
  const { index: [i0, i1, i2, i3], weight: [w0, w1, w2, w3] } = taps(w, W, h, H, true);
  const down = taps(h, H, w, W, false);
  // Source rows interpolated across, kept while the output rows still read them (each source
  // row serves several output rows when upscaling).
  const cache = new Map<number, Int32Array>();
  const acrossRow = (y: number): Int32Array => {
    let row = cache.get(y);
    if (row) return row;
    row = new Int32Array(W);
    const line = src.subarray(y * w, (y + 1) * w);
    for (let o = 0; o < W; o++) {
      row[o] = (w0[o]! * line[i0[o]!]! + w1[o]! * line[i1[o]!]! + w2[o]! * line[i2[o]!]! + w3[o]! * line[i3[o]!]! + ROUND) >> SHIFT;
    }
    if (cache.size >= 8) cache.delete(cache.keys().next().value!);
    cache.set(y, row);
    return row;
  };
  for (const [first, end] of rows) {
    for (let y = first; y < end; y++) {
      const r0 = acrossRow(down.index[0][y]!);
      const r1 = acrossRow(down.index[1][y]!);
      const r2 = acrossRow(down.index[2][y]!);
      const r3 = acrossRow(down.index[3][y]!);
      const c0 = down.weight[0][y]!;
      const c1 = down.weight[1][y]!;
      const c2 = down.weight[2][y]!;
      const c3 = down.weight[3][y]!;
      // Clamped to 0–255 by the array, as libvips clips.
      const line = new Uint8ClampedArray(out.buffer, out.byteOffset + y * W, W);
      for (let x = 0; x < W; x++) line[x] = (c0 * r0[x]! + c1 * r1[x]! + c2 * r2[x]! + c3 * r3[x]! + ROUND) >> SHIFT;
    }
  }
  return out;
}

// @ts-check
// The frontier, the referee of the bench: for an image over the cap, the best SSIM that any
// encoding in the file's own format reaches within the cap, found by brute force, so a miss of
// ours can be told apart from a limit of the content, and "nothing fits" is known rather than
// assumed. Own format means what the action may write for the file (src/images/compress.ts):
// PNG → PNG (full colour; palettes of 2–256 colours, with and without dithering); JPEG → JPEG
// (mozjpeg, 4:2:0 and 4:4:4 chroma); WebP → WebP (lossy, and lossless); AVIF → AVIF; TIFF → TIFF
// (JPEG-in-TIFF, or deflate where lossless); GIF → GIF (2–256 colours; for an animation, also
// whether the whole animation fits at 16 colours).
// Grid: 8 scales from 1 down to 0.18, never below the action's minimum size (longest side
// MIN_LONGEST_SIDE, or the original's if smaller: that scale is always tried last), × each
// setting; lossy formats at the highest quality that fits (bisection). Along the scales a setting
// stops after scoring lower twice in a row (the score has one peak), and skips a scale whose
// bytes, extrapolated from the last, would be over twice the cap. The best candidate of each
// setting is kept, with its palette size, so the colour-map rule (frontier-cache.mjs) can be
// applied afterwards. Scored like the bench (full size, src/images/similarity.ts).

const SCALES = [1, 0.8, 0.64, 0.5, 0.4, 0.32, 0.25, 0.18];
const PALETTE_SIZES = [2, 4, 8, 16, 64, 256];
const palettes = PALETTE_SIZES.flatMap((colours) => [0, 1].map((dither) => ({ colours, dither })));

/**
 * @typedef {{ kind: string, mozjpeg?: boolean, subsampling?: string, colours?: number, dither?: number, lossless?: boolean }} Option
 * @typedef {{ data: Buffer, width: number, height: number, channels: 1 | 2 | 3 | 4 }} Pixels
 * @typedef {import('./types.mjs').FrontierCandidate} Candidate
 * @typedef {import('./types.mjs').FrontierResult} FrontierResult
 */

/** @type {Record<string, Option[]>} */
const OPTIONS = {
  png: [{ kind: 'png' }, ...palettes.map((p) => ({ kind: 'png', ...p }))],
  jpeg: [{ kind: 'jpeg', mozjpeg: true, subsampling: '4:2:0' }, { kind: 'jpeg', mozjpeg: true, subsampling: '4:4:4' }],
  webp: [{ kind: 'webp' }, { kind: 'webp', lossless: true }],
  avif: [{ kind: 'avif' }],
  tiff: [{ kind: 'tiff' }, { kind: 'tiff', lossless: true }],
  gif: palettes.map((p) => ({ kind: 'gif', ...p })),
};

/** Whether the setting has a quality to bisect. */
const lossy = (/** @type {Option} */ o) => !o.lossless && (o.kind === 'jpeg' || o.kind === 'webp' || o.kind === 'avif' || o.kind === 'tiff');

/**
 * @param {import('sharp').Sharp} image
 * @param {Option} o
 * @param {number | undefined} quality
 */
function encodeAs(image, o, quality) {
  switch (o.kind) {
    case 'jpeg':
      return image.jpeg({ quality, mozjpeg: o.mozjpeg, chromaSubsampling: o.subsampling }).toBuffer();
    case 'webp':
      return (o.lossless ? image.webp({ lossless: true, effort: 6 }) : image.webp({ quality, effort: 6 })).toBuffer();
    case 'avif':
      return image.avif({ quality, effort: 2 }).toBuffer();
    case 'tiff':
      return (o.lossless ? image.tiff({ compression: 'deflate', predictor: 'horizontal' }) : image.tiff({ compression: 'jpeg', quality })).toBuffer();
    case 'gif':
      return image.gif({ colours: o.colours, dither: o.dither, effort: 10 }).toBuffer();
    default: // png
      return (o.colours ? image.png({ palette: true, colours: o.colours, dither: o.dither, effort: 10, compressionLevel: 9 }) : image.png({ compressionLevel: 9 })).toBuffer();
  }
}

/** @type {(o: Option, scale: number, quality: number | undefined) => string} */
const label = (o, scale, quality) =>
  [o.kind === 'tiff' ? (o.lossless ? 'tiff deflate' : 'tiff-jpeg') : o.kind, o.lossless && o.kind === 'webp' ? 'lossless' : '', o.colours ? `${o.colours}c${o.dither ? ' dither' : ''}` : '', o.mozjpeg ? 'mozjpeg' : '', o.subsampling === '4:4:4' ? '4:4:4' : '', quality ? `q${quality}` : '', `scale ${scale.toFixed(2)}`]
    .filter(Boolean)
    .join(' ');

/**
 * The scales to try: the grid down to the minimum size, then the minimum size itself.
 * @param {number} width
 * @param {number} height
 * @param {number} minLongestSide
 */
export function scalesFor(width, height, minLongestSide) {
  const longest = Math.max(width, height);
  const min = Math.min(1, minLongestSide / longest);
  const grid = SCALES.filter((s) => s > min + 1e-9);
  return grid.at(-1) === min ? grid : [...grid, min];
}

/**
 * @param {import('./types.mjs').Sharp} sharp
 * @param {{ input: Buffer, reference: import('./types.mjs').Reference, cap: number, format: string, minLongestSide: number, animated: boolean }} job
 * @returns {Promise<FrontierResult>}
 */
export async function frontier(sharp, { input, reference, cap, format, minLongestSide, animated }) {
  const started = Date.now();
  const { data, info } = await sharp(input, { limitInputPixels: false }).autoOrient().flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const scales = scalesFor(width, height, minLongestSide);
  /** @type {Candidate[]} */
  const candidates = [];
  let encodes = 0;
  for (const option of OPTIONS[format] ?? []) {
    /** @type {(scale: number, quality?: number) => Promise<Buffer>} */
    const encode = (scale, quality) => {
      encodes++;
      let image = sharp(data, { raw: { width, height, channels: info.channels } });
      if (scale < 1) image = image.resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), { fit: 'fill', kernel: 'lanczos3' });
      return encodeAs(image, option, quality);
    };
    /** @type {Candidate | undefined} */
    let top;
    let previous = -1;
    let declines = 0;
    // What the last scale left: its smallest encode over the cap (none fitted), or the quality
    // that fitted (a smaller scale fits at least that quality: the bisection starts there).
    /** @type {{ scale: number, overBytes: number | undefined, quality: number }} */
    let last = { scale: 1, overBytes: undefined, quality: 1 };
    for (const scale of scales) {
      if (declines >= 2) break;
      // Skip a scale predicted (bytes in proportion to pixels) at over twice the cap: lanczos
      // smooths noise, so bytes fall faster than pixels at most by that much on this corpus.
      if (last.overBytes !== undefined && last.overBytes * (scale / last.scale) ** 2 > 2 * cap) continue;
      /** @type {{ out: Buffer, quality: number | undefined } | undefined} */
      let fit;
      let smallest = Infinity;
      if (!lossy(option)) {
        const out = await encode(scale);
        if (out.length <= cap) fit = { out, quality: undefined };
        smallest = out.length;
      } else {
        for (let lo = last.quality, hi = 100; lo <= hi; ) {
          const quality = (lo + hi) >> 1;
          const out = await encode(scale, quality);
          if (out.length <= cap) (fit = { out, quality }), (lo = quality + 1);
          else (hi = quality - 1), (smallest = Math.min(smallest, out.length));
        }
      }
      if (!fit) {
        last = { scale, overBytes: smallest, quality: last.quality };
        continue;
      }
      last = { scale, overBytes: undefined, quality: fit.quality ?? 1 };
      const ssim = Number((await reference.score(fit.out)).toFixed(4));
      declines = ssim < previous ? declines + 1 : 0;
      previous = ssim;
      if (!top || ssim > top.ssim) top = { ssim, method: label(option, scale, fit.quality), bytes: fit.out.length, ...(option.colours ? { colours: option.colours } : {}) };
    }
    if (top) candidates.push(top);
  }
  const animation = animated ? await animationFits(sharp, input, cap, width, scales) : undefined;
  return { fits: candidates.length > 0 || animation?.fits === true, candidates, ...(animation ? { animation } : {}), encodes, ms: Date.now() - started };
}

/**
 * Whether the whole animation fits in GIF at an allowed size: 16 colours (fewer would not be
 * an animation worth keeping; more only adds bytes) at each scale, largest first; the first
 * that fits answers.
 * @param {import('./types.mjs').Sharp} sharp
 * @param {Buffer} input
 * @param {number} cap
 * @param {number} width
 * @param {number[]} scales
 * @returns {Promise<{ fits: boolean, method: string, bytes: number | null }>}
 */
async function animationFits(sharp, input, cap, width, scales) {
  let smallest = Infinity;
  for (const scale of scales) {
    let image = sharp(input, { animated: true, limitInputPixels: false });
    if (scale < 1) image = image.resize({ width: Math.max(1, Math.round(width * scale)) });
    const out = await image.gif({ colours: 16, dither: 0, effort: 7, interFrameMaxError: 8 }).toBuffer();
    smallest = Math.min(smallest, out.length);
    if (out.length <= cap) return { fits: true, method: `gif animated 16c scale ${scale.toFixed(2)}`, bytes: out.length };
  }
  return { fits: false, method: `nothing fits (smallest ${smallest} bytes, 16 colours)`, bytes: null };
}

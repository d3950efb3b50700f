// @ts-check
// `--frontier`: for the images where ours scores under the min-SSIM target, the best SSIM that
// any encoding within the cap reaches, found by brute force, so a miss can be told apart from
// a limit of the content. Grid: 8 scales from 1 down to 0.18 (no minimum size) × each format:
// JPEG (mozjpeg, 4:2:0 and 4:4:4 chroma), WebP and AVIF (effort 2, for time) at the highest
// quality that fits, by bisection; PNG in full colour and with 2–256 colour palettes, with and
// without dithering. Along the scales a setting stops after scoring lower twice in a row (the
// score has one peak). Scored like the bench (full size, src/images/similarity.ts). Slow (a
// minute or more per image): opt-in.

const SCALES = [1, 0.8, 0.64, 0.5, 0.4, 0.32, 0.25, 0.18];
const PALETTES = [2, 4, 16, 256].flatMap((colours) => [0, 1].map((dither) => ({ colours, dither })));

/**
 * @typedef {{ mozjpeg?: boolean, subsampling?: string, colours?: number, dither?: number }} Option
 * @typedef {{ data: Buffer, width: number, height: number, channels: 1 | 2 | 3 | 4 }} Pixels
 */

/**
 * @param {import('./types.mjs').Sharp} sharp
 * @param {Pixels} pixels
 * @param {string} format
 * @param {Option} option
 * @returns {(scale: number, quality?: number) => Promise<Buffer>}
 */
function encoder(sharp, pixels, format, option) {
  const { data, width, height, channels } = pixels;
  return (scale, quality) => {
    let image = sharp(data, { raw: { width, height, channels } });
    if (scale < 1) image = image.resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), { fit: 'fill', kernel: 'lanczos3' });
    switch (format) {
      case 'jpeg':
        return image.jpeg({ quality, mozjpeg: option.mozjpeg, chromaSubsampling: option.subsampling }).toBuffer();
      case 'webp':
        return image.webp({ quality, effort: 6 }).toBuffer();
      case 'avif':
        return image.avif({ quality, effort: 2 }).toBuffer();
      default: // png (OPTIONS has no other format)
        return option.colours ? image.png({ palette: true, colours: option.colours, dither: option.dither, effort: 10, compressionLevel: 9 }).toBuffer() : image.png({ compressionLevel: 9 }).toBuffer();
    }
  };
}

/** @type {Record<string, Option[]>} */
const OPTIONS = {
  jpeg: [{ mozjpeg: true, subsampling: '4:2:0' }, { mozjpeg: true, subsampling: '4:4:4' }],
  webp: [{}],
  avif: [{}],
  png: [{}, ...PALETTES],
};

/** @type {(format: string, option: Option, scale: number, quality: number | undefined) => string} */
const label = (format, option, scale, quality) =>
  [format === 'png' && option.colours ? `png ${option.colours}c${option.dither ? ' dither' : ''}` : format, option.mozjpeg ? 'mozjpeg' : '', option.subsampling === '4:4:4' ? '4:4:4' : '', quality ? `q${quality}` : '', `scale ${scale}`]
    .filter(Boolean)
    .join(' ');

/**
 * Best {ssim, method, bytes} per format for one image.
 * @param {import('./types.mjs').Sharp} sharp
 * @param {Buffer} input
 * @param {import('./types.mjs').Reference} reference
 * @param {number} cap
 * @param {string[]} formats
 * @returns {Promise<Record<string, import('./types.mjs').FrontierBest>>}
 */
export async function frontier(sharp, input, reference, cap, formats) {
  const { data, info } = await sharp(input, { limitInputPixels: false }).autoOrient().flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixels = { data, width: info.width, height: info.height, channels: info.channels };
  /** @type {Record<string, import('./types.mjs').FrontierBest>} */
  const best = {};
  for (const format of formats) {
    /** @type {import('./types.mjs').FrontierBest} */
    let top = (best[format] = { ssim: -1, method: 'nothing fits', bytes: null });
    for (const option of /** @type {Option[]} */ (OPTIONS[format])) {
      const encode = encoder(sharp, pixels, format, option);
      let previous = -1;
      let declines = 0;
      for (const scale of SCALES) {
        if (declines >= 2) break;
        /** @type {{ out: Buffer, quality: number | undefined } | undefined} */
        let fit;
        if (format === 'png') {
          const out = await encode(scale);
          if (out.length <= cap) fit = { out, quality: undefined };
        } else {
          for (let lo = 1, hi = 100; lo <= hi; ) {
            const quality = (lo + hi) >> 1;
            const out = await encode(scale, quality);
            if (out.length <= cap) (fit = { out, quality }), (lo = quality + 1);
            else hi = quality - 1;
          }
        }
        if (!fit) continue;
        const ssim = await reference.score(fit.out);
        declines = ssim < previous ? declines + 1 : 0;
        previous = ssim;
        if (ssim > top.ssim) top = best[format] = { ssim: Number(ssim.toFixed(4)), method: label(format, option, scale, fit.quality), bytes: fit.out.length };
      }
    }
  }
  return best;
}

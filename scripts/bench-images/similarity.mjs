// @ts-check
// SSIM of an output against its original, at the original's full size: both decoded with EXIF
// orientation applied, flattened on white, 8-bit sRGB; the output resized (lanczos3) back up to
// the original's dimensions. The measure is src/images/similarity.ts (luma with MATLAB's
// weights, every 11×11 window), which agrees with ssim.js's Weber variant to 5e-4
// (__tests__/similarity.test.ts) and runs in one pass, so no image needs shrinking to be scored.

/**
 * Luma at `width`×`height` (the image's own size if not given).
 * @param {import('./types.mjs').Sharp} sharp
 * @param {import('./types.mjs').Measure} measure
 * @param {Buffer} input
 * @param {number} [width]
 * @param {number} [height]
 */
async function luma(sharp, measure, input, width, height) {
  let image = sharp(input, { limitInputPixels: false }).autoOrient().flatten({ background: '#ffffff' }).toColourspace('srgb');
  if (width !== undefined) image = image.resize(width, height, { fit: 'fill', kernel: 'lanczos3' });
  const { data, info } = await image.removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { luma: measure.lumaOfRgb(data), width: info.width, height: info.height };
}

/**
 * The original, ready to score outputs against: `score(output)` is the output's mean SSIM.
 * @param {import('./types.mjs').Sharp} sharp
 * @param {import('./types.mjs').Measure} measure
 * @param {Buffer} input
 * @returns {Promise<import('./types.mjs').Reference>}
 */
export async function referenceFor(sharp, measure, input) {
  const original = await luma(sharp, measure, input);
  return {
    width: original.width,
    height: original.height,
    async score(output) {
      const other = await luma(sharp, measure, output, original.width, original.height);
      return measure.meanSsim(original.luma, other.luma, original.width, original.height);
    },
  };
}

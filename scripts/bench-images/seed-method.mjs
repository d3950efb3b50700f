// @ts-check
// The seed's method, the baseline the bench compares against: fit in 1024×1024, then the same
// format at quality 90, 80, … 10 (GIF: fewer colours) until under the cap, else the last one.

/**
 * @param {import('./types.mjs').Sharp} sharp
 * @param {Buffer} input
 * @param {string | undefined} format
 * @param {number} maxBytes
 * @returns {Promise<import('./types.mjs').MethodResult | undefined>}
 */
export async function seedCompress(sharp, input, format, maxBytes) {
  if (input.length <= maxBytes) return { kind: 'kept', reason: 'under-cap' };
  const steps =
    format === 'gif'
      ? [256, 128, 64, 32, 16].map((colours) => ({ label: `gif ${colours} colours`, opts: (/** @type {import('./types.mjs').SharpImage} */ img) => img.gif({ colours }) }))
      : [90, 80, 70, 60, 50, 40, 30, 20, 10].map((q) => ({
          label: `${format} q${q}`,
          opts: (/** @type {import('./types.mjs').SharpImage} */ img) => {
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
  /** @type {import('./types.mjs').MethodResult | undefined} */
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

// compressImage on flat JPEGs (screenshots, plots saved as JPEG), with the real sharp: low
// quality at full size keeps their text and 1-px lines better than q60 at a smaller scale, so
// the compressor must choose it when it looks more alike (SSIM at the original's size).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { compressImage, flatness, type Compressed } from '../src/images/compress.js';
import { lumaOfRgb, meanSsim } from '../src/images/similarity.js';

const CAP = 50 * 1024;
const [W, H] = [1440, 900];

/** A settings page: a title bar, a sidebar, and rows of small text with thin separators. */
function screenshotSvg(): string {
  const words = ['Settings', 'upload', 'artifact', 'retention', 'days', 'branch', 'workflow', 'enabled', 'region', 'bucket'];
  const rows: string[] = [];
  for (let y = 80, i = 0; y < H - 10; y += 26, i++) {
    const text = Array.from({ length: 7 }, (_, k) => words[(i * 5 + k * 3 + ((k * i) % 7)) % words.length]).join(' ');
    rows.push(`<text x="230" y="${y}" font-family="sans-serif" font-size="12" fill="#24292f">${text}</text>`);
    rows.push(`<line x1="220" y1="${y + 5}" x2="${W - 20}" y2="${y + 5}" stroke="#d0d7de" stroke-width="1"/>`);
    if (i % 4 === 0) rows.push(`<rect x="${W - 140}" y="${y - 12}" width="100" height="16" rx="4" fill="#2da44e"/><text x="${W - 120}" y="${y}" font-family="sans-serif" font-size="11" fill="white">Save ${i}</text>`);
  }
  const side = Array.from({ length: 40 }, (_, i) => `<text x="16" y="${90 + i * 20}" font-family="sans-serif" font-size="12" fill="#57606a">${words[i % words.length]} ${i}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="white"/>
<rect width="100%" height="48" fill="#24292f"/><text x="16" y="30" font-family="sans-serif" font-size="16" fill="white">publish-test-outputs · settings</text>
<rect x="0" y="48" width="200" height="${H - 48}" fill="#f6f8fa"/>${side.join('')}${rows.join('')}</svg>`;
}

function compressed(r: Awaited<ReturnType<typeof compressImage>>): Compressed {
  if (r.kind !== 'compressed') throw new Error(`expected compressed, got kept: ${r.reason} (${r.detail})`);
  return r;
}

const luma = async (jpeg: Buffer): Promise<Uint8Array> => lumaOfRgb(await sharp(jpeg).resize(W, H, { fit: 'fill', kernel: 'lanczos3' }).removeAlpha().raw().toBuffer());

describe('compressImage on a flat JPEG', () => {
  it('keeps a screenshot at full size at low quality when that looks more like it than q60 scaled', async () => {
    const pixels = await sharp(Buffer.from(screenshotSvg())).removeAlpha().raw().toBuffer();
    expect(flatness({ data: pixels, width: W, height: H, channels: 3 })).toBeGreaterThan(0.5);
    const input = await sharp(pixels, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    // Over the cap at q80 full size (libjpeg-turbo): what used to send it to the scale search.
    expect((await sharp(input).jpeg({ quality: 80 }).toBuffer()).length).toBeGreaterThan(CAP);
    const original = await luma(input);

    const r = compressed(await compressImage(sharp, input, 'jpeg', CAP));
    expect(r.data.length).toBeLessThanOrEqual(CAP);
    expect([r.width, r.height]).toEqual([W, H]);
    expect(r.method).toMatch(/^jpeg mozjpeg q\d+$/);
    expect(Number(/q(\d+)/.exec(r.method)?.[1])).toBeLessThan(60);
    const ours = meanSsim(original, await luma(r.data), W, H);
    expect(r.similarity).toBeCloseTo(ours, 2);

    // The largest q60 scale that fits (a 0.01 grid): what the compressor chose before.
    let scaled = 0;
    for (let scale = 0.99; scale > 0.2 && scaled === 0; scale -= 0.01) {
      const jpeg = await sharp(input).resize(Math.round(W * scale), Math.round(H * scale), { fit: 'fill', kernel: 'lanczos3' }).jpeg({ quality: 60, progressive: true }).toBuffer();
      if (jpeg.length <= CAP) scaled = meanSsim(original, await luma(jpeg), W, H);
    }
    expect(scaled).toBeGreaterThan(0);
    expect(ours).toBeGreaterThan(scaled + 0.01);
  }, 60_000);
});

// @ts-check
// Regenerates the sample test outputs in __fixtures__/outputs/ that are made by tools rather
// than written by hand: a plot (PNG), a photo (JPEG) and a real Vitest HTML report.
// Run by hand (`node scripts/make-fixtures.mjs`) and commit the result; tests never run it.
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import sharp from 'sharp';

const out = '__fixtures__/outputs';

function plotSvg() {
  const points = Array.from({ length: 120 }, (_, i) => {
    const x = 60 + i * 6;
    const y = 340 - 260 * Math.exp(-i / 30) - 12 * Math.sin(i / 3);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400">
  <rect width="800" height="400" fill="white"/>
  <line x1="60" y1="360" x2="780" y2="360" stroke="black"/><line x1="60" y1="20" x2="60" y2="360" stroke="black"/>
  <text x="400" y="390" font-family="sans-serif" font-size="14" text-anchor="middle">epoch</text>
  <text x="20" y="200" font-family="sans-serif" font-size="14" transform="rotate(-90 20 200)">loss</text>
  <polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${points.join(' ')}"/>
  <text x="640" y="40" font-family="sans-serif" font-size="14" fill="#1f77b4">training loss</text>
</svg>`;
}

await mkdir(`${out}/plots`, { recursive: true });
await mkdir(`${out}/photos`, { recursive: true });
await sharp(Buffer.from(plotSvg())).png().toFile(`${out}/plots/loss curve.png`);
// A photo-like image: smooth gradients plus noise, so JPEG has real work to do.
const width = 640;
const height = 427;
const pixels = Buffer.alloc(width * height * 3);
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    const i = (y * width + x) * 3;
    const n = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
    const noise = (n - Math.floor(n)) * 40 - 20;
    pixels[i] = Math.max(0, Math.min(255, 90 + (x / width) * 140 + noise));
    pixels[i + 1] = Math.max(0, Math.min(255, 140 + Math.sin(y / 40) * 60 + noise));
    pixels[i + 2] = Math.max(0, Math.min(255, 200 - (y / height) * 120 + noise));
  }
}
await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toFile(`${out}/photos/photo.jpg`);

await rm(`${out}/vitest-report`, { recursive: true, force: true });
execFileSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.config.mjs', '--reporter=html', `--outputFile.html=${process.cwd()}/${out}/vitest-report/index.html`],
  { stdio: 'inherit', cwd: '__fixtures__/report-src' },
);

// Test images made with sharp: realistic enough to need compression, and the broken kinds.
import sharp from 'sharp';
import { deflateSync } from 'node:zlib';

/** A line plot with thin lines and small labels, like matplotlib output. */
export function plotSvg(width: number, height: number, series = 3, seed = 1): string {
  let x = seed;
  const rand = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines: string[] = [];
  const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
  for (let s = 0; s < series; s++) {
    let y = height / 2;
    const pts: string[] = [];
    for (let i = 0; i <= 400; i++) {
      y = Math.min(height - 40, Math.max(20, y + (rand() - 0.5) * height * 0.04));
      pts.push(`${(60 + ((width - 80) * i) / 400).toFixed(1)},${y.toFixed(1)}`);
    }
    lines.push(`<polyline fill="none" stroke="${colours[s % colours.length]}" stroke-width="1" points="${pts.join(' ')}"/>`);
    lines.push(`<text x="${width - 160}" y="${30 + s * 16}" font-family="sans-serif" font-size="11" fill="${colours[s % colours.length]}">series ${s + 1}</text>`);
  }
  const ticks: string[] = [];
  for (let i = 0; i <= 10; i++) {
    const tx = 60 + ((width - 80) * i) / 10;
    ticks.push(`<line x1="${tx}" y1="${height - 30}" x2="${tx}" y2="${height - 25}" stroke="black"/><text x="${tx}" y="${height - 12}" font-family="sans-serif" font-size="10" text-anchor="middle">${i * 10}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>
<line x1="60" y1="${height - 30}" x2="${width - 20}" y2="${height - 30}" stroke="black"/><line x1="60" y1="10" x2="60" y2="${height - 30}" stroke="black"/>
${ticks.join('\n')}${lines.join('\n')}</svg>`;
}

export async function plotPng(width = 1600, height = 1200): Promise<Buffer> {
  return sharp(Buffer.from(plotSvg(width, height, 5))).png({ compressionLevel: 6 }).toBuffer();
}

/** A page-long terminal log: dense small monospace text, a few coloured lines. */
export async function logPagePng(width = 1000, height = 6000): Promise<Buffer> {
  const words = ['test', 'passed', 'worker', 'upload', 'retry', 'cache', 'shard', 'timeout', 'report', 'module'];
  const rows: string[] = [];
  for (let y = 14, i = 0; y < height; y += 14, i++) {
    const text = Array.from({ length: 14 }, (_, k) => words[(i * 7 + k * 3 + (k * i) % 5) % words.length]).join(' ');
    const colour = i % 23 === 0 ? '#c62828' : i % 11 === 0 ? '#2e7d32' : '#212121';
    rows.push(`<text x="8" y="${y}" font-family="monospace" font-size="11" fill="${colour}">${String(i).padStart(5, '0')} ${text}</text>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${rows.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer();
}

/** Photo-like: gradients plus deterministic noise. */
export function photoPixels(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const n = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
      const noise = (n - Math.floor(n)) * 50 - 25;
      pixels[i] = Math.max(0, Math.min(255, 80 + (x / width) * 150 + noise));
      pixels[i + 1] = Math.max(0, Math.min(255, 120 + Math.sin(y / 30) * 70 + noise));
      pixels[i + 2] = Math.max(0, Math.min(255, 210 - (y / height) * 140 + noise));
    }
  }
  return pixels;
}

export async function photoJpeg(width = 1920, height = 1080): Promise<Buffer> {
  return sharp(photoPixels(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** A PNG of `width`×`height` pixels built by hand (one colour, highly compressible): a
 * decompression bomb when large, without ever holding its pixels in memory. */
export function solidPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth 1
  header[9] = 0; // greyscale
  const row = Buffer.alloc(1 + Math.ceil(width / 8)); // filter byte + zero bits
  const raw = Buffer.alloc(row.length * height); // zeros: every row is the same
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An animated GIF of `frames` frames of shifting noise. */
export async function animatedGif(width: number, height: number, frames: number): Promise<Buffer> {
  const pngs: Buffer[] = [];
  for (let f = 0; f < frames; f++) {
    const frame = photoPixels(width, height);
    for (let i = 0; i < frame.length; i++) frame[i] = (frame[i]! + f * 37) % 256;
    pngs.push(await sharp(frame, { raw: { width, height, channels: 3 } }).png().toBuffer());
  }
  return sharp(pngs, { join: { animated: true } }).gif({ delay: Array(frames).fill(100), loop: 0 }).toBuffer();
}

export const magic = (b: Buffer): string => {
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg';
  if (b.subarray(0, 4).toString('ascii') === 'RIFF' && b.subarray(8, 12).toString('ascii') === 'WEBP') return 'webp';
  if (b.subarray(0, 3).toString('ascii') === 'GIF') return 'gif';
  if (b.subarray(0, 2).toString('ascii') === 'II' || b.subarray(0, 2).toString('ascii') === 'MM') return 'tiff';
  if (b.subarray(4, 12).toString('ascii').startsWith('ftypavif')) return 'avif';
  return 'unknown';
};

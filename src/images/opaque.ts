// An alpha band that is 255 everywhere (matplotlib's PNGs are RGBA, opaque) carries nothing, but
// costs every attempt: libvips premultiplies and unpremultiplies alpha around a resize, which made
// a 4.3 MP plot's resize 52–70 ms rather than 12–28 ms without the band (the same encoded bytes,
// measured on the corpus's RGBA plots at their fitting scales). The check and the copy run in
// libvips's threads with a native comparison (4.3 MP: 8 ms and 1 ms, where a JavaScript loop on
// the main thread, which the search's similarity needs, took 15–18 ms).
import type { Sharp } from './load-sharp.js';
import type { Pixels } from './search.js';

const OPAQUE = Buffer.alloc(65_536, 255);

/** Whether every byte of `band` is 255. */
export function allOpaque(band: Uint8Array): boolean {
  const bytes = Buffer.from(band.buffer, band.byteOffset, band.length);
  for (let start = 0; start < bytes.length; start += OPAQUE.length) {
    const end = Math.min(bytes.length, start + OPAQUE.length);
    if (OPAQUE.compare(bytes, start, end, 0, end - start) !== 0) return false;
  }
  return true;
}

/** The pixels without their alpha band when it is 255 everywhere; else as they are. */
export async function withoutOpaqueAlpha(sharp: Sharp, p: Pixels): Promise<Pixels> {
  const { width, height, channels, data } = p;
  if (channels === 2) return greyWithoutOpaqueAlpha(p);
  if (channels !== 4) return p;
  const image = () => sharp(data, { raw: { width, height, channels } });
  if (!allOpaque(await image().extractChannel(3).raw().toBuffer())) return p;
  return { data: await image().removeAlpha().raw().toBuffer(), width, height, channels: 3 };
}

/** Grey and alpha (rare: sharp's extractChannel and removeAlpha hand such raw pixels back as
 * grey or sRGB), in JavaScript. */
function greyWithoutOpaqueAlpha(p: Pixels): Pixels {
  const n = p.width * p.height;
  for (let i = 1; i < 2 * n; i += 2) if (p.data[i] !== 255) return p;
  const data = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) data[i] = p.data[2 * i]!;
  return { data, width: p.width, height: p.height, channels: 1 };
}

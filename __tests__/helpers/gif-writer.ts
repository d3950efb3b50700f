// Test GIFs sharp would not write: an animation stored without compression (every pixel a
// 9-bit LZW literal, the dictionary cleared before it would grow past 9 bits), as some simple
// encoders do. Large on disk although its frames are nearly alike, so re-encoding shrinks it
// far more than the pixel count says: the case a size estimate from the input gets wrong.
/** Literals between clear codes: after a clear, each code but the first adds an entry from
 * 258; 250 literals stop at 507, short of 512 where codes would widen to 10 bits. */
const LITERALS_PER_CLEAR = 250;

function lzwUncompressed(indices: Uint8Array): Buffer {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number): void => {
    acc |= code << bits;
    bits += 9;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  };
  for (let i = 0; i < indices.length; i++) {
    if (i % LITERALS_PER_CLEAR === 0) put(256);
    put(indices[i]!);
  }
  put(257);
  if (bits > 0) bytes.push(acc & 0xff);
  const blocks: Buffer[] = [Buffer.from([8])];
  for (let o = 0; o < bytes.length; o += 255) {
    const part = bytes.slice(o, o + 255);
    blocks.push(Buffer.from([part.length, ...part]));
  }
  blocks.push(Buffer.from([0]));
  return Buffer.concat(blocks);
}

/** An animated GIF (looping, `delayCs` hundredths of a second a frame) of palette indices,
 * uncompressed. `palette` holds up to 256 [r, g, b] entries. */
export function uncompressedGif(width: number, height: number, palette: [number, number, number][], frames: Uint8Array[], delayCs = 10): Buffer {
  const u16 = (n: number): number[] => [n & 0xff, n >> 8];
  const table = Buffer.alloc(768);
  palette.slice(0, 256).forEach((c, i) => table.set(c, i * 3));
  const parts: Buffer[] = [
    Buffer.from('GIF89a', 'ascii'),
    Buffer.from([...u16(width), ...u16(height), 0xf7, 0, 0]), // global table of 256 colours
    table,
    Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'ascii'), 0x03, 0x01, 0, 0, 0]), // loop forever
  ];
  for (const frame of frames) {
    parts.push(Buffer.from([0x21, 0xf9, 0x04, 0x04, ...u16(delayCs), 0, 0])); // keep the frame (disposal 1)
    parts.push(Buffer.from([0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0]));
    parts.push(lzwUncompressed(frame));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

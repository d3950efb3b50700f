// The search behind compressImage: encoding attempts from the decoded pixels at a scale, the
// largest scale that fits the cap, the highest quality that fits, and, where candidates lose
// different things, which one looks most like the original (SSIM at the original's size).
import { performance } from 'node:perf_hooks';
import type { Sharp } from './load-sharp.js';
import { lumaRows, sampledRows, sampledSsim } from './similarity.js';
import { sourceRows, upscaleRows } from './upscale.js';

/** Sharp's default: decoding refuses larger images (decompression bombs). */
export const MAX_INPUT_PIXELS = 268_402_689;

/** The longest side is never shrunk below this many pixels (or the original's, if smaller). */
export const MIN_LONGEST_SIDE = 320;
/** Candidates are compared with the original at its size (as the bench does: measuring at a
 * reduced size overrates a downscaled photo, 0.79 instead of 0.68 at 8 MP for a 12 MP one);
 * above this many pixels SSIM is taken over 24 bands of rows covering this many: the precise
 * measure, within 0.009 of every window's mean on the corpus's fitting attempts. */
const PRECISE_PIXELS = 1_500_000;
/** The estimate, over bands covering this many pixels: within 0.018 of every window's mean on
 * the same attempts (hence ESTIMATE_ERROR), and the difference between two attempts of an
 * image within 0.012 of theirs (hence RANK_ERROR), never ranking two the other way round; with
 * it the corpus's SSIM took 4.6 s of CPU rather than 7.2 (0.3 MP: 0.020 off; in 12 bands,
 * 0.029 off and a ranking reversed). */
const ESTIMATE_PIXELS = 500_000;
const ESTIMATE_ERROR = 0.03;
const RANK_ERROR = 0.015;

export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export interface Attempt {
  data: Buffer;
  width: number;
  height: number;
  scale: number;
  method: string;
  /** The original's decoded pixels exactly (lossless at full size): similarity 1, unmeasured. */
  lossless?: true;
  /** Milliseconds this encoding took (the published copy's is the bench's floor). */
  encodeMs?: number;
}

export type Encoder = (scale: number) => Promise<Attempt>;

export class Search {
  attempts = 0;
  /** Milliseconds spent encoding and measuring similarity: the profile the bench prints. */
  readonly spent = { encodeMs: 0, similarityMs: 0 };
  constructor(
    private readonly sharp: Sharp,
    readonly pixels: Pixels,
    readonly maxBytes: number,
  ) {}

  /** Pixels at `scale`, ready for an encoder. */
  at(scale: number) {
    const { data, width, height, channels } = this.pixels;
    const image = this.sharp(data, { raw: { width, height, channels } });
    if (scale >= 1) return { image, width, height };
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    return { image: image.resize(w, h, { fit: 'fill', kernel: 'lanczos3' }), width: w, height: h };
  }

  async encode(make: (scale: number) => { image: ReturnType<Sharp>; label: string }, scale: number): Promise<Attempt> {
    const { image, label } = make(scale);
    const started = performance.now();
    const { data, info } = await this.encoding(() => image.toBuffer({ resolveWithObject: true }));
    const encodeMs = performance.now() - started;
    return { data, width: info.width, height: info.height, scale: Math.min(1, scale), method: scale < 1 ? `${label} scale ${scale.toFixed(2)}` : label, encodeMs };
  }

  /** Runs one encoding, counted and timed (for those made outside `encode`, the animation's). */
  async encoding<T>(run: () => Promise<T>): Promise<T> {
    this.attempts++;
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.spent.encodeMs += performance.now() - started;
    }
  }

  /** An attempt's luma at the original's size, flattened on white as a browser shows it on a
   * page, filled in only in `rows` (what sampledSsim reads). Luma (MATLAB's weights, as the
   * bench) is taken before the resize, so that one band is upscaled rather than three (a
   * third of the cost; SSIM within 0.001 of luma after the resize on the corpus), and in the
   * same code as the original's (lumaRows: libvips's recomb truncates where that rounds, which
   * cost 0.0015 SSIM on smooth images); only the rows needed are upscaled, by upscale.ts (the
   * same bytes as sharp's resize, in 15–25 ms where libvips took 75–150 ms a measure). */
  private async luma(a: Attempt, rows: Array<[number, number]>): Promise<Uint8Array> {
    const { width, height } = this.pixels;
    const { data: pixels, info } = await this.sharp(a.data).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    // At full size only the rows read are needed (a 4.3 MP JPEG's luma: 30 ms, its bands' 10).
    if (info.width === width && info.height === height) return lumaRows(pixels, width, height, info.channels, rows);
    const luma = lumaRows(pixels, info.width, info.height, info.channels, sourceRows(info.width, info.height, width, height, rows));
    return upscaleRows(luma, info.width, info.height, width, height, rows);
  }

  /** How alike an attempt looks to the original (SSIM, 1 = the same), measured as the bench
   * measures it: the attempt upscaled to the original's size. Above `pixels` the mean is taken
   * over evenly spaced bands of rows (sampledSsim), and only those rows of either image are
   * computed. Cached per attempt and sample: mostAlike scores the candidates, then
   * compressImage reports the winner's score (a second measure, 100–400 ms, saved). */
  similarity(a: Attempt, pixels: number = PRECISE_PIXELS): Promise<number> {
    let scores = this.scores.get(a);
    if (!scores) {
      scores = new Map();
      this.scores.set(a, scores);
    }
    let score = scores.get(pixels);
    if (!score) {
      const started = performance.now();
      score = this.measure(a, pixels).finally(() => (this.spent.similarityMs += performance.now() - started));
      scores.set(pixels, score);
    }
    return score;
  }

  /** The estimate of similarity (ESTIMATE_PIXELS). */
  estimate(a: Attempt): Promise<number> {
    return this.similarity(a, ESTIMATE_PIXELS);
  }

  /** The score reported for an attempt (what keep-originals: auto compares with `threshold`):
   * the estimate, and the precise measure only where the estimate is within ESTIMATE_ERROR of
   * the threshold, so that the decision is the precise measure's. */
  async score(a: Attempt, threshold: number): Promise<number> {
    const estimate = await this.estimate(a);
    return Math.abs(estimate - threshold) < ESTIMATE_ERROR ? this.similarity(a) : estimate;
  }

  private readonly scores = new WeakMap<Attempt, Map<number, Promise<number>>>();
  private readonly references = new Map<number, Uint8Array>();

  private async measure(a: Attempt, pixels: number): Promise<number> {
    const { data, width, height, channels } = this.pixels;
    const share = Math.min(1, pixels / (width * height));
    const rows = sampledRows(height, share);
    let reference = this.references.get(share);
    if (!reference) {
      reference = lumaRows(data, width, height, channels, rows);
      this.references.set(share, reference);
    }
    return sampledSsim(reference, await this.luma(a, rows), width, height, share);
  }

  /** The attempt that looks most like the original: ranked by the estimate, and where the
   * runner-up's estimate is within RANK_ERROR of the best's, by the precise measure. */
  async mostAlike(attempts: Attempt[]): Promise<Attempt | undefined> {
    const estimates: Array<{ attempt: Attempt; score: number }> = [];
    for (const attempt of attempts) estimates.push({ attempt, score: await this.estimate(attempt) });
    estimates.sort((x, y) => y.score - x.score);
    const close = estimates.filter((e) => e.score >= estimates[0]!.score - RANK_ERROR);
    if (close.length < 2) return estimates[0]?.attempt;
    let best: { attempt: Attempt; score: number } | undefined;
    for (const { attempt } of close) {
      const score = await this.similarity(attempt);
      if (!best || score > best.score) best = { attempt, score };
    }
    return best?.attempt;
  }

  fits(a: Attempt): boolean {
    return a.data.length <= this.maxBytes;
  }

  minScale(): number {
    const longest = Math.max(this.pixels.width, this.pixels.height);
    return Math.min(1, MIN_LONGEST_SIDE / longest);
  }

  /** Largest scale in [minScale, 1) whose encoding fits, in few encodings: the first guess
   * comes from the full-size bytes (bytes grow roughly with pixel count), the next ones from
   * the last miss, then bisection between the largest fit and the smallest miss. `first`
   * replaces the first guess where a smaller trial encode has already measured the bytes. */
  async largestScale(encoder: Encoder, fullSizeBytes: number, first?: number): Promise<Attempt | undefined> {
    const min = this.minScale();
    if (min >= 1) return undefined;
    const clamp = (x: number, upper: number): number => Math.min(upper, Math.max(min, x));
    let lo = min;
    let hi = 1;
    let best: Attempt | undefined;
    let guess = clamp(first ?? Math.sqrt(this.maxBytes / fullSizeBytes) * 0.97, 0.97);
    // bytes ≈ c·scale^k: k from the last two encodings (2 until then), next guess aimed at
    // 97% of the cap, kept strictly inside (largest fit, smallest miss).
    let k = 2;
    let last: { scale: number; bytes: number } | undefined;
    for (let i = 0; i < 6; i++) {
      const attempt = await encoder(guess);
      const bytes = attempt.data.length;
      if (last && last.scale !== guess) {
        const e = Math.log(last.bytes / bytes) / Math.log(last.scale / guess);
        if (Number.isFinite(e)) k = Math.min(3, Math.max(0.7, e));
      }
      last = { scale: guess, bytes };
      if (this.fits(attempt)) {
        best = attempt;
        lo = guess;
        if (bytes >= this.maxBytes * 0.92) break;
      } else {
        hi = guess;
        if (guess <= min) break;
      }
      if (hi - lo < 0.015) break;
      let next = guess * Math.pow((this.maxBytes * 0.97) / bytes, 1 / k);
      if (!(next > lo && next < hi)) next = best === undefined && lo === min ? Math.max(min, Math.min(next, hi - 0.005)) : (lo + hi) / 2;
      guess = clamp(next, hi - 0.005);
    }
    return best;
  }

  /** Highest quality in [low, high] that fits, by bisection in at most `steps` encodings. */
  async bestQuality(encoder: (quality: number) => Promise<Attempt>, low: number, high: number, steps: number): Promise<Attempt | undefined> {
    let best: Attempt | undefined;
    let lo = low;
    let hi = high;
    for (let i = 0; i < steps && lo <= hi; i++) {
      const q = Math.ceil((lo + hi) / 2);
      const attempt = await encoder(q);
      if (this.fits(attempt)) {
        best = attempt;
        lo = q + 1;
      } else {
        hi = q - 1;
      }
    }
    return best;
  }
}

// @ts-check
// Deterministic randomness for the corpus: a seeded PRNG per image (mulberry32) and the draws
// the generators use, so the same code writes the same bytes on every run.

// Part of this file, so changing it rebuilds a cached corpus (corpus.mjs hashes the generators).
export const SEED = 0x5eed_2024;

/** @param {number} seed */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @typedef {(() => number) & { range: (a: number, b: number) => number, int: (a: number, b: number) => number, pick: <T>(list: readonly T[]) => T, normal: () => number }} Rng
 */

/**
 * A PRNG per image, from the corpus seed and the image's name: images don't shift each other.
 * @param {string} name
 * @returns {Rng}
 */
export function rngFor(name) {
  let h = SEED;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const next = mulberry32(h);
  const rng = /** @type {Rng} */ (() => next());
  rng.range = (a, b) => a + (b - a) * next();
  rng.int = (a, b) => Math.floor(a + (b - a + 1) * next());
  // Never called with an empty list.
  rng.pick = (list) => /** @type {never} */ (list[Math.floor(next() * list.length)]);
  rng.normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return rng;
}

/**
 * Fast gaussian noise: a table of N(0,1) samples indexed by the PRNG.
 * @param {Rng} rng
 */
export function gaussTable(rng, size = 65_536) {
  const t = new Float32Array(size);
  for (let i = 0; i < size; i++) t[i] = rng.normal();
  return t;
}

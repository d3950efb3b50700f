// @ts-check
// One method on one image: the call timed with its error caught, then its result scored (bytes,
// over the cap or not, SSIM against the original; a kept image scores SSIM 1).
import { performance } from 'node:perf_hooks';

const round = (/** @type {number} */ ms) => Math.round(ms);

/**
 * @param {() => Promise<import('./types.mjs').MethodResult | undefined>} fn
 * @returns {Promise<import('./types.mjs').TimedRun>}
 */
export async function timed(fn) {
  const t0 = performance.now();
  try {
    // seedCompress returns undefined only for an empty list of steps, which it never has.
    const result = /** @type {import('./types.mjs').MethodResult} */ (await fn());
    return { result, ms: performance.now() - t0 };
  } catch (error) {
    return { error: error instanceof Error ? /** @type {string} */ (error.message.split('\n')[0]) : String(error), ms: performance.now() - t0 };
  }
}

/**
 * @param {import('./types.mjs').Reference} reference
 * @param {Buffer} original
 * @param {import('./types.mjs').TimedRun} run
 * @param {number} cap
 * @returns {Promise<import('./types.mjs').Evaluation>}
 */
export async function evaluate(reference, original, run, cap) {
  if (run.error !== undefined) return { error: run.error, bytes: null, overCap: true, ssim: null, ms: round(run.ms), method: 'error' };
  const r = run.result;
  if (r.kind === 'kept') {
    return { bytes: original.length, overCap: original.length > cap, ssim: 1, ms: round(run.ms), method: `kept: ${r.reason}`, detail: r.detail };
  }
  const value = await reference.score(r.data);
  return {
    bytes: r.data.length,
    overCap: r.data.length > cap,
    ssim: Number(value.toFixed(4)),
    ms: round(run.ms),
    method: r.method,
    width: r.width,
    height: r.height,
    ...(r.attempts !== undefined ? { attempts: r.attempts } : {}),
    ...(r.spent ? { encodeMs: round(r.spent.encodeMs), similarityMs: round(r.spent.similarityMs) } : {}),
    ...(r.animation ? { animation: r.animation } : {}),
    ...(r.similarity !== undefined ? { similarity: r.similarity } : {}),
  };
}

// @ts-check
// The image benchmark's shared types (JSDoc only, no code): the sharp it drives, the bundled
// module under test (bundle.mjs), a timed call and its score, and one row of the results.
export {};

/**
 * @typedef {import('../../src/images/load-sharp.js').Sharp} Sharp
 * @typedef {import('sharp').Sharp} SharpImage
 * @typedef {import('../../src/images/compress.js').ImageFormat} ImageFormat
 * @typedef {import('../../src/images/compress.js').CompressResult} CompressResult
 * @typedef {typeof import('../../src/images/compress.js') & { loadSharp: typeof import('../../src/images/load-sharp.js').loadSharp, lumaOfRgb: typeof import('../../src/images/similarity.js').lumaOfRgb, meanSsim: typeof import('../../src/images/similarity.js').meanSsim }} BenchModule
 * @typedef {Pick<BenchModule, 'lumaOfRgb' | 'meanSsim'>} Measure
 * @typedef {{ width: number, height: number, score: (output: Buffer) => Promise<number> }} Reference
 * @typedef {{ kind: 'kept', reason: string, detail?: string } | { kind: 'compressed', data: Buffer, width: number, height: number, method: string, attempts?: number, animation?: string }} MethodResult
 * @typedef {{ result: MethodResult, ms: number, error?: undefined } | { error: string, ms: number, result?: undefined }} TimedRun
 * @typedef {{ bytes: number | null, overCap: boolean, ssim: number | null, ms: number, method: string, error?: string, detail?: string | undefined, width?: number, height?: number, attempts?: number, animation?: string }} Evaluation
 * @typedef {{ ssim: number, method: string, bytes: number | null }} FrontierBest
 * @typedef {{ name: string, format: ImageFormat | 'bmp' | undefined, bytes: number, width: number | undefined, height: number | undefined, info: string, ssimAt: string, ours: Evaluation, seed?: Evaluation, frontier?: Record<string, FrontierBest> }} Row
 */

// @ts-check
// The image benchmark's shared types (JSDoc only, no code): the sharp it drives, the bundled
// module under test (bundle.mjs), a timed call and its score, and one row of the results.
export {};

/**
 * @typedef {import('../../src/images/load-sharp.js').Sharp} Sharp
 * @typedef {import('sharp').Sharp} SharpImage
 * @typedef {import('../../src/images/compress.js').ImageFormat} ImageFormat
 * @typedef {import('../../src/images/compress.js').CompressResult} CompressResult
 * @typedef {typeof import('../../src/images/compress.js') & { loadSharp: typeof import('../../src/images/load-sharp.js').loadSharp, keepReason: typeof import('../../src/images/keep-original.js').keepReason, lumaOfRgb: typeof import('../../src/images/similarity.js').lumaOfRgb, meanSsim: typeof import('../../src/images/similarity.js').meanSsim, significantColours: typeof import('../../src/images/colour-count.js').significantColours, Search: typeof import('../../src/images/search.js').Search }} BenchModule
 * @typedef {Pick<BenchModule, 'lumaOfRgb' | 'meanSsim'>} Measure
 * @typedef {{ width: number, height: number, score: (output: Buffer) => Promise<number> }} Reference
 * @typedef {{ kind: 'kept', reason: string, detail?: string } | { kind: 'compressed', data: Buffer, width: number, height: number, method: string, attempts?: number, spent?: { encodeMs: number, similarityMs: number }, animation?: 'kept' | 'first-frame', similarity?: number }} MethodResult
 * @typedef {{ result: MethodResult, ms: number, error?: undefined } | { error: string, ms: number, result?: undefined }} TimedRun
 * @typedef {{ bytes: number | null, overCap: boolean, ssim: number | null, ms: number, method: string, error?: string, detail?: string | undefined, width?: number, height?: number, attempts?: number, encodeMs?: number, similarityMs?: number, animation?: string, similarity?: number }} Evaluation
 * @typedef {{ ssim: number, method: string, bytes: number, colours?: number }} FrontierCandidate
 * @typedef {{ fits: boolean, candidates: FrontierCandidate[], animation?: { fits: boolean, method: string, bytes: number | null }, encodes: number, ms: number }} FrontierResult
 * @typedef {{ fits: boolean, best: FrontierCandidate | undefined, allBest: FrontierCandidate | undefined, significantColours: number, minColours: number, animationFits?: boolean, cached: boolean, ms: number, encodes: number }} FrontierSummary
 * @typedef {{ name: string, class: import('./corpus.mjs').ImageClass, format: ImageFormat | 'bmp' | undefined, bytes: number, width: number | undefined, height: number | undefined, pages: number, info: string, ssimAt: string, ours: Evaluation, seed?: Evaluation, frontier?: FrontierSummary, keepOriginal?: string }} Row
 */

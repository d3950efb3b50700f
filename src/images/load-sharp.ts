// The only place sharp is loaded: lazily (runs without images never pay for it), from the
// packages shipped in dist/node_modules, with the WebAssembly build as the fallback where no
// native build loads. If nothing loads, images are published as they are.
import { createRequire } from 'node:module';
import type SharpType from 'sharp';

export type Sharp = typeof SharpType;

export interface SharpLoad {
  sharp: Sharp | undefined;
  /** 'native' or 'wasm'; or why sharp could not be loaded. */
  runtime: 'native' | 'wasm' | undefined;
  error: string | undefined;
}

/** Set to `wasm` to skip the native builds (tests, and a way out if a native build misbehaves). */
export const SHARP_RUNTIME_ENV = 'PUBLISH_TEST_OUTPUTS_SHARP';

let loading: Promise<SharpLoad> | undefined;

// sharp picks its binding with require(): hiding the native packages from that require makes
// it take its WebAssembly fallback, exactly as on a platform without a native build.
function hideNativeBindings(): void {
  const require = createRequire(import.meta.url);
  const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (/^@img\/sharp-(?!wasm32)[a-z0-9-]+\/sharp\.node$/.test(request) || /\/sharp-(?!wasm32)[^/]+\.node$/.test(request)) {
      const error = new Error(`Cannot find module '${request}' (native sharp disabled by ${SHARP_RUNTIME_ENV}=wasm)`) as Error & { code: string };
      error.code = 'MODULE_NOT_FOUND';
      throw error;
    }
    return original.call(this, request, ...rest);
  };
}

async function load(env: NodeJS.ProcessEnv): Promise<SharpLoad> {
  const forced = env[SHARP_RUNTIME_ENV]?.toLowerCase();
  if (forced === 'wasm') hideNativeBindings();
  try {
    const sharp = (await import('sharp')).default;
    // One libvips thread per image: images are processed in parallel, two per core (schedule.ts).
    sharp.concurrency(1);
    sharp.cache(false);
    const runtime = 'emscripten' in sharp.versions ? 'wasm' : 'native';
    return { sharp, runtime, error: undefined };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
    return { sharp: undefined, runtime: undefined, error: message };
  }
}

export function loadSharp(env: NodeJS.ProcessEnv = process.env): Promise<SharpLoad> {
  loading ??= load(env);
  return loading;
}

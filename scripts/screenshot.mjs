// @ts-check
// `node scripts/screenshot.mjs [out.png]`: publishes the sample outputs in __fixtures__/outputs
// with the built action (dist/index.js, as `npm run demo` does) to an embedded S3 server on
// loopback, opens the root index page in Chromium (1100x800, light color scheme) and saves a
// screenshot, docs/index-page.png by default. Needs Debian's chromium (/usr/bin/chromium, or set
// CHROMIUM_PATH); Playwright's own browser downloads are not used.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalS3 } from './local-s3.mjs';
import { publishSamples } from './run-action.mjs';
import { CHROMIUM_PATH, launchChromium } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(root, process.argv[2] ?? 'docs/index-page.png');
const bucket = 'test-outputs';

if (!existsSync(CHROMIUM_PATH)) {
  console.error(`${CHROMIUM_PATH} does not exist: install Debian's chromium package or set CHROMIUM_PATH`);
  process.exit(1);
}

const server = await startLocalS3({ port: 0, buckets: [bucket] });
let browser;
try {
  const result = await publishSamples(server, bucket);
  if (result.code !== 0 || !result.outputs.url) {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    throw new Error(`the action failed (exit code ${result.code})`);
  }

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1, colorScheme: 'light' });
  const page = await context.newPage();
  const response = await page.goto(result.outputs.url, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${result.outputs.url} answered ${response?.status()}`);
  await page.evaluate('document.fonts.ready');
  await mkdir(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`saved ${path.relative(process.cwd(), out) || out} (${result.outputs.url})`);
} finally {
  await browser?.close();
  await server.close();
}

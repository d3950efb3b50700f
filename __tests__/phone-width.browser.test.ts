/// <reference lib="dom" />
// (The DOM types are for pageFacts, which runs in the page.)
// The pages on a phone (400 px) and a desktop (1280 px), in Chromium (issue 18): no sideways
// scroll; names wrap only after / - _ . or a space, unless one segment alone is wider than its
// cell (then, and only then, overflow-wrap: anywhere breaks it); the key columns (a folder page's
// Name and Size, a level page's Name and Last published) stay in view, the secondary ones give
// way at 400 px. Screenshots of every page at both widths go to tmp/screenshots/phone-width/ for
// a reviewer; the test compares the two widths by layout facts (the same names shown, in view),
// never by pixels. Pages: the publication's root, a folder page, and each level above it that
// exists (run, repository, owner), as the built action (dist/index.js) publishes them.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../scripts/chromium.mjs';
import { startLocalS3 } from '../scripts/local-s3.mjs';
import { localS3Env, runAction } from '../scripts/run-action.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = path.join(ROOT, 'tmp', 'screenshots', 'phone-width');
const REQUIRE_BROWSER = process.env['REQUIRE_BROWSER'] === '1';
const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
const SKIP = !HAVE_CHROMIUM && !REQUIRE_BROWSER;
const SKIP_REASON = `${CHROMIUM_PATH} does not exist (apt-get install chromium, or set CHROMIUM_PATH)`;
if (SKIP) console.warn(`phone-width.browser: skipped: ${SKIP_REASON}`);

const BUCKET = 'phone-outputs';
const TEST_NAME = 'integration-tests_on.a-phone screen';
const FOLDER = 'screenshots-from_the.nightly-run';
// One segment wider than a phone's name column: the only name allowed to break mid-word.
const HUGE = `${'x'.repeat(70)}.log`;
const FILES: Record<string, string> = {
  [`${FOLDER}/settings-page_after.login-with_a.long-name.txt`]: 'settings\n',
  [`${FOLDER}/nested-folder_with.a-long/name/trace_of-the.failing-test.txt`]: 'trace\n',
  'coverage-summary_for.the-whole_repository.json': '{}\n',
  [HUGE]: 'huge\n',
  'short.txt': 'short\n',
};
const WIDTHS = [400, 1280] as const;
const BOUNDARY_CHARS = '/-_. ';

interface NameFacts {
  selector: string;
  text: string;
  /** Where a line ends inside the name: the characters either side. */
  breaks: { before: string; after: string; segment: string; segmentWidth: number }[];
  /** The width the element gives its text. */
  width: number;
}

interface PageFacts {
  scrollWidth: number;
  innerWidth: number;
  names: NameFacts[];
  /** Every header cell: its text, whether it is shown, and whether it lies within the viewport. */
  columns: { text: string; shown: boolean; inView: boolean }[];
}

/** Runs in the page: the layout facts the assertions read. */
function pageFacts(): PageFacts {
  const canvas = document.createElement('canvas').getContext('2d')!;
  const names: NameFacts[] = [];
  for (const selector of ['h1', 'nav li', 'td.name', '.gallery span']) {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const style = getComputedStyle(el);
      canvas.font = style.font;
      const width = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let text = '';
      let prev: { char: string; top: number } | undefined;
      const breakAt: number[] = [];
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (let i = 0; i < node.data.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue; // collapsed white space
          const char = node.data[i]!;
          if (prev && rect.top > prev.top + rect.height / 2) breakAt.push(text.length);
          prev = { char, top: rect.top };
          text += char;
        }
      }
      const isBoundary = (c: string) => '/-_. '.includes(c);
      const breaks = breakAt.map((at) => {
        let start = at;
        while (start > 0 && !isBoundary(text[start - 1]!)) start--;
        let end = at;
        while (end < text.length && !isBoundary(text[end]!)) end++;
        const segment = text.slice(start, end);
        return { before: text[at - 1]!, after: text[at]!, segment, segmentWidth: canvas.measureText(segment).width };
      });
      names.push({ selector, text, breaks, width });
    }
  }
  const columns = Array.from(document.querySelectorAll<HTMLElement>('thead th')).map((th) => {
    const rect = th.getBoundingClientRect();
    return { text: th.textContent.trim(), shown: rect.width > 0 && getComputedStyle(th).display !== 'none', inView: rect.left >= 0 && rect.right <= innerWidth + 0.5 };
  });
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, names, columns };
}

describe.skipIf(SKIP)('pages at 400 px and 1280 px', () => {
  let server: Awaited<ReturnType<typeof startLocalS3>> | undefined;
  let browser: Browser | undefined;
  let workspace = '';
  /** name → URL of each page looked at. */
  const pages = new Map<string, string>();
  /** page name → width → facts. */
  const facts = new Map<string, Map<number, PageFacts>>();

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`REQUIRE_BROWSER=1 but ${SKIP_REASON}`);
    workspace = await mkdtemp(path.join(tmpdir(), 'pto-phone-'));
    const outputs = path.join(workspace, 'outputs');
    for (const [rel, body] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(outputs, rel)), { recursive: true });
      await writeFile(path.join(outputs, rel), body);
    }
    await copyFile(path.join(ROOT, '__fixtures__/outputs/plots/loss curve.png'), path.join(outputs, FOLDER, 'loss-curve_of.the-training.png'));
    server = await startLocalS3({ buckets: [BUCKET] });
    const [run, launched] = await Promise.all([
      runAction({ cwd: workspace, inputs: { bucket: BUCKET, path: 'outputs', 'test-name': TEST_NAME }, env: localS3Env(server) }),
      launchChromium({ timeout: 20_000 }),
    ]);
    browser = launched;
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const root = run.outputs['url']!;
    pages.set('root', root);
    pages.set('folder', new URL(`${encodeURIComponent(FOLDER)}/index.html`, root).href);
    // The levels above the publication, up to the bucket, that have a page.
    const levels = ['run', 'repository', 'owner'];
    let dir = new URL('..', root);
    for (const level of levels) {
      const url = new URL('index.html', dir).href;
      if ((await fetch(url)).ok) pages.set(level, url);
      dir = new URL('..', dir);
    }
    expect([...pages.keys()]).toEqual(expect.arrayContaining(['root', 'folder', 'run']));
    await mkdir(SHOTS, { recursive: true });
    for (const [name, url] of pages) {
      const byWidth = new Map<number, PageFacts>();
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: 'light' });
        const page: Page = await context.newPage();
        const response = await page.goto(url);
        expect(response?.status(), url).toBe(200);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
        byWidth.set(width, await page.evaluate(pageFacts));
        await context.close();
      }
      facts.set(name, byWidth);
    }
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  const each = (fn: (name: string, width: number, f: PageFacts) => void) => {
    expect(facts.size).toBeGreaterThanOrEqual(3);
    for (const [name, byWidth] of facts) for (const [width, f] of byWidth) fn(name, width, f);
  };

  it('scroll no page sideways', () => {
    each((name, width, f) => {
      expect(f.innerWidth, name).toBe(width);
      expect(f.scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(f.innerWidth);
    });
  });

  it('break names only after / - _ . or a space, or inside a segment wider than its cell', () => {
    let wrapped = 0;
    each((name, width, f) => {
      for (const n of f.names) {
        for (const b of n.breaks) {
          wrapped++;
          if (BOUNDARY_CHARS.includes(b.before) || b.after === ' ') continue;
          expect(b.segmentWidth, `${name} at ${width} px: ${n.selector} "${n.text}" breaks mid-word in "${b.segment}" (${b.before}|${b.after})`).toBeGreaterThan(n.width);
        }
      }
    });
    // The long names do wrap at 400 px (else this test would prove nothing), and the huge
    // segment is broken because it must be.
    expect(wrapped).toBeGreaterThan(3);
    const root400 = facts.get('root')!.get(400)!;
    const huge = root400.names.find((n) => n.selector === 'td.name' && n.text.startsWith('xxxx'));
    expect(huge?.breaks.length).toBeGreaterThan(0);
    const long = root400.names.find((n) => n.text.startsWith('coverage-summary'));
    expect(long?.breaks.length, 'a long name wraps on a phone').toBeGreaterThan(0);
  });

  it('keep the key columns in view, secondary ones only where there is room', () => {
    // The columns a reader cannot do without, per page: a file's name and size; a run's tests and
    // failures; a test's name, status and failures.
    const KEY_COLUMNS: Record<string, string[]> = { root: ['Name', 'Size'], folder: ['Name', 'Size'], repository: ['Run', 'Branch', 'PR', 'Tests', 'Failures'], run: ['Test', 'Status', 'Failures'] };
    const key = (name: string): string[] => KEY_COLUMNS[name] ?? ['Name'];
    each((name, width, f) => {
      expect(f.columns.length, name).toBeGreaterThan(0);
      for (const column of key(name)) {
        const c = f.columns.find((x) => x.text === column);
        expect(c, `${name} has a ${column} column`).toBeDefined();
        expect(c!.shown && c!.inView, `${name} at ${width} px shows ${column}`).toBe(true);
      }
      for (const c of f.columns) if (c.shown) expect(c.inView, `${name} at ${width} px: ${c.text} lies outside the viewport`).toBe(true);
      if (width === 1280) expect(f.columns.every((c) => c.shown), `${name} shows every column at 1280 px`).toBe(true);
    });
    for (const name of ['root', 'folder']) {
      const shown = facts.get(name)!.get(400)!.columns.filter((c) => c.shown).map((c) => c.text);
      expect(shown, `${name} at 400 px`).toEqual(['Name', 'Size']);
    }
  });

  it('show the same names at both widths', () => {
    for (const [name, byWidth] of facts) {
      const texts = (w: number) => byWidth.get(w)!.names.map((n) => `${n.selector}: ${n.text}`);
      expect(texts(400), name).toEqual(texts(1280));
      for (const shot of WIDTHS) expect(existsSync(path.join(SHOTS, `${name}-${shot}.png`))).toBe(true);
    }
  });
});

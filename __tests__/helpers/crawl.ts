// Follows every link of every generated page of a publication over plain HTTP, the way a
// reviewer's browser would, and checks each published file against the local one. A link to
// a local file's path is that file (whatever its name); any other link in the publication is
// the action's own: a page (.html) is followed, anything else (the manifest, kept originals)
// only has to answer.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

const IMAGE_CAP = 50 * 1024;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp|gif|tiff?|avif)$/i;

/** Whether `rel` lies in a folder of `localRoot` that has its own index.html (an HTML report,
 * published unaltered). */
function inReport(localRoot: string, rel: string): boolean {
  const parts = rel.split('/').slice(0, -1);
  return parts.some((_, i) => existsSync(path.join(localRoot, ...parts.slice(0, i + 1), 'index.html')));
}

/** A published file is the local one byte for byte, except an image over the default cap
 * outside an HTML report, which must be a smaller file of the same format. */
export function expectPublished(rel: string, local: Buffer, served: Uint8Array, localRoot?: string): void {
  if (IMAGE_EXTENSIONS.test(rel) && local.length > IMAGE_CAP && !(localRoot && inReport(localRoot, rel))) {
    expect(served.length, `${rel} is compressed under the cap`).toBeLessThanOrEqual(IMAGE_CAP);
    expect(Buffer.from(served.subarray(0, 3)).toString('hex'), `${rel} keeps its format`).toBe(local.subarray(0, 3).toString('hex'));
  } else {
    expect(sha256(served), rel).toBe(sha256(local));
  }
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export interface CrawlResult {
  pages: number;
  links: number;
  /** Every URL reached. */
  seen: Set<string>;
  /** Base URL of the publication (the root URL without index.html). */
  base: string;
  /** For each path linked from a file row of a page: how many rows link it, over all pages. */
  rows: Map<string, number>;
}

/** `localRoot`: the directory whose files were published; `localFiles`: their relative paths. */
/** Whether the page at `url` is the root page or one of the comparison's (`_compare/…`), which
 * link the baseline's files. */
const comparisonPage = (url: string, base: string): boolean => {
  const rel = decodeURIComponent(url.slice(base.length).split('?')[0] ?? '');
  return rel === '' || rel === 'index.html' || /^_compare(-\d+)?\//.test(rel);
};

export async function crawlPublication(rootUrl: string, localRoot: string, localFiles: string[]): Promise<CrawlResult> {
  const base = rootUrl.slice(0, -'index.html'.length);
  const local = new Set(localFiles);
  const queue = [rootUrl];
  const seen = new Set(queue);
  const rows = new Map<string, number>();
  let pages = 0;
  let links = 0;
  while (queue.length > 0) {
    const url = queue.shift()!;
    const res = await fetch(url);
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type'), url).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control'), url).toBe('no-cache');
    const html = await res.text();
    pages++;
    for (const [, raw] of html.matchAll(/<tr class="file"><td class="name"[^>]*><a href="([^"]*)"/g)) {
      const row = new URL(decodeEntities(raw!), url).toString();
      const rel = row.startsWith(base) ? decodeURIComponent(row.slice(base.length)) : row;
      rows.set(rel, (rows.get(rel) ?? 0) + 1);
    }
    for (const [, raw] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
      const link = new URL(decodeEntities(raw!), url).toString();
      links++;
      if (seen.has(link)) continue;
      seen.add(link);
      if (new URL(link).origin !== new URL(base).origin) {
        // The status line links the commit, the run and the pull request on GitHub: not fetched
        // (no network here).
        expect(link, 'links off the S3 server go to GitHub').toMatch(/^https:\/\/github\.com\/octo-org\/octo-repo\/(commit|actions\/runs|pull)\//);
        continue;
      }
      if (!link.startsWith(base)) {
        // The index pages above the publication (run, repository, `?pr=` filtered), its stable
        // links, and from the comparison's pages the baseline's page and files: they must exist;
        // their own links lead to other publications, which are not this crawl's business.
        const outside = new URL(link).pathname;
        expect(outside.endsWith('/index.html') || comparisonPage(url, base), `${link} outside the publication is an index page, or linked from the comparison`).toBe(true);
        expect((await fetch(link)).status, link).toBe(200);
        continue;
      }
      const rel = decodeURIComponent(link.slice(base.length));
      if (!local.has(rel) && rel.endsWith('.html')) {
        queue.push(link);
        continue;
      }
      const got = await fetch(link);
      expect(got.status, link).toBe(200);
      const body = new Uint8Array(await got.arrayBuffer());
      if (!local.has(rel)) continue;
      expectPublished(rel, await readFile(path.join(localRoot, rel)), body, localRoot);
    }
  }
  return { pages, links, seen, base, rows };
}

// Pages rendered from a fixed publication, compared with reviewed golden files in
// __fixtures__/golden/pages/ (`npm run update-golden` rewrites them; review the diff).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootPageLinks } from '../src/history/stable-link-page.js';
import { readGithubContext } from '../src/context/github.js';
import { reportsWithOwnFiles } from '../src/layout.js';
import { buildPages, type PublicationFacts } from '../src/report/model.js';
import { buildParentView } from '../src/report/parent-model.js';
import { PAGE_CSP, renderDirectory, renderParent } from '../src/report/render.js';
import { createHash } from 'node:crypto';

const goldenDir = path.resolve(import.meta.dirname, '../__fixtures__/golden/pages');
const update = process.env['UPDATE_GOLDEN'] === '1';

const facts: PublicationFacts = {
  testName: 'unit <tests> & "more"',
  uploadedAt: new Date('2026-11-27T10:00:00.000Z'),
  manifestPath: 'manifest.json',
  ancestors: ['octo-org', 'octo-repo', '1658821493-1'],
  // The run as the action reads it in a GitHub job: its links are the reader's.
  run: {
    ...readGithubContext(
      { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_SHA: '2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d', GITHUB_RUN_ID: '1658821493', GITHUB_RUN_ATTEMPT: '1', GITHUB_HEAD_REF: 'feature/x' },
      new Date('2026-11-27T10:00:00.000Z'),
    ),
    pullRequest: { number: 17, title: 'Faster <pages>', url: 'https://github.com/octo-org/octo-repo/pull/17' },
  },
  // The root page's links into the history: the branch's stable link, the PR's runs.
  history: rootPageLinks('octo-org/octo-repo/1658821493-1/unit', { branch: 'feature/x', pullRequest: { number: 17 } }, true),
  failed: [{ path: 'logs/huge.bin', reason: 'InternalError (HTTP 500)' }],
  files: [
    { path: 'summary.txt', size: 12, contentType: 'text/plain; charset=utf-8', modified: new Date('2026-11-27T09:58:12.000Z') },
    { path: 'plots/loss curve.png', size: 13_600, contentType: 'image/png' },
    { path: 'plots/a+b #1 <x>.png', size: 2048, contentType: 'image/png' },
    { path: 'plots/heatmap.png', size: 50_000, contentType: 'image/png', original: { originalSize: 1_300_000, originalPath: '_originals/plots/heatmap.png' } },
    { path: 'plots/huge.bmp', size: 900_000, contentType: 'image/bmp', uncompressed: 'unsupported' },
    { path: '_originals/plots/heatmap.png', size: 1_300_000, contentType: 'image/png', originalOf: 'plots/heatmap.png' },
    { path: 'logs/100%.log', size: 1_500_000, contentType: 'text/plain; charset=utf-8' },
    { path: 'logs/nested/résumé.csv', size: 99, contentType: 'text/csv; charset=utf-8' },
    { path: 'report/index.html', size: 500, contentType: 'text/html; charset=utf-8' },
    { path: 'report/assets/app.js', size: 7000, contentType: 'text/javascript; charset=utf-8' },
  ],
};

const pages = buildPages(facts);

describe('generated pages', () => {
  it('exist for every directory, the listing of a report directory under _listing.html', () => {
    expect(pages.map((p) => p.path).sort()).toEqual([
      '_originals/index.html',
      '_originals/plots/index.html',
      'index.html',
      'logs/index.html',
      'logs/nested/index.html',
      'plots/index.html',
      'report/_listing.html',
      'report/assets/index.html',
    ]);
  });

  it.each(pages.map((p) => [p.path, p] as const))('%s matches its golden file', async (pagePath, page) => {
    const html = renderDirectory(page.view);
    const golden = path.join(goldenDir, `${pagePath}`);
    if (update) {
      await mkdir(path.dirname(golden), { recursive: true });
      await writeFile(golden, html);
    }
    expect(html).toBe(await readFile(golden, 'utf8'));
  });

  it('escape names for HTML and encode every URL segment', () => {
    const root = renderDirectory(pages.find((p) => p.path === 'index.html')!.view);
    expect(root).not.toContain('<tests>');
    expect(root).toContain('unit &lt;tests&gt; &amp; &quot;more&quot;');
    const plots = renderDirectory(pages.find((p) => p.path === 'plots/index.html')!.view);
    expect(plots).toContain('href="a%2Bb%20%231%20%3Cx%3E.png"');
    expect(plots).toContain('>a+b #1 &lt;x&gt;.<wbr>png</a>');
    expect(plots).toContain('href="loss%20curve.png"');
    const logs = renderDirectory(pages.find((p) => p.path === 'logs/index.html')!.view);
    expect(logs).toContain('href="100%25.log"');
    expect(logs).toContain('href="nested&#x2F;index.html"');
  });

  it('link a report directory to its own index.html, with the listing one click away', () => {
    const root = pages.find((p) => p.path === 'index.html')!.view;
    expect(root.dirs.find((d) => d.name === 'report')).toMatchObject({ href: 'report/index.html', listingHref: 'report/_listing.html' });
    const listing = pages.find((p) => p.path === 'report/_listing.html')!.view;
    expect(listing.reportHref).toBe('index.html');
    const assets = pages.find((p) => p.path === 'report/assets/index.html')!.view;
    expect(assets.parentHref).toBe('../_listing.html');
    expect(assets.breadcrumbs.map((b) => b.href)).toEqual(['../../../../../index.html', '../../../../index.html', '../../../index.html', '../../index.html', '../_listing.html']);
  });

  it('show compressed images with their original size and a link to the kept original', () => {
    const plots = renderDirectory(pages.find((p) => p.path === 'plots/index.html')!.view);
    expect(plots).toContain('compressed from 1.2 MB');
    expect(plots).toContain('href="..&#x2F;_originals&#x2F;plots&#x2F;heatmap.png">original</a>');
    expect(plots).toContain('over the image cap, not compressed (unsupported)');
  });

  it('give the root page a status line with commit, branch, pull request and run links, and a gallery of the images', () => {
    const root = pages.find((p) => p.path === 'index.html')!.view;
    expect(root.status).toEqual({
      failures: 1,
      commit: { short: '2f1e4c9', href: 'https://github.com/octo-org/octo-repo/commit/2f1e4c9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d' },
      branch: { name: 'feature/x', latestHref: expect.stringMatching(/^\.\.\/\.\.\/latest\/feature-x--[0-9a-f]{12}\/unit\/index\.html$/) as string },
      pullRequest: { label: '#17 Faster <pages>', href: 'https://github.com/octo-org/octo-repo/pull/17', runsHref: '../../index.html?pr=17' },
      run: { label: '#1658821493 attempt 1', href: 'https://github.com/octo-org/octo-repo/actions/runs/1658821493/attempts/1' },
    });
    expect(root.gallery?.images.map((i) => i.href)).toEqual(['plots/a%2Bb%20%231%20%3Cx%3E.png', 'plots/heatmap.png', 'plots/loss%20curve.png']);
    const html = renderDirectory(root);
    expect(html).toContain('<img src="plots&#x2F;a%2Bb%20%231%20%3Cx%3E.png" alt="plots&#x2F;a+b #1 &lt;x&gt;.png" loading="lazy"');
    expect(pages.find((p) => p.path === 'plots/index.html')!.view.gallery).toBeUndefined();
  });

  it('carry a Content-Security-Policy that allows only their own script, by hash', () => {
    const html = renderDirectory(pages[0]!.view);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src &#39;none&#39;; img-src &#39;self&#39; data:; style-src &#39;unsafe-inline&#39;; script-src &#39;sha256-[A-Za-z0-9+&#x2F;=]+&#39;/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(PAGE_CSP).toContain(`'sha256-${hash}'`);
  });

  it('list failures and the manifest on the root page only', () => {
    const root = pages.find((p) => p.path === 'index.html')!.view;
    expect(root.failed).toHaveLength(1);
    expect(root.manifestHref).toBe('manifest.json');
    expect(pages.find((p) => p.path === 'logs/index.html')!.view.failed).toHaveLength(0);
  });
});

describe('the page of a level above the publication', () => {
  const view = buildParentView(['octo-org', 'octo-repo', '1658821493-1'], [
    { name: 'unit', updatedAt: new Date('2026-11-27T10:00:00Z') },
    { name: 'e2e <chromium> & "more"', updatedAt: new Date('2026-11-27T10:05:00Z') },
    { name: 'lint', updatedAt: new Date('2026-11-27T09:00:00Z') },
  ]);

  it('shows a child by the name its claim records, linked by its key segment', () => {
    const titled = buildParentView(['o', 'r', '1-1'], [{ name: 'C--f1deb75fa21d', title: 'C++', updatedAt: new Date('2026-11-27T10:00:00Z') }]);
    expect(titled.children).toEqual([{ name: 'C++', href: 'C--f1deb75fa21d/index.html', updatedAt: expect.any(String) }]);
  });

  it('lists the children newest first, escaped and encoded, with breadcrumbs up', () => {
    expect(view.children.map((c) => c.name)).toEqual(['e2e <chromium> & "more"', 'unit', 'lint']);
    expect(view.children[0]!.href).toBe('e2e%20%3Cchromium%3E%20%26%20%22more%22/index.html');
    expect(view.breadcrumbs).toEqual([
      { name: 'octo-org', href: '../../index.html' },
      { name: 'octo-repo', href: '../index.html' },
    ]);
    const html = renderParent(view);
    expect(html).not.toContain('<chromium>');
    expect(html).toContain('e2e &lt;chromium&gt; &amp; &quot;more&quot;/');
  });

  it('orders children published in the same second by name, descending and digit-aware', () => {
    const second = new Date('2026-11-27T10:00:00Z');
    const runs = buildParentView(['o', 'r'], ['999-1', '1001-1', '1002-1', '1001-2'].map((name) => ({ name, updatedAt: second })));
    expect(runs.children.map((c) => c.name)).toEqual(['1002-1', '1001-2', '1001-1', '999-1']);
  });

  it('matches its golden file', async () => {
    const html = renderParent(view);
    const golden = path.join(goldenDir, '..', 'parent', 'run.html');
    if (update) {
      await mkdir(path.dirname(golden), { recursive: true });
      await writeFile(golden, html);
    }
    expect(html).toBe(await readFile(golden, 'utf8'));
  });
});

describe('a directory with more files than fit a page', () => {
  const many = buildPages({
    testName: 'big',
    uploadedAt: new Date('2026-11-27T10:00:00Z'),
    manifestPath: 'manifest.json',
    failed: [],
    pageSize: 2,
    files: [
      ...['e.txt', 'a.txt', 'd.txt', 'b.txt', 'c.txt'].map((name) => ({ path: `logs/${name}`, size: 1, contentType: 'text/plain; charset=utf-8' })),
      { path: 'logs/sub/x.txt', size: 1, contentType: 'text/plain; charset=utf-8' },
      { path: 'report/index.html', size: 1, contentType: 'text/html; charset=utf-8' },
      ...['1.js', '2.js', '3.js'].map((name) => ({ path: `report/${name}`, size: 1, contentType: 'text/javascript; charset=utf-8' })),
    ],
  });

  it('is split into pages in name order, the first keeping its usual name', () => {
    const logs = many.filter((p) => p.dir === 'logs');
    expect(logs.map((p) => p.path)).toEqual(['logs/index.html', 'logs/_page-2.html', 'logs/_page-3.html']);
    expect(logs.map((p) => p.view.files.map((f) => f.name))).toEqual([['a.txt', 'b.txt'], ['c.txt', 'd.txt'], ['e.txt']]);
    expect(logs[0]!.view.dirs.map((d) => d.name)).toEqual(['sub']);
    expect(logs[1]!.view.dirs).toEqual([]);
    expect(logs[2]!.view.pagination).toEqual([
      { label: '1', href: 'index.html', current: false },
      { label: '2', href: '_page-2.html', current: false },
      { label: '3', href: '_page-3.html', current: true },
    ]);
    const html = renderDirectory(logs[1]!.view);
    expect(html).toContain('<nav aria-label="Pages" class="pages"><ol><li><a href="index.html">1</a></li><li><span aria-current="page">2</span></li><li><a href="_page-3.html">3</a></li></ol></nav>');
  });

  it('names the extra pages of a report folder\'s listing after the listing', () => {
    expect(many.filter((p) => p.dir === 'report').map((p) => p.path)).toEqual(['report/_listing.html', 'report/_listing-2.html']);
  });

  it('stays on one page when the files fit', () => {
    expect(many.filter((p) => p.dir === 'logs/sub').map((p) => p.view.pagination)).toEqual([undefined]);
  });
});

describe('link-mode presigned and HTML reports', () => {
  const presigned = buildPages({ ...facts, presigned: true });

  it.each(['index.html', 'report/_listing.html'])('%s says the report needs read access, and matches its golden file', async (pagePath) => {
    const html = renderDirectory(presigned.find((p) => p.path === pagePath)!.view);
    const golden = path.join(goldenDir, '..', 'pages-presigned', pagePath);
    if (update) {
      await mkdir(path.dirname(golden), { recursive: true });
      await writeFile(golden, html);
    }
    expect(html).toBe(await readFile(golden, 'utf8'));
    expect(html).toMatch(pagePath === 'index.html' ? /open report<\/strong><\/a> <small>\(needs read access to the bucket\)<\/small>/ : /which cannot be presigned: it needs read access to the bucket to show fully/);
  });

  it('says nothing of the kind in link-mode public, or for a report with no files of its own', () => {
    for (const page of pages) expect(renderDirectory(page.view)).not.toContain('read access');
    const alone = buildPages({ ...facts, presigned: true, files: [{ path: 'report/index.html', size: 1, contentType: 'text/html' }] });
    for (const page of alone) expect(renderDirectory(page.view)).not.toContain('read access');
  });

  it('names the outermost report folders that hold files besides their index.html', () => {
    const f = (...paths: string[]) => paths.map((p) => ({ path: p }));
    expect(reportsWithOwnFiles(facts.files)).toEqual(['report/']);
    expect(reportsWithOwnFiles(f('a/index.html', 'b/index.html', 'b/app.js', 'c/x.txt'))).toEqual(['b/']);
    // A coverage report has an index.html in every folder: it is one report.
    expect(reportsWithOwnFiles(f('coverage/index.html', 'coverage/src/index.html', 'coverage/src/a.ts.html', 'coverage/base.css'))).toEqual(['coverage/']);
    expect(reportsWithOwnFiles(f('index.html', 'logs/run.log'))).toEqual(['']);
    expect(reportsWithOwnFiles(f('index.html'))).toEqual([]);
  });
});

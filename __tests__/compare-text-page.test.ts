// The comparison page of a changed text file (src/compare/text-page.ts), rendered from fixed
// diffs and compared with reviewed golden files in __fixtures__/golden/compare/ (`npm run
// update-golden` rewrites them; review the diff): a log with a hostile line, a CSV with changed
// cells, a diff cut short, and two texts too different to diff. Beside the golden files, the
// facts a reviewer could miss in them: everything escaped, no script, the counts and notes.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffText } from '../src/compare/text-diff.js';
import { MAX_LINE_CHARS, renderTextPage, textPageView } from '../src/compare/text-page.js';
import { COMPARE_CSP } from '../src/report/csp.js';
import type { ComparisonPageHead } from '../src/compare/types.js';

const goldenDir = path.resolve(import.meta.dirname, '../__fixtures__/golden/compare');
const update = process.env['UPDATE_GOLDEN'] === '1';

/** The head the lead's wiring gives a page at `_compare/files/<path>.html`. */
function headFor(filePath: string): ComparisonPageHead {
  const depth = filePath.split('/').length + 1; // _compare/files/ and the file's own folders
  const up = '../'.repeat(depth);
  const encoded = filePath.split('/').map(encodeURIComponent).join('/');
  return {
    title: `${filePath} · changes · unit <tests>`,
    testName: 'unit <tests>',
    path: filePath,
    breadcrumbs: [
      { name: 'unit <tests>', href: `${up}index.html` },
      { name: 'changes', href: `${'../'.repeat(depth - 1)}index.html` },
    ],
    baseLabel: 'main @ 2f1e4c9 (run #120)',
    baseNote: 'The newest publication on main: the merge base 1a2b3c4 has none.',
    baseHref: `${up}../../1658800000-1/unit/${encoded}`,
    headHref: `${up}${encoded}`,
  };
}

const logBase = ['starting suite', 'test a ... ok', 'test b ... ok', 'test c ... ok', 'test d ... ok', 'test e ... ok', 'done: 5 passed', ''].join('\r\n');
const logHead = ['starting suite', 'test a ... ok', 'test b ... FAILED <script>alert(1)</script>', '  expected 1, got 2 — ping @mention', 'test c ... ok', 'test d ... ok', 'test e ... ok', `done: 4 passed, 1 failed ${'very-long-token'.repeat(20)}`].join('\n');
const csvBase = 'model,loss,"note, quoted"\nresnet,0.31,baseline\nvit,0.40,"multi\nline"\n';
const csvHead = 'model,loss,"note, quoted"\nresnet,0.29,baseline\nvit,0.40,"multi\nline <b>bold</b>"\n';
const many = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i + 1) + '\n').join('');

const cases = [
  { name: 'log.html', path: 'logs/run <1>.log', base: logBase, head: logHead, options: {} },
  { name: 'csv.html', path: 'metrics/scores.csv', base: csvBase, head: csvHead, options: { delimiter: ',' as const } },
  { name: 'truncated.html', path: 'out/trace.txt', base: many(400, (i) => `step ${i}`), head: many(400, (i) => (i % 4 === 0 ? `step ${i} changed` : `step ${i}`)), options: { maxLines: 30 } },
  {
    name: 'too-different.html',
    path: 'out/random.txt',
    base: many(5000, (i) => `a${(i * 7919) % 10007}`),
    head: many(4000, (i) => `b${(i * 104729) % 10007}`),
    options: {},
  },
];

const rendered = new Map(
  cases.map((c) => {
    const diff = diffText(c.base, c.head, c.options);
    return [c.name, { diff, html: renderTextPage(textPageView(headFor(c.path), diff, { base: Buffer.byteLength(c.base), head: Buffer.byteLength(c.head) })) }];
  }),
);
const page = (name: string): string => rendered.get(name)!.html;

describe('the comparison page of a text file', () => {
  it.each(cases.map((c) => c.name))('%s matches its golden file', async (name) => {
    const golden = path.join(goldenDir, name);
    if (update) {
      await mkdir(goldenDir, { recursive: true });
      await writeFile(golden, page(name));
    }
    expect(page(name)).toBe(await readFile(golden, 'utf8'));
  });

  it('escapes every line, cell and name: a hostile line is text', () => {
    const log = page('log.html');
    expect(log).not.toContain('<script>alert(1)</script>');
    expect(log).toContain('test b ... FAILED &lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    expect(log).toContain('ping @mention');
    expect(log).toContain('<title>logs&#x2F;run &lt;1&gt;.log · changes · unit &lt;tests&gt;</title>');
    expect(page('csv.html')).toContain('line &lt;b&gt;bold&lt;&#x2F;b&gt;');
    for (const { html } of rendered.values()) {
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain(`content="${COMPARE_CSP.replaceAll("'", '&#39;')}"`);
    }
    expect(COMPARE_CSP).toContain("script-src 'none'");
  });

  it('shows the counts, both line numbers, the hunk header and the marks', () => {
    const log = page('log.html');
    expect(log).toContain('<span class="plus">+3</span> <span class="minus">−2</span> lines');
    expect(log).toContain('@@ -1,7 +1,8 @@');
    expect(log).toContain('<tr class="removed"><td class="ln">3</td><td class="ln"></td><td class="mark">−</td><td class="code">test b ... ok</td></tr>');
    expect(log).toContain('<tr class="added"><td class="ln"></td><td class="ln">4</td><td class="mark">+</td><td class="code">  expected 1, got 2 — ping @mention</td></tr>');
    expect(log).toContain('<tr class="context"><td class="ln">4</td><td class="ln">5</td><td class="mark"></td><td class="code">test c ... ok</td></tr>');
    // The head ends without a newline, its base (CRLF) with one.
    expect(log).toMatch(/<td class="ln"><\/td><td class="ln">8<\/td><td class="mark">\+<\/td><td class="code">done: 4 passed[^<]*<span class="eof">no newline at end of file<\/span>/);
    expect(log).toContain('The line endings changed (CRLF → LF)');
  });

  it('lists the changed cells of a CSV', () => {
    const csv = page('csv.html');
    expect(csv).toContain('2 cells changed');
    expect(csv).toContain('<tr><td class="num">1</td><td class="column">loss</td><td class="value minus">0.31</td><td class="value plus">0.29</td></tr>');
    expect(csv).toContain('<td class="column">note, quoted</td>');
  });

  it('says where the diff is cut and links both versions', () => {
    const cut = page('truncated.html');
    expect(rendered.get('truncated.html')!.diff.truncated).toBe(true);
    expect(cut).toContain('<span class="plus">+100</span> <span class="minus">−100</span> lines');
    expect(cut).toContain('The diff is cut after its first 30 lines: open the <a href="..&#x2F;..&#x2F;..&#x2F;..&#x2F;..&#x2F;1658800000-1&#x2F;unit&#x2F;out&#x2F;trace.txt">base version</a> and <a href="..&#x2F;..&#x2F;..&#x2F;out&#x2F;trace.txt">this version</a> for the rest.');
    expect(cut.match(/<tr class="(added|removed|context)">/g)).toHaveLength(30);
  });

  it('says two texts are too different, with their line counts, and shows no diff', () => {
    const far = page('too-different.html');
    expect(rendered.get('too-different.html')!.diff.tooDifferent).toEqual({ baseLines: 5000, headLines: 4000 });
    expect(far).toContain('too different to compare line by line (5,000 lines → 4,000 lines)');
    expect(far).not.toContain('class="diff"');
    expect(far).not.toContain('class="plus"');
  });

  it('cuts a line too long to show, never inside a character, and says so', () => {
    // A minified document on one line; an emoji (two UTF-16 units) straddles the cut.
    const long = 'x'.repeat(MAX_LINE_CHARS - 1) + '😀' + 'y'.repeat(10_000);
    const view = textPageView(headFor('dist/app.min.js'), diffText('short\n', `${long}\n`), { base: 6, head: long.length + 1 });
    const added = view.hunks[0]!.lines.find((l) => l.kind === 'added')!;
    expect(added.text).toBe('x'.repeat(MAX_LINE_CHARS - 1));
    expect(added.more).toBe('10,002');
    expect(view.hunks[0]!.lines.find((l) => l.kind === 'removed')!.more).toBe('');
    const html = renderTextPage(view);
    expect(html).toContain('<span class="eof">… 10,002 more characters</span>');
    expect(html).toContain('Lines longer than 5,000 characters are cut: the files have them whole.');
    expect(html.length).toBeLessThan(20_000);
  });

  it('says when no line changed though the bytes did', () => {
    const html = renderTextPage(textPageView(headFor('a.txt'), diffText('a\r\nb\r\n', 'a\nb\n'), { base: 6, head: 4 }));
    expect(html).toContain('No line changed: the files differ only in their line endings.');
    expect(html).toContain('<span class="plus">+0</span> <span class="minus">−0</span> lines · 6 B → 4 B');
    expect(html).not.toContain('class="diff"');
  });
});

// The JUnit reader on real reports from four tools (__fixtures__/junit/, see its README for how
// each was made): exact counts, failures, messages and attachments; the sniff; hostile reports
// (entity expansion, 200 MB, malformed, deep nesting, markup in names); and the merge of a run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJUnit } from '../src/results/junit.js';
import { isJUnitFile, parseJUnitFile } from '../src/results/junit-file.js';
import { isJUnit } from '../src/results/junit-sniff.js';
import { mergeResults } from '../src/results/merge.js';
import type { ParseProblem, ResultFile } from '../src/results/types.js';
import { MAX_ATTRIBUTES, MAX_NESTING, parseXml } from '../src/results/xml-tree.js';

const FIXTURES = path.resolve(import.meta.dirname, '../__fixtures__/junit');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const tmp = mkdtempSync(path.join(tmpdir(), 'pto-junit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const results = (parsed: ResultFile | ParseProblem): ResultFile => {
  if (parsed.kind === 'problem') throw new Error(`expected results, got problem: ${parsed.reason}`);
  return parsed;
};
const problem = (parsed: ResultFile | ParseProblem): string => {
  if (parsed.kind !== 'problem') throw new Error(`expected a problem, got ${parsed.total} tests`);
  expect(parsed.reason).not.toMatch(/\n/);
  return parsed.reason;
};
const counts = ({ passed, failed, skipped, flaky, total, durationMs }: ResultFile) => ({ passed, failed, skipped, flaky, total, durationMs });

describe('reports written by real tools', () => {
  it('Vitest: failures, skip and todo as skipped, a retried pass as a plain pass', () => {
    const file = results(parseJUnit(fixture('vitest/results.xml'), 'vitest/results.xml'));
    expect(counts(file)).toEqual({ passed: 2, failed: 2, skipped: 2, flaky: 0, total: 6, durationMs: 8 });
    expect(file.failures).toEqual([
      { suite: 'cart.test.ts', classname: 'cart.test.ts', name: 'cart > includes tax in the total', message: 'total with tax: expected 100 to be 110 // Object.is equality', reportPath: 'vitest/results.xml', attachments: [] },
      { suite: 'cart.test.ts', classname: 'cart.test.ts', name: 'cart > <script>alert(1)</script> @octocat > throws on null', message: "Cannot read properties of null (reading 'x')", reportPath: 'vitest/results.xml', attachments: [] },
    ]);
  });

  it('pytest: a failure and a setup error are failed, skip and xfail skipped, the captured attachment line kept', () => {
    const file = results(parseJUnit(fixture('pytest/results.xml'), 'reports/pytest.xml'));
    expect(counts(file)).toEqual({ passed: 3, failed: 2, skipped: 2, flaky: 0, total: 7, durationMs: 32 });
    expect(file.failures).toEqual([
      // The message attribute has two lines ("AssertionError: …\nassert 100 == 110"): the first is kept.
      { suite: 'pytest', classname: 'test_cart', name: 'test_total_includes_tax', message: 'AssertionError: total with tax', reportPath: 'reports/pytest.xml', attachments: ['plots/total.png'] },
      { suite: 'pytest', classname: 'test_cart', name: 'test_reads_orders', message: 'failed on setup with "RuntimeError: database <unreachable> @octocat"', reportPath: 'reports/pytest.xml', attachments: [] },
    ]);
  });

  it('Playwright: retried failures count once, a pass after a failed attempt is flaky, attachments from CDATA', () => {
    const file = results(parseJUnit(fixture('playwright/results.xml'), 'playwright/results.xml'));
    expect(counts(file)).toEqual({ passed: 2, failed: 2, skipped: 1, flaky: 1, total: 5, durationMs: 2617 });
    expect(file.failures).toEqual([
      {
        suite: 'checkout.spec.mjs',
        classname: 'checkout.spec.mjs',
        name: 'checkout › shows the total',
        message: 'total with tax',
        reportPath: 'playwright/results.xml',
        attachments: [
          'test-results/checkout-checkout-shows-the-total/attachments/total-5628aeefa624e2f72aebfe980a3d9765429366f2.txt',
          'test-results/checkout-checkout-shows-the-total/error-context.md',
          'test-results/checkout-checkout-shows-the-total-retry1/attachments/total-addf9cc03bb012c6d324a3ed6d8073e5077f823d.txt',
          'test-results/checkout-checkout-shows-the-total-retry1/error-context.md',
        ],
      },
      {
        suite: 'checkout.spec.mjs',
        classname: 'checkout.spec.mjs',
        name: 'checkout › <img src=x onerror=alert(1)> @octocat',
        // Only the first line of "<b>boom</b> @octocat\nsecond line", verbatim: escaping is the renderers' job.
        message: '<b>boom</b> @octocat',
        reportPath: 'playwright/results.xml',
        attachments: ['test-results/checkout-checkout-img-src-x-onerror-alert-1-octocat/error-context.md', 'test-results/checkout-checkout-img-src-x-onerror-alert-1-octocat-retry1/error-context.md'],
      },
    ]);
  });

  it('Maven Surefire: reruns still failed, <flakyFailure> flaky, counts from the cases not its miscounted tests="3"', () => {
    const xml = fixture('surefire/TEST-demo.CartTest.xml');
    expect(xml.toString('utf8')).toMatch(/<testsuite [^>]*tests="3"/);
    const file = results(parseJUnit(xml, 'target/surefire-reports/TEST-demo.CartTest.xml'));
    expect(counts(file)).toEqual({ passed: 2, failed: 3, skipped: 1, flaky: 1, total: 6, durationMs: 11 });
    const reportPath = 'target/surefire-reports/TEST-demo.CartTest.xml';
    expect(file.failures).toEqual([
      { suite: 'demo.CartTest', classname: 'demo.CartTest', name: 'totalIncludesTax', message: 'total with tax ==> expected: <110> but was: <100>', reportPath, attachments: [] },
      { suite: 'demo.CartTest', classname: 'demo.CartTest', name: 'throwsOnNull', message: 'Cannot invoke "Object.toString()" because "o" is null', reportPath, attachments: [] },
      { suite: 'demo.CartTest', classname: 'demo.CartTest', name: 'writesScreenshot', message: '<b>@octocat</b> & friends', reportPath, attachments: ['target/screens/cart.png'] },
    ]);
  });

  it('gotestsum --rerun-fails: one case per attempt counts once, a later pass is flaky, Go output as the message', () => {
    const file = results(parseJUnit(fixture('gotestsum/results.xml'), 'go.xml'));
    // 14 <testcase> elements: 7 tests, three of them failing in all three runs, one flaky.
    expect(counts(file)).toEqual({ passed: 3, failed: 3, skipped: 1, flaky: 1, total: 7, durationMs: 2651 });
    expect(file.failures).toEqual([
      // The attachment line logged before the error is not the message; the attachment is kept.
      { suite: 'example.com/cart', classname: 'example.com/cart', name: 'TestTotalIncludesTax', message: 'cart_test.go:17: total with tax: got 100, want 110', reportPath: 'go.xml', attachments: ['plots/total.png'] },
      { suite: 'example.com/cart', classname: 'example.com/cart', name: 'TestMarkup/<b>bold</b>_@octocat', message: 'cart_test.go:35: <script>alert(1)</script>', reportPath: 'go.xml', attachments: [] },
      // A parent test fails with its subtest and prints nothing of its own.
      { suite: 'example.com/cart', classname: 'example.com/cart', name: 'TestMarkup', message: 'Failed', reportPath: 'go.xml', attachments: [] },
    ]);
  });

  it('every sample is recognised by its head alone', () => {
    for (const name of ['vitest/results.xml', 'pytest/results.xml', 'playwright/results.xml', 'surefire/TEST-demo.CartTest.xml', 'gotestsum/results.xml']) {
      expect(isJUnit(fixture(name).subarray(0, 4096)), name).toBe(true);
    }
  });
});

describe('isJUnit', () => {
  const sniff = (text: string | Buffer): boolean => isJUnit(typeof text === 'string' ? Buffer.from(text) : text);

  it('sees the root past a BOM, the declaration, comments, a processing instruction and a DOCTYPE', () => {
    expect(sniff('\uFEFF<?xml version="1.0"?>\n<!-- made by a tool -->\n<?xml-stylesheet href="x"?>\n<testsuites>')).toBe(true);
    expect(sniff('<!DOCTYPE testsuite [ <!ELEMENT testsuite ANY> ]>\n<testsuite name="x">')).toBe(true);
    expect(sniff('<testsuite/>')).toBe(true);
    expect(sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<testsuites>', 'utf16le')]))).toBe(true);
  });

  it('refuses other roots, look-alike names and a head that ends before the root', () => {
    expect(sniff('<html><testsuite/></html>')).toBe(false);
    expect(sniff('<testsuitesX>')).toBe(false);
    expect(sniff('<!-- <testsuite> -->')).toBe(false);
    expect(sniff('<?xml version="1.0"?><!-- a comment longer than the head')).toBe(false);
    expect(sniff('testsuite')).toBe(false);
    expect(sniff('')).toBe(false);
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe(false);
  });
});

describe('hostile and broken reports', () => {
  it('billion laughs: a DOCTYPE with nested entities is a problem, found at once, nothing expanded', () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE testsuite [<!ENTITY lol0 "lol">${entities}]><testsuite name="&lol10;"><testcase name="&lol10;"/></testsuite>`;
    const started = performance.now();
    expect(problem(parseJUnit(xml, 'lol.xml'))).toMatch(/DOCTYPE/);
    expect(performance.now() - started).toBeLessThan(1000);
    // Below that refusal, the parser itself expands no entity either (its processing is off).
    const declared = parseXml('<!DOCTYPE testsuite [<!ENTITY x "expanded">]><testsuite name="&x;">&x;</testsuite>');
    expect(declared).toEqual({ testsuite: [{ '@_name': '&x;', '#text': '&x;' }] });
  });

  it('references to undeclared entities stay as written; predefined ones and character references decode once', () => {
    const file = results(parseJUnit('<testsuite name="a &lol; &#x3C;b&#62; &amp;lt;"><testcase name="t"><failure message="&lol;"/></testcase></testsuite>', 'r.xml'));
    expect(file.failures[0]).toMatchObject({ suite: 'a &lol; <b> &lt;', message: '&lol;' });
  });

  it('a 200 MB report is refused from its size, quickly and without reading it', async () => {
    const big = path.join(tmp, 'big.xml');
    writeFileSync(big, '<?xml version="1.0"?>\n<testsuites>\n');
    truncateSync(big, 200 * 1024 * 1024); // sparse: 200 MB of file, no 200 MB write
    const before = process.memoryUsage();
    const started = performance.now();
    expect(await isJUnitFile(big)).toBe(true);
    expect(problem(await parseJUnitFile(big, 'big.xml'))).toBe('too large (200 MB, the limit is 50.0 MB): not read');
    expect(performance.now() - started).toBeLessThan(1000);
    const after = process.memoryUsage();
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(8 * 1024 * 1024);
  });

  it('the size bound holds for text passed in and for a file just over a smaller limit', async () => {
    expect(problem(parseJUnit('<testsuite/>', 'r.xml', { maxBytes: 5 }))).toMatch(/^too large \(12 B, the limit is 5 B\)/);
    const file = path.join(tmp, 'over.xml');
    writeFileSync(file, `<testsuite>${Array.from({ length: 100 }, (_, i) => `<testcase name="t${i}"/>`).join('')}</testsuite>`);
    expect(problem(await parseJUnitFile(file, 'over.xml', { maxBytes: 1000 }))).toMatch(/^too large/);
    expect(results(await parseJUnitFile(file, 'over.xml', { maxBytes: 10_000 })).passed).toBe(100);
  });

  it('malformed XML, another root, an empty file and a missing file are one-line problems', async () => {
    expect(problem(parseJUnit('<testsuite><testcase name="a"><failure>', 'r.xml'))).toMatch(/^not well-formed XML: .* \(line 1\)$/);
    expect(problem(parseJUnit('<testsuite><testcase></testsuite>', 'r.xml'))).toMatch(/^not well-formed XML/);
    expect(problem(parseJUnit('<html><body/></html>', 'r.xml'))).toBe('its root element is <html>, not <testsuites> or <testsuite>');
    expect(problem(parseJUnit('', 'r.xml'))).toBe('no root element');
    expect(problem(await parseJUnitFile(path.join(tmp, 'absent.xml'), 'absent.xml'))).toBe('cannot be read (ENOENT)');
    expect(await isJUnitFile(path.join(tmp, 'absent.xml'))).toBe(false);
  });

  it('a FIFO (whose open would wait for a writer) and a directory are refused without blocking', async () => {
    const fifo = path.join(tmp, 'pipe.xml');
    execFileSync('mkfifo', [fifo]);
    expect(problem(await parseJUnitFile(fifo, 'pipe.xml'))).toBe('not a regular file: not read');
    expect(await isJUnitFile(fifo)).toBe(false);
    expect(problem(await parseJUnitFile(tmp, 'dir.xml'))).toBe('not a regular file: not read');
  });

  it('deep nesting and prototype-polluting element names are problems, not crashes', () => {
    const nested = (suites: number): string => `<testsuites>${'<testsuite name="s">'.repeat(suites)}<testcase name="x"/>${'</testsuite>'.repeat(suites)}</testsuites>`;
    // The bound (xml-tree.ts MAX_NESTING, counted below the root): 100 nested suites are read, 101 are not.
    expect(results(parseJUnit(nested(MAX_NESTING), 'r.xml')).passed).toBe(1);
    expect(problem(parseJUnit(nested(MAX_NESTING + 1), 'r.xml'))).toBe('elements nested too deep (over 100 levels): not read');
    // A million levels (32 MB, under the size limit): refused as the parser goes, no stack overflow.
    expect(problem(parseJUnit(nested(1_000_000), 'r.xml'))).toBe('elements nested too deep (over 100 levels): not read');
    expect(problem(parseJUnit('<testsuite><__proto__ polluted="yes"/></testsuite>', 'r.xml'))).toMatch(/cannot be parsed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an element crowded with attributes is a problem found before parsing, quoted = and CDATA not counted', () => {
    const attrs = (n: number): string => Array.from({ length: n }, (_, i) => ` a${i}="v"`).join('');
    const suite = (n: number): string => `<testsuite name="s"${attrs(n - 1)}><testcase name="x"/></testsuite>`;
    expect(results(parseJUnit(suite(MAX_ATTRIBUTES), 'r.xml')).passed).toBe(1);
    expect(problem(parseJUnit(suite(MAX_ATTRIBUTES + 1), 'r.xml'))).toBe('an element with over 1000 attributes: not read');
    // One million attributes (12 MB) took 16 s through the validator and parser: the scan refuses it first.
    expect(problem(parseJUnit(suite(1_000_000), 'r.xml'))).toBe('an element with over 1000 attributes: not read');
    // `=` inside values, CDATA, comments and text is not an attribute.
    const equals = '='.repeat(5_000);
    const xml = `<testsuite name="${equals}"><!-- ${equals} --><testcase name="x"><system-out><![CDATA[<b ${equals}>]]>${equals}</system-out></testcase></testsuite>`;
    expect(results(parseJUnit(xml, 'r.xml')).passed).toBe(1);
  });

  it('names and messages with markup, mentions and JavaScript keys are kept verbatim', () => {
    const xml = `<testsuites><testsuite name="&lt;/table&gt;@team"><testcase name="__proto__ &lt;img src=x onerror=alert(1)&gt; @octocat" classname="constructor" file="a&amp;b.ts"><failure><![CDATA[

  **bold** <script>alert(1)</script> &amp; @everyone
second]]></failure></testcase></testsuite></testsuites>`;
    const file = results(parseJUnit(xml, 'r.xml'));
    expect(file.failures).toEqual([
      { suite: '</table>@team', name: '__proto__ <img src=x onerror=alert(1)> @octocat', classname: 'constructor', file: 'a&b.ts', message: '**bold** <script>alert(1)</script> &amp; @everyone', reportPath: 'r.xml', attachments: [] },
    ]);
  });

  it('a very long message is cut to its first line and 300 characters', () => {
    const file = results(parseJUnit(`<testsuite><testcase name="t"><failure message="${'x'.repeat(5000)}&#10;next"/></testcase></testsuite>`, 'r.xml'));
    expect(file.failures[0]!.message).toHaveLength(300);
    expect(file.failures[0]!.message.endsWith('x…')).toBe(true);
  });
});

describe('dialect details', () => {
  it('nested suites: cases belong to the innermost suite and inherit its file; durations from the root, else summed', () => {
    const xml = `<testsuites><testsuite name="outer" file="spec/a.js"><testsuite name="inner" time="1.5"><testcase name="x" time="1.5"><error message="boom"/></testcase></testsuite><testcase name="y" time="0.25"/></testsuite><testsuite name="b" time="1,000.5"><testcase name="z"><skipped/></testcase></testsuite></testsuites>`;
    const file = results(parseJUnit(xml, 'r.xml'));
    expect(counts(file)).toEqual({ passed: 1, failed: 1, skipped: 1, flaky: 0, total: 3, durationMs: 1_002_250 });
    expect(file.failures).toEqual([{ suite: 'inner', name: 'x', file: 'spec/a.js', message: 'boom', reportPath: 'r.xml', attachments: [] }]);
    expect(results(parseJUnit('<testsuites time="2"><testsuite time="9"/></testsuites>', 'r.xml')).durationMs).toBe(2000);
    const loose = results(parseJUnit('<testsuites name="all"><testcase name="alone"><failure message="m"/></testcase><testsuite name="s"><testcase name="t"/></testsuite></testsuites>', 'r.xml'));
    expect(counts(loose)).toMatchObject({ passed: 1, failed: 1, total: 2 });
    expect(loose.failures[0]).toMatchObject({ suite: 'all', name: 'alone' });
  });

  it('a failure without a message takes its text, then its type; <flakyError> marks a pass flaky', () => {
    const xml = `<testsuite><testcase name="a"><failure type="AssertionError">

   expected 1   
</failure></testcase><testcase name="b"><error type="Timeout"/></testcase><testcase name="c"><flakyError message="x"/><system-err>[[ATTACHMENT|logs/c.txt]]</system-err></testcase></testsuite>`;
    const file = results(parseJUnit(xml, 'r.xml'));
    expect(file.failures.map((f) => f.message)).toEqual(['expected 1', 'Timeout']);
    expect(counts(file)).toMatchObject({ passed: 1, failed: 2, flaky: 1 });
  });

  it('repeated cases: all attempts failed is one failure with every attempt’s attachments; a distinct class is another test', () => {
    const attempt = (n: number): string => `<testcase classname="c" name="t"><failure message="try ${n}"/><system-out>[[ATTACHMENT|shot-${n}.png]]</system-out></testcase>`;
    const file = results(parseJUnit(`<testsuite name="s">${attempt(1)}${attempt(2)}<testcase classname="d" name="t"/></testsuite>`, 'r.xml'));
    expect(counts(file)).toMatchObject({ passed: 1, failed: 1, flaky: 0, total: 2 });
    expect(file.failures).toEqual([{ suite: 's', classname: 'c', name: 't', message: 'try 1', reportPath: 'r.xml', attachments: ['shot-1.png', 'shot-2.png'] }]);
  });

  it('a UTF-16 report with its byte-order mark reads like UTF-8', () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><testsuite name="ü"><testcase name="t"><failure message="ß"/></testcase></testsuite>';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(Buffer.from(xml, 'utf16le')).swap16()]);
    for (const bytes of [le, be]) expect(results(parseJUnit(bytes, 'r.xml')).failures[0]).toMatchObject({ suite: 'ü', message: 'ß' });
  });

  it('a report that declares ISO-8859-1 is decoded as such; an unknown or impossible encoding reads as UTF-8', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><testsuite name="Gr\u00fc\u00dfe"><testcase name="t"><failure message="\u00e9"/></testcase></testsuite>', 'latin1');
    expect(results(parseJUnit(latin1, 'r.xml')).failures[0]).toMatchObject({ suite: 'Grüße', message: 'é' });
    const unknown = Buffer.from('<?xml version="1.0" encoding="x-made-up"?><testsuite name="ü"><testcase name="t"><failure message="m"/></testcase></testsuite>', 'utf8');
    expect(results(parseJUnit(unknown, 'r.xml')).failures[0]).toMatchObject({ suite: 'ü' });
    const mislabelled = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><testsuite name="ü"><testcase name="t"><failure message="m"/></testcase></testsuite>', 'utf8');
    expect(results(parseJUnit(mislabelled, 'r.xml')).failures[0]).toMatchObject({ suite: 'ü' });
  });
});

describe('mergeResults', () => {
  it('sums the reports, keeps the problems, and sorts failures the same whatever the order found', () => {
    const parsed = [
      parseJUnit(fixture('surefire/TEST-demo.CartTest.xml'), 'surefire.xml'),
      parseJUnit('<html/>', 'page.html'),
      parseJUnit(fixture('vitest/results.xml'), 'vitest.xml'),
      parseJUnit(fixture('playwright/results.xml'), 'playwright.xml'),
    ];
    const run = mergeResults(parsed);
    expect(run.files.map((f) => f.reportPath)).toEqual(['surefire.xml', 'vitest.xml', 'playwright.xml']);
    expect(run.problems).toEqual([{ kind: 'problem', reportPath: 'page.html', reason: 'its root element is <html>, not <testsuites> or <testsuite>' }]);
    expect({ passed: run.passed, failed: run.failed, skipped: run.skipped, flaky: run.flaky, total: run.total, durationMs: run.durationMs }).toEqual({
      passed: 6,
      failed: 7,
      skipped: 4,
      flaky: 2,
      total: 17,
      durationMs: 11 + 8 + 2617,
    });
    expect(run.failures.map((f) => `${f.suite} | ${f.name}`)).toEqual([
      'cart.test.ts | cart > <script>alert(1)</script> @octocat > throws on null',
      'cart.test.ts | cart > includes tax in the total',
      'checkout.spec.mjs | checkout › <img src=x onerror=alert(1)> @octocat',
      'checkout.spec.mjs | checkout › shows the total',
      'demo.CartTest | throwsOnNull',
      'demo.CartTest | totalIncludesTax',
      'demo.CartTest | writesScreenshot',
    ]);
    expect(mergeResults([...parsed].reverse()).failures).toEqual(run.failures);
  });

  it('no reports: all zero', () => {
    expect(mergeResults([])).toEqual({ files: [], problems: [], passed: 0, failed: 0, skipped: 0, flaky: 0, total: 0, durationMs: 0, failures: [] });
  });
});

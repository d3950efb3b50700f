import { describe, expect, it } from 'vitest';
import type { FoundFile } from '../src/files/find-files.js';
import {
  BINARY_FALLBACK_TYPE,
  TEXT_FALLBACK_TYPE,
  baseMetadata,
  contentTypeFor,
  encodeMetadataValue,
  encodeMetadataValueWithin,
  fitMetadata,
  isActiveContent,
  METADATA_LIMIT,
  metadataBytes,
  planUploads,
  sniffContentType,
  type PublicationInfo,
} from '../src/files/plan.js';
import type { RunContext } from '../src/inputs.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('contentTypeFor', () => {
  it('gives image types for .png and .jpg', () => {
    expect(contentTypeFor('plots/loss.png')).toBe('image/png');
    expect(contentTypeFor('photo.jpg')).toBe('image/jpeg');
    expect(contentTypeFor('PHOTO.JPG')).toBe('image/jpeg');
  });

  it('gives a JavaScript type for .js and .mjs', () => {
    expect(contentTypeFor('report/app.js')).toMatch(/^(text|application)\/javascript\b/);
    expect(contentTypeFor('report/app.mjs')).toMatch(/^(text|application)\/javascript\b/);
  });

  it('gives text/css; charset=utf-8 for .css', () => {
    expect(contentTypeFor('report/style.css')).toBe('text/css; charset=utf-8');
  });

  it('gives application/gzip for .json.gz, with no charset or encoding', () => {
    expect(contentTypeFor('data/results.json.gz')).toBe('application/gzip');
  });

  it('gives text types with a lower-case charset=utf-8 for .log, .csv, .txt and .html', () => {
    expect(contentTypeFor('logs/run.log')).toMatch(/^text\/[a-z-]+; charset=utf-8$/);
    // text/csv would be downloaded by browsers: served as plain text to open in the tab
    expect(contentTypeFor('tables/metrics.csv')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('notes.md')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('conf.yaml')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('page.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('app.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('notes.txt')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('report/index.html')).toBe('text/html; charset=utf-8');
  });

  it('returns undefined for an unknown extension', () => {
    expect(contentTypeFor('output.zzqx')).toBeUndefined();
  });

  it('returns undefined for a name without an extension', () => {
    expect(contentTypeFor('logs/stdout')).toBeUndefined();
    expect(contentTypeFor('Makefile')).toBeUndefined();
  });

  // Known bug: mime-types' lookup() treats a bare name as an extension, so an extension-less
  // file called `json`, `html`, `png`, ... gets that type instead of being sniffed.
  it('does not read an extension-less file name as an extension (out/json, out/html)', () => {
    expect(contentTypeFor('out/json')).toBeUndefined();
    expect(contentTypeFor('out/html')).toBeUndefined();
  });

  it('judges the file name only, not the directories above it', () => {
    expect(contentTypeFor('report.html/stdout')).toBeUndefined();
    expect(contentTypeFor('a.b/c.png')).toBe('image/png');
  });
});

describe('sniffContentType', () => {
  it('gives text/plain; charset=utf-8 for UTF-8 text', () => {
    expect(sniffContentType(utf8('PASS test_a\nFAIL test_b — 3 ms ✓\n'))).toBe(TEXT_FALLBACK_TYPE);
    expect(TEXT_FALLBACK_TYPE).toBe('text/plain; charset=utf-8');
  });

  it('gives application/octet-stream for bytes containing NUL', () => {
    expect(sniffContentType(bytes(0x61, 0x00, 0x62))).toBe(BINARY_FALLBACK_TYPE);
    expect(BINARY_FALLBACK_TYPE).toBe('application/octet-stream');
  });

  it('gives application/octet-stream for invalid UTF-8', () => {
    expect(sniffContentType(bytes(0x61, 0xff, 0x62))).toBe(BINARY_FALLBACK_TYPE);
    expect(sniffContentType(bytes(0x61, 0xff)), 'a trailing byte that never starts a character').toBe(BINARY_FALLBACK_TYPE);
    // Latin-1 é followed by ASCII: a lead byte without its continuation.
    expect(sniffContentType(bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b))).toBe(BINARY_FALLBACK_TYPE);
    // A stray continuation byte.
    expect(sniffContentType(bytes(0x61, 0x80, 0x62))).toBe(BINARY_FALLBACK_TYPE);
  });

  it('gives application/octet-stream for PNG magic bytes', () => {
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00))).toBe(BINARY_FALLBACK_TYPE);
  });

  it('still gives text when the sample is cut in the middle of a multi-byte character', () => {
    const whole = utf8('log line é€😀');
    // Cut inside é (2 bytes), € (3 bytes) and 😀 (4 bytes) at every possible point.
    const cuts = [
      whole.length - 4 - 3 - 1, // after the first byte of é
      whole.length - 4 - 2, // after 1 byte of €
      whole.length - 4 - 1, // after 2 bytes of €
      whole.length - 3, // after 1 byte of 😀
      whole.length - 2, // after 2 bytes of 😀
      whole.length - 1, // after 3 bytes of 😀
    ];
    for (const cut of cuts) {
      expect(sniffContentType(whole.subarray(0, cut)), `cut at ${cut}`).toBe(TEXT_FALLBACK_TYPE);
    }
    expect(sniffContentType(whole)).toBe(TEXT_FALLBACK_TYPE);
  });

  it('does not excuse invalid bytes just before a cut character', () => {
    // 0xFF (never valid) then the first byte of a 2-byte character at the end of the sample.
    expect(sniffContentType(bytes(0x61, 0xff, 0xc3))).toBe(BINARY_FALLBACK_TYPE);
  });

  it('gives text for an empty sample', () => {
    expect(sniffContentType(new Uint8Array(0))).toBe(TEXT_FALLBACK_TYPE);
  });
});

describe('encodeMetadataValue', () => {
  const decodes = (value: string) => expect(decodeURIComponent(encodeMetadataValue(value))).toBe(value);
  const printableAscii = /^[\x20-\x7e]*$/;

  it('keeps printable ASCII other than % unchanged', () => {
    const ascii = 'unit-tests (linux) #1: a/b?c=d&e [x] ~!@$^*';
    expect(encodeMetadataValue(ascii)).toBe(ascii);
  });

  it("encodes 'é' as %C3%A9", () => {
    expect(encodeMetadataValue('café')).toBe('caf%C3%A9');
  });

  it("encodes '%' so that decoding is unambiguous", () => {
    expect(encodeMetadataValue('100%')).toBe('100%25');
    expect(encodeMetadataValue('%C3%A9')).toBe('%25C3%25A9');
  });

  it('encodes a newline', () => {
    expect(encodeMetadataValue('a\nb')).toBe('a%0Ab');
  });

  it('encodes an emoji (a surrogate pair) as its UTF-8 bytes', () => {
    expect(encodeMetadataValue('ok 🎉')).toBe('ok %F0%9F%8E%89');
  });

  it('round-trips with decodeURIComponent and yields printable ASCII only', () => {
    for (const value of ['café', '100%', 'a\nb\r\tc', 'ok 🎉', 'naïve % 日本 \u007f', 'plain']) {
      decodes(value);
      expect(encodeMetadataValue(value)).toMatch(printableAscii);
    }
  });
});

const CONTEXT: RunContext = {
  repository: 'octo-org/octo-repo',
  sha: '0123456789abcdef',
  ref: 'refs/heads/main',
  runId: '123456',
  runAttempt: '2',
  workflow: 'CI / tests',
  job: 'unit',
  serverUrl: 'https://github.com',
  workspace: '/home/runner/work/octo-repo/octo-repo',
};

const INFO: PublicationInfo = {
  testName: 'unit tests é',
  prefix: 'octo-org/octo-repo/123456-2/unit-tests',
  context: CONTEXT,
  uploadedAt: new Date(Date.UTC(2026, 10, 27, 16, 2, 56, 123)),
};

const FILES: FoundFile[] = [
  { absolutePath: '/w/out/plots/loss.png', relativePath: 'plots/loss.png', size: 2048, modified: new Date(0) },
  { absolutePath: '/w/out/stdout', relativePath: 'stdout', size: 0, modified: new Date(0) },
  { absolutePath: '/w/out/a b/c.csv', relativePath: 'a b/c.csv', size: 17, modified: new Date(0) },
];

describe('planUploads', () => {
  const plan = planUploads(FILES, INFO);

  it('plans one upload per file, in order, keeping the file', () => {
    expect(plan).toHaveLength(3);
    expect(plan.map((p) => p.file)).toEqual(FILES);
  });

  it("sets each key to prefix + '/' + relativePath (unencoded)", () => {
    expect(plan.map((p) => p.key)).toEqual([
      'octo-org/octo-repo/123456-2/unit-tests/plots/loss.png',
      'octo-org/octo-repo/123456-2/unit-tests/stdout',
      'octo-org/octo-repo/123456-2/unit-tests/a b/c.csv',
    ]);
  });

  it('uses the relative path without a prefix when the prefix is empty', () => {
    expect(planUploads(FILES, { ...INFO, prefix: '' })[0]?.key).toBe('plots/loss.png');
  });

  it('sets the content type from the name, or undefined to sniff later', () => {
    expect(plan.map((p) => p.contentType)).toEqual(['image/png', undefined, 'text/plain; charset=utf-8']);
  });

  it('sets the metadata fields of the run, encoded, plus the original size per file', () => {
    expect(plan[0]?.metadata).toEqual({
      'test-name': 'unit tests %C3%A9',
      repository: 'octo-org/octo-repo',
      commit: '0123456789abcdef',
      ref: 'refs/heads/main',
      'run-id': '123456',
      'run-attempt': '2',
      workflow: 'CI / tests',
      job: 'unit',
      'uploaded-at': '2026-11-27T16:02:56.123Z',
      'original-size': '2048',
    });
    expect(plan[1]?.metadata['original-size']).toBe('0');
    expect(plan[2]?.metadata['original-size']).toBe('17');
  });

  it('writes uploaded-at as an ISO 8601 UTC timestamp', () => {
    expect(plan[0]?.metadata['uploaded-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('keeps every metadata value printable ASCII', () => {
    for (const item of plan) {
      for (const value of Object.values(item.metadata)) expect(value).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('shares the base metadata between files (same as baseMetadata)', () => {
    const { ['original-size']: _size, ...shared } = plan[0]?.metadata ?? {};
    expect(shared).toEqual(baseMetadata(INFO));
  });
});

describe('metadata within S3\'s 2 KB', () => {
  const cjk = '測試'.repeat(100); // 200 characters, 1,800 bytes once encoded
  const long: PublicationInfo = {
    ...INFO,
    testName: cjk,
    context: { ...CONTEXT, ref: `refs/heads/${'ブランチ'.repeat(60)}`, workflow: 'ワークフロー '.repeat(80), job: 'ジョブ'.repeat(30) },
  };
  const decodes = (v: string) => expect(() => decodeURIComponent(v), v).not.toThrow();

  it('fits the shared fields in the room left for each file, whatever the names', () => {
    const meta = baseMetadata(long);
    expect(metadataBytes(meta)).toBeLessThanOrEqual(METADATA_LIMIT - 512);
    const withFile = planUploads(FILES, long)[0]!.metadata;
    expect(metadataBytes(withFile)).toBeLessThanOrEqual(METADATA_LIMIT);
  });

  it('cuts only the long values, each to a prefix of the original marked with …, and keeps the short ones whole', () => {
    const meta = baseMetadata(long);
    for (const key of ['repository', 'commit', 'run-id', 'run-attempt', 'uploaded-at']) expect(meta[key]).toBe(baseMetadata(INFO)[key]);
    const originals: Record<string, string> = { 'test-name': long.testName, ref: long.context.ref, workflow: long.context.workflow, job: long.context.job };
    for (const [key, original] of Object.entries(originals)) {
      decodes(meta[key]!);
      const value = decodeURIComponent(meta[key]!);
      if (value === original) continue;
      expect(value.endsWith('…'), key).toBe(true);
      expect(original.startsWith(value.slice(0, -1)), key).toBe(true);
      expect(value.length, key).toBeGreaterThan(20);
    }
    expect(decodeURIComponent(meta['workflow']!)).not.toBe(long.context.workflow);
  });

  it('leaves metadata that fits unchanged', () => {
    expect(baseMetadata(INFO)['test-name']).toBe('unit tests %C3%A9');
  });

  it('never splits a percent-escape, a UTF-8 character, a surrogate pair or a grapheme', () => {
    const values = ['é'.repeat(50), '🎉'.repeat(50), 'e\u0301'.repeat(50), '👩‍👩‍👧'.repeat(20), '%'.repeat(60), 'a日🎉%'.repeat(20)];
    for (const value of values) {
      for (let max = 9; max <= 60; max++) {
        const cut = encodeMetadataValueWithin(value, max);
        expect(cut.length, `${value} in ${max}`).toBeLessThanOrEqual(max);
        decodes(cut);
        const text = decodeURIComponent(cut);
        expect(text.endsWith('…')).toBe(true);
        const kept = text.slice(0, -1);
        expect(value.startsWith(kept)).toBe(true);
        const segments = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)].map((s) => s.segment);
        let joined = '';
        const boundaries = new Set([0, ...segments.map((s) => (joined += s).length)]);
        expect(boundaries.has(kept.length), `${value} cut at ${kept.length}`).toBe(true);
      }
    }
  });

  it('gives nothing rather than a broken value when not even … fits', () => {
    expect(encodeMetadataValueWithin('日本語', 8)).toBe('');
    expect(encodeMetadataValueWithin('日本語', 9)).toBe('%E2%80%A6');
  });

  it('shares the room equally between long values (the longest is not the only one cut)', () => {
    const fitted = fitMetadata({ a: 'x'.repeat(1000), b: 'y'.repeat(1000), c: 'short' }, 600);
    expect(metadataBytes(fitted)).toBeLessThanOrEqual(600);
    expect(fitted['c']).toBe('short');
    expect(Math.abs(fitted['a']!.length - fitted['b']!.length)).toBeLessThanOrEqual(1);
  });
});

describe('html: text', () => {
  const active = ['r.html', 'r.HTM', 'r.shtml', 'r.xhtml', 'r.xht', 'd.svg', 'd.svgz', 'f.xml', 's.xsl', 's.xslt', 'feed.rss', 'feed.atom', 'm.mathml', 'a.mht', 'a.mhtml', 'x.xul', 's.smil'];
  const passive = ['p.png', 'a.js', 's.css', 'd.json', 't.txt', 'c.csv', 'r.pdf', 'x.json.gz'];

  it('serves every type a browser would run script in as plain text', () => {
    for (const name of active) {
      expect(isActiveContent(contentTypeFor(name) ?? ''), name).toBe(true);
      expect(contentTypeFor(name, 'text'), name).toBe(TEXT_FALLBACK_TYPE);
    }
  });

  it('leaves the other types alone, and everything alone with render (the default)', () => {
    for (const name of passive) expect(contentTypeFor(name, 'text'), name).toBe(contentTypeFor(name));
    expect(contentTypeFor('r.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('d.svg', 'render')).toBe('image/svg+xml');
  });

  it('is what planUploads uses when the publication asks for it', () => {
    const files: FoundFile[] = ['report/index.html', 'plot.svg', 'plot.png'].map((relativePath) => ({ absolutePath: `/w/${relativePath}`, relativePath, size: 1, modified: new Date(0) }));
    expect(planUploads(files, { ...INFO, html: 'text' }).map((p) => p.contentType)).toEqual([TEXT_FALLBACK_TYPE, TEXT_FALLBACK_TYPE, 'image/png']);
    expect(planUploads(files, INFO).map((p) => p.contentType)).toEqual(['text/html; charset=utf-8', 'image/svg+xml', 'image/png']);
  });
});

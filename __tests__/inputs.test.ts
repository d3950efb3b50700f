import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keySegment } from '../src/files/keys.js';
import { DEFAULT_CONCURRENCY, parseInputs, type GetInput, type Inputs } from '../src/inputs.js';
import { InputError } from '../src/util/errors.js';

const NOW = new Date('2026-11-27T16:02:56.123Z');

const GITHUB_ENV: NodeJS.ProcessEnv = {
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_RUN_ID: '123456',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SHA: 'abc123',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'test',
  GITHUB_WORKSPACE: '/home/runner/work/octo-repo/octo-repo',
};

const VALID: Record<string, string> = {
  bucket: 'my-bucket',
  path: 'test-results/**',
  'test-name': 'unit-tests',
};

function inputsFrom(values: Record<string, string>): GetInput {
  return (name) => values[name] ?? '';
}

function parse(overrides: Record<string, string> = {}, env: NodeJS.ProcessEnv = GITHUB_ENV): Inputs {
  return parseInputs(inputsFrom({ ...VALID, ...overrides }), env, NOW);
}

/** Runs `fn`, expects an InputError and returns it. */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

describe('parseInputs: valid inputs', () => {
  it('returns the trimmed required inputs and the documented defaults', () => {
    const inputs = parse({ bucket: '  my-bucket  ', 'test-name': ' unit-tests ' });
    expect(inputs.bucket).toBe('my-bucket');
    expect(inputs.testName).toBe('unit-tests');
    expect(inputs.patterns).toEqual(['test-results/**']);
    expect(inputs.region).toBe('us-east-1');
    expect(inputs.endpoint).toBeUndefined();
    expect(inputs.forcePathStyle).toBe(false);
    expect(inputs.publicBaseUrl).toBeUndefined();
    expect(inputs.ifNoFilesFound).toBe('warn');
    expect(inputs.includeHiddenFiles).toBe(false);
    expect(inputs.concurrency).toBe(DEFAULT_CONCURRENCY);
  });
});

describe('parseInputs: required inputs', () => {
  for (const name of ['bucket', 'path', 'test-name']) {
    it(`rejects a missing \`${name}\` with a message naming it in backticks`, () => {
      const error = inputError(() => parse({ [name]: '' }));
      expect(error.message).toContain(`\`${name}\``);
      expect(error.message).toMatch(/required/);
    });

    it(`rejects a whitespace-only \`${name}\` with a message naming it in backticks`, () => {
      const error = inputError(() => parse({ [name]: '  \t ' }));
      expect(error.message).toContain(`\`${name}\``);
    });
  }
});

describe('parseInputs: bucket', () => {
  it('rejects a bucket containing a slash', () => {
    const error = inputError(() => parse({ bucket: 'my-bucket/folder' }));
    expect(error.message).toContain('`bucket`');
    expect(error.message).toContain('my-bucket/folder');
  });

  it('rejects an s3:// URL given as the bucket', () => {
    expect(() => parse({ bucket: 's3://my-bucket' })).toThrow(InputError);
  });

  it('rejects a bucket containing a space', () => {
    const error = inputError(() => parse({ bucket: 'my bucket' }));
    expect(error.message).toContain('`bucket`');
  });
});

describe('parseInputs: if-no-files-found', () => {
  it('accepts warn, error and ignore, case-insensitively', () => {
    expect(parse({ 'if-no-files-found': 'warn' }).ifNoFilesFound).toBe('warn');
    expect(parse({ 'if-no-files-found': 'error' }).ifNoFilesFound).toBe('error');
    expect(parse({ 'if-no-files-found': 'IGNORE' }).ifNoFilesFound).toBe('ignore');
  });

  it('rejects an unknown value with a message listing warn, error and ignore', () => {
    const error = inputError(() => parse({ 'if-no-files-found': 'sometimes' }));
    expect(error.message).toContain('`if-no-files-found`');
    expect(error.message).toContain('sometimes');
    expect(error.message).toContain('warn');
    expect(error.message).toContain('error');
    expect(error.message).toContain('ignore');
  });
});

describe('parseInputs: booleans', () => {
  it("reads 'TRUE' as true (case-insensitive)", () => {
    expect(parse({ 'include-hidden-files': 'TRUE' }).includeHiddenFiles).toBe(true);
  });

  it("reads 'false' as false", () => {
    expect(parse({ 'include-hidden-files': 'false' }).includeHiddenFiles).toBe(false);
    expect(parse({ endpoint: 'http://minio.example:9000', 'force-path-style': 'false' }).forcePathStyle).toBe(false);
  });

  it("rejects 'yes' with a message naming the input", () => {
    const error = inputError(() => parse({ 'include-hidden-files': 'yes' }));
    expect(error.message).toContain('`include-hidden-files`');
    expect(error.message).toContain('yes');
  });

  it("rejects 'yes' for force-path-style too", () => {
    const error = inputError(() => parse({ 'force-path-style': 'yes' }));
    expect(error.message).toContain('`force-path-style`');
  });
});

describe('parseInputs: concurrency', () => {
  it(`defaults to DEFAULT_CONCURRENCY (${DEFAULT_CONCURRENCY})`, () => {
    expect(DEFAULT_CONCURRENCY).toBe(64);
    expect(parse().concurrency).toBe(64);
  });

  it("accepts '8'", () => {
    expect(parse({ concurrency: '8' }).concurrency).toBe(8);
  });

  it('accepts the bounds 1 and 256', () => {
    expect(parse({ concurrency: '1' }).concurrency).toBe(1);
    expect(parse({ concurrency: '256' }).concurrency).toBe(256);
  });

  for (const bad of ['0', '300', '2.5', 'abc', '-4']) {
    it(`rejects '${bad}' with a message naming \`concurrency\``, () => {
      const error = inputError(() => parse({ concurrency: bad }));
      expect(error.message).toContain('`concurrency`');
      expect(error.message).toContain(`'${bad}'`);
    });
  }
});

describe('parseInputs: endpoint', () => {
  it('takes the endpoint input and trims its trailing slash', () => {
    expect(parse({ endpoint: 'http://127.0.0.1:9000/' }).endpoint).toBe('http://127.0.0.1:9000');
  });

  it('falls back to AWS_ENDPOINT_URL_S3', () => {
    const env = { ...GITHUB_ENV, AWS_ENDPOINT_URL_S3: 'https://s3.example.com' };
    expect(parse({}, env).endpoint).toBe('https://s3.example.com');
  });

  it('falls back to AWS_ENDPOINT_URL when AWS_ENDPOINT_URL_S3 is unset', () => {
    const env = { ...GITHUB_ENV, AWS_ENDPOINT_URL: 'https://generic.example.com' };
    expect(parse({}, env).endpoint).toBe('https://generic.example.com');
  });

  it('prefers the input over AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL', () => {
    const env = {
      ...GITHUB_ENV,
      AWS_ENDPOINT_URL_S3: 'https://s3-specific.example.com',
      AWS_ENDPOINT_URL: 'https://generic.example.com',
    };
    expect(parse({ endpoint: 'https://input.example.com' }, env).endpoint).toBe('https://input.example.com');
    expect(parse({}, env).endpoint).toBe('https://s3-specific.example.com');
  });

  it("rejects 'not a url' with a message naming `endpoint`", () => {
    const error = inputError(() => parse({ endpoint: 'not a url' }));
    expect(error.message).toContain('`endpoint`');
    expect(error.message).toMatch(/valid URL/);
  });

  it("rejects 'ftp://x': only http and https are allowed", () => {
    const error = inputError(() => parse({ endpoint: 'ftp://x' }));
    expect(error.message).toContain('`endpoint`');
    expect(error.message).toMatch(/http:\/\/ or https:\/\//);
  });

  it('rejects an invalid endpoint that comes from the environment', () => {
    expect(() => parse({}, { ...GITHUB_ENV, AWS_ENDPOINT_URL: 'not a url' })).toThrow(InputError);
  });
});

describe('parseInputs: force-path-style', () => {
  it('defaults to true when an endpoint is set', () => {
    expect(parse({ endpoint: 'http://127.0.0.1:9000' }).forcePathStyle).toBe(true);
    expect(parse({}, { ...GITHUB_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }).forcePathStyle).toBe(true);
  });

  it('defaults to false without an endpoint', () => {
    expect(parse().forcePathStyle).toBe(false);
  });

  it('can be forced on without an endpoint', () => {
    expect(parse({ 'force-path-style': 'true' }).forcePathStyle).toBe(true);
  });

  it('refuses false where the bucket cannot be virtual-hosted, naming the inputs and the fix', () => {
    const ip = inputError(() => parse({ endpoint: 'http://127.0.0.1:9000', 'force-path-style': 'false' }));
    expect(ip.message).toMatch(/^input `force-path-style` is false, but `endpoint` http:\/\/127\.0\.0\.1:9000 is an IP address.*: set force-path-style: true/);
    const dots = inputError(() => parse({ bucket: 'outputs.example.com', endpoint: 'https://s3.example.com', 'force-path-style': 'false' }));
    expect(dots.message).toMatch(/^input `bucket` 'outputs\.example\.com' has dots, so it cannot be virtual-hosted over HTTPS/);
  });
});

describe('parseInputs: public-base-url', () => {
  it('trims the trailing slash', () => {
    expect(parse({ 'public-base-url': 'https://outputs.example.com/' }).publicBaseUrl).toBe('https://outputs.example.com');
  });

  it('rejects a non-URL with a message naming `public-base-url`', () => {
    const error = inputError(() => parse({ 'public-base-url': 'outputs.example.com' }));
    expect(error.message).toContain('`public-base-url`');
  });
});

describe('parseInputs: region', () => {
  const env = { ...GITHUB_ENV, AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' };

  it('prefers the region input', () => {
    expect(parse({ region: 'us-west-2' }, env).region).toBe('us-west-2');
  });

  it('falls back to AWS_REGION', () => {
    expect(parse({}, env).region).toBe('eu-west-1');
  });

  it('falls back to AWS_DEFAULT_REGION when AWS_REGION is unset', () => {
    expect(parse({}, { ...GITHUB_ENV, AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
  });

  it('falls back to us-east-1', () => {
    expect(parse({}, GITHUB_ENV).region).toBe('us-east-1');
  });

  it.each(['us east 1', 'eu-west-1/', 'EU-WEST-1', '../x', 'eu_west_1', '-eu-west-1', 'eu-west-1-', 'a'.repeat(64), 'eu-west-1\nx'])(
    "refuses '%s', in one line naming the input and the fix",
    (region) => {
      const error = inputError(() => parse({ region }));
      expect(error.message).toMatch(/^input `region` is '.*': use the bucket's region, such as eu-west-1 \(lower-case letters, digits and '-'; auto for Cloudflare R2\)$/);
      expect(error.message).not.toContain('\n');
    },
  );

  it('says when the bad region came from AWS_REGION', () => {
    expect(inputError(() => parse({}, { ...GITHUB_ENV, AWS_REGION: "Frankfurt" })).message).toMatch(/^input `region` is 'Frankfurt' \(from AWS_REGION\): /);
  });

  it('accepts the names S3-compatible servers use (auto, garage, default, us-east-1)', () => {
    for (const region of ['auto', 'garage', 'default', 'us-east-1', 'us-gov-west-1', 'eu-central-1'])
      expect(parse({ region, endpoint: 'https://s3.example.com' }).region).toBe(region);
  });
});

describe('parseInputs: default prefix', () => {
  it('is <owner>/<repo>/<run_id>-<run_attempt>/<test-name> from the GITHUB_* environment', () => {
    expect(parse().prefix).toBe('octo-org/octo-repo/123456-2/unit-tests');
  });

  it('makes the test name key-safe', () => {
    expect(parse({ 'test-name': 'unit tests (linux)' }).prefix).toBe(`octo-org/octo-repo/123456-2/${keySegment('unit tests (linux)')}`);
    expect(keySegment('unit tests (linux)')).toMatch(/^unit-tests-linux--[0-9a-f]{12}$/);
  });

  it('defaults the run attempt to 1', () => {
    const env = { ...GITHUB_ENV };
    delete env['GITHUB_RUN_ATTEMPT'];
    expect(parse({}, env).prefix).toBe('octo-org/octo-repo/123456-1/unit-tests');
  });

  it('falls back to local/<workspace dir>/local-<UTC stamp of now>-1 outside GitHub Actions', () => {
    const inputs = parse({}, { GITHUB_WORKSPACE: '/tmp/some dir/my project' });
    expect(inputs.prefix).toBe(`local/${keySegment('my project')}/local-20261127T160256Z-1/unit-tests`);
    expect(inputs.context.repository).toBe('local/my project');
    expect(inputs.context.runId).toBe('local-20261127T160256Z');
    expect(inputs.context.runAttempt).toBe('1');
  });

  it('uses the current directory as the workspace when GITHUB_WORKSPACE is unset too', () => {
    const inputs = parse({}, {});
    const dir = keySegment(path.basename(process.cwd()));
    expect(inputs.context.workspace).toBe(process.cwd());
    expect(inputs.prefix).toBe(`local/${dir}/local-20261127T160256Z-1/unit-tests`);
  });

  it('fills the run context from the GITHUB_* environment', () => {
    const { context } = parse();
    expect(context).toMatchObject({
      repository: 'octo-org/octo-repo',
      sha: 'abc123',
      ref: 'refs/heads/main',
      runId: '123456',
      runAttempt: '2',
      workflow: 'CI',
      job: 'test',
      serverUrl: 'https://github.com',
      workspace: '/home/runner/work/octo-repo/octo-repo',
    });
  });
});

describe('parseInputs: user prefix', () => {
  it('keeps a valid relative prefix', () => {
    expect(parse({ prefix: 'results/my-test' }).prefix).toBe('results/my-test');
  });

  it('strips trailing slashes', () => {
    expect(parse({ prefix: 'results/my-test//' }).prefix).toBe('results/my-test');
  });

  it("rejects a leading '/'", () => {
    const error = inputError(() => parse({ prefix: '/results' }));
    expect(error.message).toContain('`prefix`');
  });

  it("rejects a prefix that is only '/'", () => {
    expect(() => parse({ prefix: '/' })).toThrow(InputError);
  });

  it("rejects a '..' segment", () => {
    const error = inputError(() => parse({ prefix: 'results/../other' }));
    expect(error.message).toContain('`prefix`');
  });

  it("rejects a '.' segment", () => {
    expect(() => parse({ prefix: 'results/./x' })).toThrow(InputError);
  });

  it("rejects an empty segment ('//')", () => {
    const error = inputError(() => parse({ prefix: 'results//x' }));
    expect(error.message).toContain('`prefix`');
  });

  it('rejects a backslash', () => {
    expect(() => parse({ prefix: 'results\\x' })).toThrow(InputError);
  });

  it('accepts exactly 512 bytes and rejects 513', () => {
    expect(parse({ prefix: 'a'.repeat(512) }).prefix).toHaveLength(512);
    const error = inputError(() => parse({ prefix: 'a'.repeat(513) }));
    expect(error.message).toContain('`prefix`');
    expect(error.message).toContain('512 bytes');
  });

  it('counts bytes, not characters (UTF-8 é is two bytes)', () => {
    expect(() => parse({ prefix: 'é'.repeat(257) })).toThrow(InputError);
    expect(parse({ prefix: 'é'.repeat(256) }).prefix).toBe('é'.repeat(256));
  });
});

describe('parseInputs: path patterns', () => {
  it('splits lines, trims them, drops blank lines and # comments', () => {
    const inputs = parse({ path: '# the reports\n  reports/**  \r\n\n   # logs too\nlogs/*.log\n!**/*.tmp\n' });
    expect(inputs.patterns).toEqual(['reports/**', 'logs/*.log', '!**/*.tmp']);
  });

  it('rejects patterns that are only excludes', () => {
    const error = inputError(() => parse({ path: '!**/*.tmp\n!**/*.bak' }));
    expect(error.message).toContain('`path`');
  });

  it('rejects patterns that are only comments', () => {
    const error = inputError(() => parse({ path: '# nothing here\n# still nothing' }));
    expect(error.message).toContain('`path`');
  });
});

describe('parseInputs: test-name', () => {
  it('accepts 200 characters', () => {
    expect(parse({ 'test-name': 'x'.repeat(200) }).testName).toHaveLength(200);
  });

  it('rejects more than 200 characters', () => {
    const error = inputError(() => parse({ 'test-name': 'x'.repeat(201) }));
    expect(error.message).toContain('`test-name`');
    expect(error.message).toContain('200');
  });

  it('rejects a newline inside the name', () => {
    const error = inputError(() => parse({ 'test-name': 'first line\nsecond line' }));
    expect(error.message).toContain('`test-name`');
  });

  it('rejects a tab inside the name', () => {
    expect(() => parse({ 'test-name': 'a\tb' })).toThrow(InputError);
  });
});

describe('parseInputs: images', () => {
  it('defaults: compress, 50 KB cap, no originals, the usual image extensions', () => {
    expect(parse().images).toEqual({
      compress: true,
      maxBytes: 51200,
      keepOriginals: 'auto',
      extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff', 'bmp', 'avif'],
    });
  });

  it.each([
    ['51200', 51200],
    ['50KB', 51200],
    ['50kb', 51200],
    ['50 KB', 51200],
    ['0.5MB', 524288],
    ['2M', 2097152],
    ['1.5k', 1536],
  ])('max-image-size %s is %i bytes (1 KB = 1024 bytes)', (raw, bytes) => {
    expect(parse({ 'max-image-size': raw }).images.maxBytes).toBe(bytes);
  });

  it.each(['abc', '50 XB', '-5KB', '1e5', 'KB', '50KB extra'])('max-image-size %s is a clear error', (raw) => {
    const error = inputError(() => parse({ 'max-image-size': raw }));
    expect(error.message).toBe(`input \`max-image-size\` is '${raw}': use a byte count or a size such as 51200, 50KB or 0.5MB`);
  });

  it('max-image-size below 1 KB is refused (a forgotten unit)', () => {
    expect(inputError(() => parse({ 'max-image-size': '50' })).message).toMatch(/`max-image-size` is '50' \(50 bytes\): use at least 1KB/);
  });

  it('compress-images and keep-originals are booleans', () => {
    expect(parse({ 'compress-images': 'false', 'keep-originals': 'TRUE' }).images).toMatchObject({ compress: false, keepOriginals: true });
    expect(inputError(() => parse({ 'keep-originals': 'sometimes' })).message).toBe("input `keep-originals` is 'sometimes': use auto, true or false");
    expect(parse({ 'keep-originals': 'Auto' }).images.keepOriginals).toBe('auto');
    expect(parse({ 'keep-originals': 'false' }).images.keepOriginals).toBe(false);
  });

  it('image-extensions: comma or space separated, dots and case ignored', () => {
    expect(parse({ 'image-extensions': '.PNG, jpg  *.webp\nsvg' }).images.extensions).toEqual(['png', 'jpg', 'webp', 'svg']);
    expect(inputError(() => parse({ 'image-extensions': 'png, j/pg' })).message).toContain('`image-extensions`');
  });
});

describe('parseInputs: link mode', () => {
  it('defaults to public links and a 7-day presign expiry', () => {
    expect(parse()).toMatchObject({ linkMode: 'public', presignExpiry: 604800 });
  });

  it.each([
    ['7d', 604800],
    ['12h', 43200],
    ['90m', 5400],
    ['3600', 3600],
    ['45s', 45],
  ])('presign-expiry %s is %i seconds', (raw, seconds) => {
    expect(parse({ 'link-mode': 'presigned', 'presign-expiry': raw }).presignExpiry).toBe(seconds);
  });

  it.each(['8d', '604801', '0', '1w', 'soon'])('presign-expiry %s is a clear error', (raw) => {
    expect(inputError(() => parse({ 'presign-expiry': raw })).message).toMatch(/^input `presign-expiry` is '/);
  });

  it('link-mode must be public or presigned', () => {
    expect(inputError(() => parse({ 'link-mode': 'private' })).message).toBe("input `link-mode` is 'private': use one of public, presigned");
  });
});

describe('parseInputs: object settings', () => {
  it('set no ACL, storage class or tags by default', () => {
    expect(parse().objects).toEqual({ acl: undefined, storageClass: undefined, tagging: undefined });
  });

  it('accept canned ACLs and storage classes in any case, as S3 spells them', () => {
    expect(parse({ acl: 'PUBLIC-READ', 'storage-class': 'standard_ia' }).objects).toMatchObject({ acl: 'public-read', storageClass: 'STANDARD_IA' });
  });

  it('encode tags for the x-amz-tagging header', () => {
    expect(parse({ tags: 'team=data & ml, retention = 30d\nempty=' }).objects.tagging).toBe('team=data%20%26%20ml&retention=30d&empty=');
  });

  it('refuse more than 10 tags, and a tag without =', () => {
    expect(inputError(() => parse({ tags: Array.from({ length: 11 }, (_, i) => `k${i}=v`).join(',') })).message).toMatch(/^input `tags` has 11 tags: S3 allows 10/);
    expect(inputError(() => parse({ tags: '=value' })).message).toMatch(/^input `tags` has '=value'/);
  });
});

describe('parseInputs: html', () => {
  it('is render by default, so existing HTML reports keep opening', () => {
    expect(parse().html).toBe('render');
  });

  it('takes text (case-insensitive)', () => {
    expect(parse({ html: 'text' }).html).toBe('text');
    expect(parse({ html: 'Text' }).html).toBe('text');
  });

  it('refuses anything else, naming both values', () => {
    expect(inputError(() => parse({ html: 'safe' })).message).toBe("input `html` is 'safe': use one of render, text");
  });
});

describe('parseInputs: retention-days', () => {
  it('keeps everything by default', () => {
    expect(parse().retentionSeconds).toBeUndefined();
    expect(parse({ 'retention-days': '  ' }).retentionSeconds).toBeUndefined();
  });

  it('reads a bare number as days, never seconds', () => {
    expect(parse({ 'retention-days': '30' }).retentionSeconds).toBe(30 * 86400);
    expect(parse({ 'retention-days': '1' }).retentionSeconds).toBe(86400);
  });

  it('takes the durations of the other inputs: d, h, m, s', () => {
    expect(parse({ 'retention-days': '30d' }).retentionSeconds).toBe(30 * 86400);
    expect(parse({ 'retention-days': '12h' }).retentionSeconds).toBe(12 * 3600);
    expect(parse({ 'retention-days': '90m' }).retentionSeconds).toBe(90 * 60);
    expect(parse({ 'retention-days': '45s' }).retentionSeconds).toBe(45);
    expect(parse({ 'retention-days': '2D' }).retentionSeconds).toBe(2 * 86400);
  });

  it('refuses other values in one line naming the input and the fix', () => {
    for (const bad of ['0', '0d', '-1', '1.5', '30 days', '1w', 'forever']) {
      const message = inputError(() => parse({ 'retention-days': bad })).message;
      expect(message, bad).toMatch(/^input `retention-days` is '.*': use (a number of days|a duration)/);
      expect(message).not.toContain('\n');
    }
  });

  it('refuses a prefix without a history (fewer than 3 segments), and takes one with 3', () => {
    const message = inputError(() => parse({ 'retention-days': '7', prefix: 'results/unit' })).message;
    expect(message).toMatch(/^input `retention-days` needs a prefix of at least 3 segments .* `prefix` is 'results\/unit': leave `prefix` unset/);
    expect(parse({ 'retention-days': '7', prefix: 'a/b/c' }).retentionSeconds).toBe(7 * 86400);
  });
});

// An explicit `compare` target read back as a key prefix of the publication's own bucket: a
// prefix, s3://, or a page's URL in either addressing style (and with a public base URL), and
// the refusals that name the input: another bucket, a URL elsewhere, nothing named.
import { describe, expect, it } from 'vitest';
import { targetPrefix } from '../src/compare/baseline-target.js';
import { objectUrl, type UrlSettings } from '../src/store/s3/urls.js';
import { InputError } from '../src/util/errors.js';

const store = (s: Partial<UrlSettings> = {}) => {
  const settings: UrlSettings = { bucket: 'outputs', region: 'eu-west-1', endpoint: undefined, forcePathStyle: false, publicBaseUrl: undefined, ...s };
  return { bucket: settings.bucket, publicUrl: (key: string) => objectUrl(settings, key) };
};
const PREFIX = 'octo-org/octo-repo/7001-1/unit tests';

describe('an explicit compare target', () => {
  it('takes a key prefix, with or without slashes around it', () => {
    expect(targetPrefix(store(), PREFIX)).toBe(PREFIX);
    expect(targetPrefix(store(), ` /${PREFIX}/ `)).toBe(PREFIX);
  });

  it('takes s3://<bucket>/<prefix> of the same bucket and refuses another bucket by name', () => {
    expect(targetPrefix(store(), `s3://outputs/${PREFIX}/`)).toBe(PREFIX);
    const other = (): string => targetPrefix(store(), `s3://elsewhere/${PREFIX}`);
    expect(other).toThrow(InputError);
    expect(other).toThrow(/input `compare`.*bucket 'elsewhere'.*bucket 'outputs'/);
  });

  it('maps a page URL back to its prefix, virtual-hosted (AWS) or path style, its page, listing or folder, query dropped', () => {
    const aws = store();
    const page = aws.publicUrl(`${PREFIX}/index.html`);
    expect(page).toBe('https://outputs.s3.eu-west-1.amazonaws.com/octo-org/octo-repo/7001-1/unit%20tests/index.html');
    expect(targetPrefix(aws, page)).toBe(PREFIX);
    expect(targetPrefix(aws, `${page}?X-Amz-Signature=abc#top`)).toBe(PREFIX);
    expect(targetPrefix(aws, aws.publicUrl(`${PREFIX}/_listing.html`))).toBe(PREFIX);
    expect(targetPrefix(aws, `${aws.publicUrl(PREFIX)}/`)).toBe(PREFIX);
    // The same bucket addressed path style is the same place.
    expect(targetPrefix(aws, 'https://s3.eu-west-1.amazonaws.com/outputs/octo-org/octo-repo/7001-1/unit%20tests/')).toBe(PREFIX);
    const minio = store({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
    expect(targetPrefix(minio, minio.publicUrl(`${PREFIX}/index.html`))).toBe(PREFIX);
    const cdn = store({ publicBaseUrl: 'https://outputs.example.com/ci/' });
    expect(targetPrefix(cdn, `https://outputs.example.com/ci/${encodeURI(PREFIX)}/index.html`)).toBe(PREFIX);
  });

  it('decodes each segment once: an encoded slash or percent stays in its segment', () => {
    const aws = store();
    expect(targetPrefix(aws, aws.publicUrl('o/r/1-1/100%/a'))).toBe('o/r/1-1/100%/a');
  });

  it('refuses a URL outside the bucket, another bucket\'s URL, a broken one, and a target that names nothing', () => {
    const aws = store();
    for (const target of [
      'https://github.com/octo-org/octo-repo/actions/runs/1',
      'https://elsewhere.s3.eu-west-1.amazonaws.com/octo-org/octo-repo/7001-1/unit/index.html',
      'https://s3.eu-west-1.amazonaws.com/elsewhere/x/y/z/index.html',
      'https://outputs.s3.eu-west-1.amazonaws.com/a/%E0%A4%A/index.html',
      'https://outputs.s3.eu-west-1.amazonaws.com/index.html',
      'ftp://outputs/x',
      's3://outputs/',
      '/',
      'a//b',
    ]) {
      expect(() => targetPrefix(aws, target), target).toThrow(InputError);
      expect(() => targetPrefix(aws, target), target).toThrow(/input `compare`/);
    }
  });
});

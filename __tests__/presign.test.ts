// Presigned links are computed locally: their shape for path-style and virtual-hosted
// endpoints, and how a page's relative links are turned into signed ones.
import { describe, expect, it } from 'vitest';
import { keyOfLink, signLinks, unsignableReportsWarning } from '../src/storage/presign.js';
import { createS3Store } from '../src/store/s3/s3-store.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const store = (o: { region: string; endpoint?: string; forcePathStyle?: boolean; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date } }) =>
  createS3Store({ bucket: 'outputs', endpoint: undefined, forcePathStyle: false, concurrency: 4, requestTimeout: 60, credentials, ...o });

describe('presign', () => {
  it('signs path-style URLs for a custom endpoint', async () => {
    const url = new URL(await store({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true }).presign('a b/c+d.png', 3600));
    expect(url.host).toBe('127.0.0.1:9000');
    expect(url.pathname).toBe('/outputs/a%20b/c%2Bd.png');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/us-east-1\/s3\/aws4_request$/);
  });

  it('signs virtual-hosted URLs for AWS and for endpoints without path style', async () => {
    const aws = new URL(await store({ region: 'eu-west-1' }).presign('k.txt', 60));
    expect(aws.host).toBe('outputs.s3.eu-west-1.amazonaws.com');
    expect(aws.pathname).toBe('/k.txt');
    const custom = new URL(await store({ region: 'auto', endpoint: 'https://s3.example.test' }).presign('k.txt', 60));
    expect(custom.host).toBe('outputs.s3.example.test');
  });

  it('reports the requested expiry for long-lived keys, the credentials\' one when it comes first', async () => {
    const now = new Date('2026-11-27T10:00:00Z');
    expect(await store({ region: 'us-east-1' }).linkExpiry(7200, now)).toEqual({ expiresAt: new Date('2026-11-27T12:00:00Z') });
    const session = store({ region: 'us-east-1', credentials: { ...credentials, sessionToken: 't', expiration: new Date('2026-11-27T10:30:00Z') } });
    expect(await session.linkExpiry(7200, now)).toEqual({ expiresAt: new Date('2026-11-27T10:30:00Z'), cutShortBy: 'credentials' });
  });
});

describe('signing the links of a page', () => {
  it('resolves relative links against the page key, and leaves absolute ones alone', () => {
    expect(keyOfLink('p/logs/index.html', 'a%20b.txt')).toBe('p/logs/a b.txt');
    expect(keyOfLink('p/logs/index.html', '../index.html')).toBe('p/index.html');
    expect(keyOfLink('p/logs/index.html', 'sub%2Fx/index.html')).toBe('p/logs/sub/x/index.html');
    expect(keyOfLink('p/logs/index.html', 'https://github.com/o/r')).toBeUndefined();
  });

  it('replaces every href and …Href field at any depth, and nothing else', async () => {
    const view = {
      title: 'index.html',
      parentHref: '../index.html',
      dirs: [{ name: 'sub', href: 'sub/index.html', listingHref: 'sub/_listing.html' }],
      status: { commit: { short: 'abc', href: 'https://github.com/o/r/commit/abc' } },
    };
    const signed = await signLinks(view, 'p/d/index.html', async (key) => `signed:${key}`);
    expect(signed).toEqual({
      title: 'index.html',
      parentHref: 'signed:p/index.html',
      dirs: [{ name: 'sub', href: 'signed:p/d/sub/index.html', listingHref: 'signed:p/d/sub/_listing.html' }],
      status: { commit: { short: 'abc', href: 'https://github.com/o/r/commit/abc' } },
    });
  });
});

describe('HTML reports whose own links cannot be presigned', () => {
  it('get one warning naming them, capped, with the fix', () => {
    expect(unsignableReportsWarning([])).toBeUndefined();
    const one = unsignableReportsWarning(['playwright-report/'])!;
    expect(one).toMatch(/^link-mode presigned: an HTML report loads its own files \(styles, scripts, images, pages\) through relative links, which cannot be presigned, so those answer 403 and the report shows broken: playwright-report\/\. /);
    expect(one).toContain('link-mode: public and public-base-url');
    expect(unsignableReportsWarning(['']) ).toContain('broken: the root index.html.');
    const many = unsignableReportsWarning(Array.from({ length: 13 }, (_, i) => `r${String(i).padStart(2, '0')}/`))!;
    expect(many).toContain('13 HTML reports load their own files');
    expect(many).toContain('r00/, r01/, r02/, r03/, r04/, r05/, r06/, r07/, r08/, r09/ and 3 more.');
    expect(many).not.toContain('r10/');
  });
});

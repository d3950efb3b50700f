// Presigned links, for buckets that browsers cannot read anonymously. A presigned GET URL is a
// pure computation (no request), so every link of every page is signed while the pages are
// rendered, child pages included, before anything is uploaded.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { encodeKey } from '../files/keys.js';

export interface LinkExpiry {
  /** When the links stop working. */
  expiresAt: Date;
  /** Set when temporary credentials end the links before the requested expiry. */
  cutShortBy?: 'credentials';
}

/** The real expiry: the requested one, or sooner when the credentials that sign the links are
 * temporary (OIDC / STS sessions) and expire first; a presigned URL dies with them. */
export async function linkExpiry(client: S3Client, seconds: number, now: Date): Promise<LinkExpiry> {
  const requested = new Date(now.getTime() + seconds * 1000);
  const credentials = await client.config.credentials();
  const expiration = credentials.expiration;
  if (expiration && expiration.getTime() < requested.getTime()) return { expiresAt: expiration, cutShortBy: 'credentials' };
  return { expiresAt: requested };
}

export async function presign(client: S3Client, bucket: string, key: string, seconds: number): Promise<string> {
  return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: seconds });
}

/** The key a relative link on the page at `pageKey` points to; undefined for absolute links. */
export function keyOfLink(pageKey: string, href: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const resolved = new URL(href, `https://bucket.invalid/${encodeKey(pageKey)}`);
  return decodeURIComponent(resolved.pathname.slice(1));
}

/** Replaces every relative `href`/`…Href` value in a view, at any depth, with `sign(key)`. */
export async function signLinks<T>(view: T, pageKey: string, sign: (key: string) => Promise<string>): Promise<T> {
  const walk = async (value: unknown, field: string): Promise<unknown> => {
    if (typeof value === 'string') {
      if (field !== 'href' && !field.endsWith('Href')) return value;
      const key = keyOfLink(pageKey, value);
      return key === undefined ? value : sign(key);
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => walk(v, field)));
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await walk(v, k)] as const));
      return Object.fromEntries(entries);
    }
    return value;
  };
  return (await walk(view, '')) as T;
}

const REPORTS_NAMED = 10;

/** The warning for HTML reports whose own relative links (styles, scripts, images, sub-pages)
 * point at objects that need a signature they cannot carry; undefined when there are none. */
export function unsignableReportsWarning(reports: string[]): string | undefined {
  if (reports.length === 0) return undefined;
  const names = reports.slice(0, REPORTS_NAMED).map((r) => (r === '' ? 'the root index.html' : r));
  const more = reports.length > REPORTS_NAMED ? ` and ${reports.length - REPORTS_NAMED} more` : '';
  const which = reports.length === 1 ? 'an HTML report loads its own files' : `${reports.length} HTML reports load their own files`;
  return (
    `link-mode presigned: ${which} (styles, scripts, images, pages) through relative links, which cannot be presigned, so those answer 403 and the report shows broken: ${names.join(', ')}${more}. ` +
    'For private reports, put a CDN with its own access control in front of the bucket (CloudFront with signed cookies, an authenticating proxy) and publish with link-mode: public and public-base-url (see the README, "HTML reports in a private bucket")'
  );
}

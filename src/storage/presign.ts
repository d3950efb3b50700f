// Presigned links, for buckets that browsers cannot read anonymously. A presigned GET URL is a
// pure computation (no request; the store signs it), so every link of every page is signed
// while the pages are rendered, child pages included, before anything is uploaded.
import { encodeKey } from '../files/keys.js';

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

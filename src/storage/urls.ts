// Where a key can be opened in a browser.
import { encodeKey } from '../files/keys.js';

export interface UrlSettings {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  publicBaseUrl: string | undefined;
}

/** The URL without user name and password, for messages and links. */
export function withoutCredentials(raw: string): string {
  const url = new URL(raw);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

/** Base URL of the bucket, without a trailing slash; keys are appended encoded. */
export function bucketBaseUrl(s: UrlSettings): string {
  if (s.publicBaseUrl !== undefined) return s.publicBaseUrl.replace(/\/+$/, '');
  if (s.endpoint !== undefined) {
    const base = withoutCredentials(s.endpoint);
    if (s.forcePathStyle) return `${base}/${encodeURIComponent(s.bucket)}`;
    const url = new URL(base);
    url.hostname = `${s.bucket}.${url.hostname}`;
    return url.toString().replace(/\/+$/, '');
  }
  // Virtual-hosted URLs of buckets with dots fail TLS name checks: those use path style.
  if (s.bucket.includes('.') || s.forcePathStyle) return `https://s3.${s.region}.amazonaws.com/${s.bucket}`;
  return `https://${s.bucket}.s3.${s.region}.amazonaws.com`;
}

export function objectUrl(s: UrlSettings, key: string): string {
  return `${bucketBaseUrl(s)}/${encodeKey(key)}`;
}

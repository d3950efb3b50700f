// Where a key can be opened in a browser, and how the bucket is addressed: path style
// (endpoint/bucket/key) or virtual-hosted (bucket.endpoint/key). `addressingStyle` is the one
// place that decides it; the browse URL, every link, the summary and the comment are built from
// it here, and the S3 client (storage/s3.ts) is configured from it, so what is uploaded and what
// is linked are the same address. The rules follow the SDK's endpoint ruleset
// (isVirtualHostableS3Bucket); where the SDK would quietly switch style or build an invalid URL,
// an explicit `force-path-style: false` is refused instead.
import { isIP } from 'node:net';
import { encodeKey } from '../../files/keys.js';
import { InputError } from '../../util/errors.js';

export interface AddressingSettings {
  bucket: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
}

export interface UrlSettings extends AddressingSettings {
  region: string;
  publicBaseUrl: string | undefined;
}

export type AddressingStyle = 'path' | 'virtual-hosted';

/** The URL without user name and password, for messages and links. */
export function withoutCredentials(raw: string): string {
  const url = new URL(raw);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

/** One DNS label the SDK accepts as a virtual-hosted bucket: 3 to 63 lower-case letters, digits
 * and hyphens, not starting or ending with a hyphen. */
const HOST_LABEL = /^(?!-)(?!.*-$)[a-z0-9-]{3,63}$/;

const PATH_STYLE_FIX = 'set force-path-style: true (the default with an endpoint)';

/** Path or virtual-hosted style for this bucket and endpoint. Throws an InputError for the
 * combinations that cannot be virtual-hosted, so that nothing is uploaded to, or linked at, an
 * address that does not exist. */
export function addressingStyle(s: AddressingSettings): AddressingStyle {
  if (s.forcePathStyle) return 'path';
  // AWS serves every bucket path-style too; the SDK falls back to it for names that cannot be a
  // host name (dots would fail the TLS wildcard check, capitals are not DNS), and so do we.
  if (s.endpoint === undefined) return HOST_LABEL.test(s.bucket) ? 'virtual-hosted' : 'path';
  // With an endpoint, path style is the default: false was asked for, so say why it cannot be.
  const url = new URL(s.endpoint);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const shown = withoutCredentials(s.endpoint);
  if (isIP(host) !== 0) {
    throw new InputError(`input \`force-path-style\` is false, but \`endpoint\` ${shown} is an IP address, which cannot carry the bucket name as a subdomain: ${PATH_STYLE_FIX}`);
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new InputError(`input \`force-path-style\` is false, but \`endpoint\` ${shown} is localhost, where ${s.bucket}.${host} does not resolve: ${PATH_STYLE_FIX}`);
  }
  if (s.bucket.includes('.') && url.protocol === 'https:') {
    throw new InputError(
      `input \`bucket\` '${s.bucket}' has dots, so it cannot be virtual-hosted over HTTPS (a certificate for *.${host} does not cover ${s.bucket}.${host}): ${PATH_STYLE_FIX}`,
    );
  }
  // Over plain HTTP a name with dots is a few labels of the host name; each must be valid.
  if (!s.bucket.split('.').every((label) => HOST_LABEL.test(label))) {
    throw new InputError(
      `input \`bucket\` '${s.bucket}' cannot be a host name (lower-case letters, digits and hyphens, 3 to 63 per label), so it cannot be virtual-hosted: ${PATH_STYLE_FIX}`,
    );
  }
  return 'virtual-hosted';
}

/** The DNS suffix of S3 in the region's partition (China has its own). */
export function awsDomain(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Base URL of the bucket, without a trailing slash; keys are appended encoded. */
export function bucketBaseUrl(s: UrlSettings): string {
  if (s.publicBaseUrl !== undefined) return s.publicBaseUrl.replace(/\/+$/, '');
  const style = addressingStyle(s);
  if (s.endpoint !== undefined) {
    const base = withoutCredentials(s.endpoint);
    if (style === 'path') return `${base}/${encodeURIComponent(s.bucket)}`;
    const url = new URL(base);
    url.hostname = `${s.bucket}.${url.hostname}`;
    return url.toString().replace(/\/+$/, '');
  }
  const host = `s3.${s.region}.${awsDomain(s.region)}`;
  return style === 'path' ? `https://${host}/${encodeURIComponent(s.bucket)}` : `https://${s.bucket}.${host}`;
}

export function objectUrl(s: UrlSettings, key: string): string {
  return `${bucketBaseUrl(s)}/${encodeKey(key)}`;
}

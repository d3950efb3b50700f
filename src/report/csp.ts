// The Content-Security-Policy of every generated page: nothing but the page's own inline style,
// images from the bucket's own origin (base and head of a comparison may be two publications,
// and presigned links are signed URLs, but always of that origin: 'self' covers them), and at
// most one inline script, allowed by its hash, so that a hostile file name can never bring
// script or load anything.
import { createHash } from 'node:crypto';

/** The policy of a page whose one inline script is `script` (none: no script at all). */
export function pageCsp(script?: string): string {
  const allowed = script === undefined ? "'none'" : `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
  return `default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src ${allowed}; base-uri 'none'; form-action 'none'`;
}

/** The comparison's list and text pages: no script. */
export const COMPARE_CSP = pageCsp();

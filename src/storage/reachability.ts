// Whether the browse URL of a public publication opens for a reviewer: one GET without
// credentials, as a browser sends it, after the pages are written. A private bucket answers 403
// and the link in the summary and the comment would be dead while the step is green; this says
// so, with the fixes. It never fails the step, and gives no verdict when the runner cannot reach
// the URL the way a reviewer would (a proxy, a private network, a timeout).
import http from 'node:http';
import https from 'node:https';

/** Long enough for a slow endpoint to answer, short enough not to hold up the job. */
export const REACHABILITY_TIMEOUT_MS = 5000;

export type Reachability =
  | { outcome: 'opens'; status: number }
  /** 401, 403 or 404: what a reviewer would get. */
  | { outcome: 'refused'; status: number }
  /** No verdict: a network error, a timeout, or another status (5xx). */
  | { outcome: 'unknown'; reason: string };

const MAX_REDIRECTS = 5;

interface Answer {
  status: number;
  location: string | undefined;
}

/** One GET, the body discarded. node:http rather than fetch: fetch loads Node's bundled undici,
 * which costs the action ~12 MB of memory and ~35 ms of CPU for this one request. */
function getStatus(url: URL, signal: AbortSignal): Promise<Answer> {
  const send = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = send(url, { signal, headers: { accept: 'text/html,*/*' } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
  });
}

function reasonOf(error: unknown, timeoutMs: number, signal: AbortSignal): string {
  if (signal.aborted) return `no answer within ${timeoutMs / 1000} s`;
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

export async function checkReachable(url: string, timeoutMs = REACHABILITY_TIMEOUT_MS): Promise<Reachability> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    let at = new URL(url);
    for (let hop = 0; ; hop++) {
      if (at.protocol !== 'http:' && at.protocol !== 'https:') return { outcome: 'unknown', reason: `a redirect to ${at.protocol} URL` };
      const res = await getStatus(at, signal);
      if (res.status >= 300 && res.status < 400 && res.location !== undefined) {
        if (hop >= MAX_REDIRECTS) return { outcome: 'unknown', reason: `more than ${MAX_REDIRECTS} redirects` };
        at = new URL(res.location, at);
        continue;
      }
      if (res.status >= 200 && res.status < 300) return { outcome: 'opens', status: res.status };
      if (res.status === 401 || res.status === 403 || res.status === 404) return { outcome: 'refused', status: res.status };
      return { outcome: 'unknown', reason: `HTTP ${res.status}` };
    }
  } catch (error) {
    return { outcome: 'unknown', reason: reasonOf(error, timeoutMs, signal) };
  }
}

export interface ReachabilityNote {
  /** A warning when reviewers cannot open the link; info when it is untested or by design. */
  level: 'warning' | 'info';
  message: string;
}

const FIXES = 'publish with link-mode: presigned, serve the bucket through a CDN or website endpoint that can read it and set public-base-url, or allow s3:GetObject on the prefix to everyone in a bucket policy (see the README, "Who can open the links")';

/** What to tell the user about the check; undefined when the link opens. */
export function reachabilityNote(r: Reachability, publicBaseUrl: string | undefined): ReachabilityNote | undefined {
  if (r.outcome === 'opens') return undefined;
  if (r.outcome === 'unknown') return { level: 'info', message: `could not check that the browse URL opens without credentials (${r.reason}); the link is untested` };
  const answered = `the browse URL answered ${r.status} to a request without credentials`;
  if (r.status !== 404 && publicBaseUrl !== undefined) {
    // A CDN with its own access control (signed cookies, a sign-in proxy) refuses this request by design.
    return { level: 'info', message: `${answered}: fine if public-base-url asks reviewers to sign in; otherwise let it read the bucket` };
  }
  if (r.status === 404) {
    return {
      level: 'warning',
      message: `${answered}, though its index.html was just uploaded: the address does not reach the object (check endpoint and force-path-style, or that public-base-url maps to the bucket's root), or the server hides private objects as missing; for a private bucket, ${FIXES}`,
    };
  }
  return { level: 'warning', message: `${answered}: the bucket does not let browsers read it, so the links in the summary and the comment will not open; ${FIXES}` };
}

// The check of the browse URL against a real HTTP server: the status a browser without
// credentials gets decides the verdict; network trouble and timeouts give none.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/proxy.js';
import { checkReachable, reachabilityNote } from '../src/storage/reachability.js';

let server: Server;
let base: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const match = /^\/(\d{3})\//.exec(req.url ?? '');
    if (req.url?.startsWith('/stall/')) return; // never answers
    if (req.url?.startsWith('/loop/')) {
      res.writeHead(301, { location: req.url });
      return res.end();
    }
    if (req.url?.startsWith('/moved/')) {
      res.writeHead(302, { location: '/200/index.html' });
      return res.end();
    }
    res.writeHead(Number(match?.[1] ?? 500), { 'content-type': 'text/html' });
    res.end('<!doctype html>'.padEnd(100_000, ' '));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('checkReachable', () => {
  it('opens: 200, after following a redirect', async () => {
    expect(await checkReachable(`${base}/200/index.html`)).toEqual({ outcome: 'opens', status: 200 });
    expect(await checkReachable(`${base}/moved/index.html`)).toEqual({ outcome: 'opens', status: 200 });
  });

  it('refused: 401, 403 and 404, what a reviewer would get', async () => {
    for (const status of [401, 403, 404]) expect(await checkReachable(`${base}/${status}/index.html`)).toEqual({ outcome: 'refused', status });
  });

  it('sends one request without credentials', async () => {
    seen.length = 0;
    await checkReachable(`${base}/403/index.html`);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['authorization']).toBeUndefined();
    expect(seen[0]!.headers['cookie']).toBeUndefined();
  });

  it('no verdict: a server error, nothing listening, no answer in time', async () => {
    expect(await checkReachable(`${base}/503/index.html`)).toEqual({ outcome: 'unknown', reason: 'HTTP 503' });
    expect(await checkReachable(`http://127.0.0.1:${await freePort()}/index.html`)).toEqual({ outcome: 'unknown', reason: 'ECONNREFUSED' });
    const started = Date.now();
    expect(await checkReachable(`${base}/stall/index.html`, 300)).toEqual({ outcome: 'unknown', reason: 'no answer within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await checkReachable(`${base}/loop/index.html`)).toEqual({ outcome: 'unknown', reason: 'more than 5 redirects' });
  });
});

describe('reachabilityNote', () => {
  it('says nothing when the link opens', () => {
    expect(reachabilityNote({ outcome: 'opens', status: 200 }, undefined)).toBeUndefined();
  });

  it('warns about a 403 with the cause and the three fixes', () => {
    const note = reachabilityNote({ outcome: 'refused', status: 403 }, undefined)!;
    expect(note.level).toBe('warning');
    expect(note.message).toMatch(/^the browse URL answered 403 to a request without credentials: the bucket does not let browsers read it/);
    for (const fix of ['link-mode: presigned', 'public-base-url', 'bucket policy']) expect(note.message).toContain(fix);
  });

  it('warns about a 404: a wrong address, or a server that hides private objects', () => {
    const note = reachabilityNote({ outcome: 'refused', status: 404 }, 'https://cdn.example.com')!;
    expect(note.level).toBe('warning');
    expect(note.message).toContain('force-path-style');
    expect(note.message).toContain("public-base-url maps to the bucket's root");
  });

  it('only notes a 403 from public-base-url, which may ask reviewers to sign in by design', () => {
    expect(reachabilityNote({ outcome: 'refused', status: 403 }, 'https://cdn.example.com')?.level).toBe('info');
  });

  it('only notes an untested link', () => {
    expect(reachabilityNote({ outcome: 'unknown', reason: 'ENOTFOUND' }, undefined)).toEqual({ level: 'info', message: 'could not check that the browse URL opens without credentials (ENOTFOUND); the link is untested' });
  });
});

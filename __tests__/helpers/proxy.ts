// A real HTTP proxy in front of an S3 server: it records every request, answers 500
// InternalError for requests whose path matches `failPath`, and forwards the rest untouched.
import { request, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';

export interface Proxy {
  endpoint: string;
  /** Requests answered with 500 so far. */
  failures: () => number;
  /** Every request seen, as `METHOD /path?query`. */
  requests: string[];
  /** Every exchange forwarded upstream, with its conditional headers and the status answered. */
  exchanges: { method: string; url: string; ifMatch?: string; ifNoneMatch?: string; headers: Record<string, string>; status: number }[];
  close(): Promise<void>;
}

/** Sends a request on to the upstream server unchanged and streams its answer back. */
export function forward(req: IncomingMessage, res: ServerResponse, target: URL, onStatus?: (status: number) => void): void {
  const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
    onStatus?.(upstreamRes.statusCode ?? 0);
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    upstreamRes.pipe(res);
  });
  upstreamReq.on('error', () => res.destroy());
  req.pipe(upstreamReq);
}

/** A free TCP port on loopback that nothing listens on: an unreachable endpoint. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startProxy(upstream: string, failPath?: RegExp): Promise<Proxy> {
  const target = new URL(upstream);
  let failures = 0;
  const requests: string[] = [];
  const exchanges: Proxy['exchanges'] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (failPath?.test(decodeURIComponent(req.url ?? ''))) {
      failures++;
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test proxy</Message></Error>');
      });
      return;
    }
    forward(req, res, target, (status) => {
      const h = req.headers;
      exchanges.push({
        method: req.method ?? '',
        url: req.url ?? '',
        ...(typeof h['if-match'] === 'string' ? { ifMatch: h['if-match'] } : {}),
        ...(typeof h['if-none-match'] === 'string' ? { ifNoneMatch: h['if-none-match'] } : {}),
        headers: Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => typeof e[1] === 'string')),
        status,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    failures: () => failures,
    requests,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

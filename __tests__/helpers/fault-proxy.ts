// A fault-injecting HTTP proxy between the action and S3. For each request a plan decides:
// forward it, answer an S3 error (500, 503 SlowDown, 429, 403 AccessDenied, 301 with the
// bucket's region), drop the connection before the response, drop it while the request body is
// still arriving, forward it late, or never answer (a stalled socket, until the client gives up
// or the proxy closes). It counts what it injected.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { forward } from './proxy.js';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; code: string; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number }
  | { kind: 'stall' }
  | { kind: 'reset-before-response' }
  | { kind: 'reset-mid-body' };

export interface RequestInfo {
  index: number;
  method: string;
  url: string;
}

export interface FaultProxy {
  endpoint: string;
  injected: Record<string, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, plan: (r: RequestInfo) => Fault): Promise<FaultProxy> {
  const target = new URL(upstream);
  const injected: Record<string, number> = {};
  let index = 0;
  const count = (name: string) => (injected[name] = (injected[name] ?? 0) + 1);
  const server: Server = createServer((req: IncomingMessage, res) => {
    const fault = plan({ index: index++, method: req.method ?? '', url: req.url ?? '' });
    if (fault.kind === 'reset-mid-body') {
      count('reset mid-body');
      let seen = 0;
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 64 * 1024) req.socket.destroy();
      });
      req.on('end', () => req.socket.destroy());
      return;
    }
    if (fault.kind === 'reset-before-response') {
      count('reset before response');
      req.resume();
      req.on('end', () => req.socket.destroy());
      return;
    }
    if (fault.kind === 'stall') {
      count('stalled');
      req.resume(); // take the body, never answer
      return;
    }
    if (fault.kind === 'delay') {
      count(`delayed ${fault.ms} ms`);
      req.pause();
      setTimeout(() => forward(req, res, target), fault.ms);
      return;
    }
    if (fault.kind === 'status') {
      count(`${fault.status} ${fault.code}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.status, { 'content-type': 'application/xml', ...(fault.status === 429 || fault.status === 503 ? { 'retry-after': '0' } : {}), ...fault.headers });
        // HEAD answers carry no body: the client sees only the status (and headers).
        if (req.method === 'HEAD') return res.end();
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected</Message></Error>`);
      });
      return;
    }
    forward(req, res, target);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

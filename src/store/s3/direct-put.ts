// PutObject for bodies already in memory, signed with the SDK's own SigV4 signer and sent over
// a keep-alive agent, without the SDK's per-request middleware pipeline. The benchmark
// (docs/benchmark.md) measured that pipeline at about 0.8 ms of CPU per request, twice what
// signing and sending cost: for thousands of small files it decided the wall time. Everything
// that is not a small PUT (HeadBucket, multipart, listing, conditional writes) stays on the SDK
// client, and this path is only used where the SDK itself resolved the endpoint (see
// `captureEndpoint`), so addressing (path or virtual-hosted style, custom endpoints, FIPS,
// dual-stack) is exactly the SDK's.
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { encodeKeyStrict } from '../../files/keys.js';
import { backoffMs, isRetryable, MAX_ATTEMPTS } from './retry.js';
import { parseS3Error } from './error-xml.js';

/** Where the bucket's objects are, as the SDK addressed the bucket itself. */
export interface BucketEndpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number | undefined;
  /** Path of the bucket: `/bucket` path-style, `` virtual-hosted; objects go under it. */
  bucketPath: string;
}

export interface DirectPutRequest {
  key: string;
  body: Buffer;
  /** Hex SHA-256 of body: signed as x-amz-content-sha256, so S3 checks the bytes it stores. */
  sha256: string;
  /** Extra headers: content-type, cache-control, x-amz-meta-*, x-amz-acl, … */
  headers: Record<string, string>;
}

const CAPTURE = 'publishTestOutputsCaptureEndpoint';

/** Registers a middleware that records where the SDK sends a bucket-level request. */
export function captureEndpoint(client: S3Client): () => BucketEndpoint | undefined {
  let seen: BucketEndpoint | undefined;
  client.middlewareStack.remove(CAPTURE); // one per client, however often it is asked
  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { protocol?: string; hostname?: string; port?: number; path?: string };
      if (seen === undefined && req.hostname && (req.protocol === 'http:' || req.protocol === 'https:')) {
        seen = { protocol: req.protocol, hostname: req.hostname, port: req.port, bucketPath: (req.path ?? '/').replace(/\/+$/, '') };
      }
      return next(args);
    },
    { step: 'build', name: CAPTURE, priority: 'low' },
  );
  return () => seen;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData): string | Buffer =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? Buffer.from(d) : Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/** Node's native SHA-256 and HMAC for the signer (the SDK's default is a JS implementation). */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

export interface DirectPutOptions {
  client: S3Client;
  endpoint: BucketEndpoint;
  maxSockets: number;
  /** Milliseconds a socket may stay silent before the request is abandoned and retried. */
  socketTimeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export type DirectPut = (request: DirectPutRequest) => Promise<void>;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function createDirectPut(o: DirectPutOptions): Promise<DirectPut> {
  const region = await o.client.config.region();
  const signer = new SignatureV4({
    // The SDK's provider: the default chain, cached and refreshed before expiry.
    credentials: () => o.client.config.credentials(),
    region,
    service: 's3',
    sha256: NodeSha256,
    // Keys are encoded once, here; S3 signs the path as sent.
    uriEscapePath: false,
  });
  const agentOptions = { keepAlive: true, maxSockets: o.maxSockets };
  const agent = o.endpoint.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const send = o.endpoint.protocol === 'https:' ? https.request : http.request;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const host = o.endpoint.port === undefined ? o.endpoint.hostname : `${o.endpoint.hostname}:${o.endpoint.port}`;

  async function once(r: DirectPutRequest): Promise<Answer> {
    // The SDK corrects its clock when S3 says the runner's is off (RequestTimeTooSkewed on the
    // HeadBucket before): sign with the same correction.
    const signingDate = new Date(Date.now() + (o.client.config.systemClockOffset ?? 0));
    const signed = await signer.sign({
      method: 'PUT',
      protocol: o.endpoint.protocol,
      hostname: o.endpoint.hostname,
      ...(o.endpoint.port === undefined ? {} : { port: o.endpoint.port }),
      path: `${o.endpoint.bucketPath}/${encodeKeyStrict(r.key)}`,
      query: {},
      headers: { ...r.headers, host, 'content-length': String(r.body.length), 'x-amz-content-sha256': r.sha256 },
      body: r.body,
    }, { signingDate });
    return new Promise<Answer>((resolve, reject) => {
      const req = send(
        { agent, method: 'PUT', protocol: o.endpoint.protocol, hostname: o.endpoint.hostname, port: o.endpoint.port, path: signed.path, headers: signed.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.setTimeout(o.socketTimeoutMs, () => {
        req.destroy(Object.assign(new Error(`no answer for ${o.socketTimeoutMs / 1000} s (request-timeout)`), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
      });
      req.on('error', reject);
      req.end(r.body);
    });
  }

  return async (r) => {
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        const answer = await once(r);
        if (answer.status >= 200 && answer.status < 300) return;
        failure = parseS3Error(answer.status, answer.headers, answer.body);
      } catch (error) {
        failure = error;
      }
      if (attempt >= MAX_ATTEMPTS || !isRetryable(failure)) throw failure;
      await sleep(backoffMs(attempt, failure, Math.random()));
    }
  };
}

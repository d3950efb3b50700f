// An S3 error answer (status, headers, XML body) as an error shaped like the SDK's, so that
// describeStorageError and the retry policy read both the same way.
import { STATUS_CODES } from 'node:http';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescapeXml = (text: string): string => text.replace(/&(amp|lt|gt|quot|apos);/g, (e) => ENTITIES[e] ?? e);

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match ? unescapeXml(match[1]!).trim() : undefined;
}

export interface S3ErrorShape extends Error {
  Code?: string;
  $metadata: { httpStatusCode: number };
  $response: { headers: Record<string, string> };
}

export function parseS3Error(status: number, headers: Record<string, string>, body: string): S3ErrorShape {
  const code = element(body, 'Code') || undefined;
  // Without a body (HEAD, some proxies) the status is all there is, as with the SDK.
  const name = code ?? (STATUS_CODES[status] ?? `HTTP${status}`).replace(/[^A-Za-z]/g, '');
  const message = element(body, 'Message') || name;
  return Object.assign(new Error(message), { name, ...(code ? { Code: code } : {}), $metadata: { httpStatusCode: status }, $response: { headers } });
}

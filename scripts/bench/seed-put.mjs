// @ts-check
// The "seed" reference: the simplest correct uploader, one PutObject after another with the AWS
// SDK v3 (the same SDK the action uses), run as its own process so it is measured like the others.
//   node scripts/bench/seed-put.mjs <dir> <bucket> <prefix>   (endpoint and keys from AWS_* env)
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const [dir, bucket, prefix] = process.argv.slice(2);
if (dir === undefined || bucket === undefined || prefix === undefined) throw new Error('usage: node scripts/bench/seed-put.mjs <dir> <bucket> <prefix>');
const client = new S3Client({
  ...(process.env.AWS_ENDPOINT_URL_S3 !== undefined ? { endpoint: process.env.AWS_ENDPOINT_URL_S3 } : {}),
  region: process.env.AWS_REGION ?? 'us-east-1',
  forcePathStyle: true,
  // No CRC32 trailers on every PUT (SDK ≥ 3.729 default): plain PutObject, as old clients send.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
const entries = await readdir(dir, { recursive: true, withFileTypes: true });
let count = 0;
for (const e of entries) {
  if (!e.isFile()) continue;
  const file = path.join(e.parentPath, e.name);
  const key = prefix + path.relative(dir, file).split(path.sep).join('/');
  const { size } = await stat(file);
  // Small files from memory; big ones streamed (a single PUT of up to 5 GiB) so RSS stays flat.
  const Body = size <= 16 * 1024 * 1024 ? await readFile(file) : createReadStream(file);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body, ContentLength: size }));
  count++;
}
client.destroy();
console.log(`seed: put ${count} objects`);

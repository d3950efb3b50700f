import { describe, expect, it } from 'vitest';
import { bucketBaseUrl, objectUrl, type UrlSettings } from '../src/storage/urls.js';

const AWS: UrlSettings = { bucket: 'my-bucket', region: 'eu-west-1', endpoint: undefined, forcePathStyle: false, publicBaseUrl: undefined };

describe('objectUrl / bucketBaseUrl', () => {
  it('uses public-base-url when set, with its trailing slash trimmed', () => {
    const s: UrlSettings = { ...AWS, endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, publicBaseUrl: 'https://outputs.example.com/ci/' };
    expect(bucketBaseUrl(s)).toBe('https://outputs.example.com/ci');
    expect(objectUrl(s, 'a/index.html')).toBe('https://outputs.example.com/ci/a/index.html');
  });

  it('gives endpoint/bucket/key for a path-style custom endpoint', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true };
    expect(objectUrl(s, 'run/1/index.html')).toBe('http://127.0.0.1:9000/outputs/run/1/index.html');
  });

  it('keeps a path in a path-style custom endpoint', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs', endpoint: 'https://storage.example.com/s3/', forcePathStyle: true };
    expect(objectUrl(s, 'k.txt')).toBe('https://storage.example.com/s3/outputs/k.txt');
  });

  it('gives bucket.endpoint/key for a virtual-host custom endpoint', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs', endpoint: 'https://s3.example.com', forcePathStyle: false };
    expect(objectUrl(s, 'run/index.html')).toBe('https://outputs.s3.example.com/run/index.html');
  });

  it('keeps the port of a virtual-host custom endpoint', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs', endpoint: 'http://minio.local:9000', forcePathStyle: false };
    expect(bucketBaseUrl(s)).toBe('http://outputs.minio.local:9000');
  });

  it('gives the AWS virtual-hosted URL without an endpoint', () => {
    expect(objectUrl(AWS, 'run/index.html')).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/run/index.html');
  });

  it('uses path style on s3.<region>.amazonaws.com for a bucket with dots', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs.example.com', region: 'us-east-2' };
    expect(objectUrl(s, 'k.txt')).toBe('https://s3.us-east-2.amazonaws.com/outputs.example.com/k.txt');
  });

  it('uses path style on AWS when forcePathStyle is set', () => {
    expect(bucketBaseUrl({ ...AWS, forcePathStyle: true })).toBe('https://s3.eu-west-1.amazonaws.com/my-bucket');
  });

  it('strips credentials from the endpoint URL (path style)', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs', endpoint: 'http://AKIAEXAMPLE:s3cr3t@127.0.0.1:9000', forcePathStyle: true };
    const url = objectUrl(s, 'k.txt');
    expect(url).toBe('http://127.0.0.1:9000/outputs/k.txt');
    expect(url).not.toContain('s3cr3t');
    expect(url).not.toContain('AKIAEXAMPLE');
  });

  it('strips credentials from the endpoint URL (virtual-host style)', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs', endpoint: 'https://user:pass@s3.example.com', forcePathStyle: false };
    expect(bucketBaseUrl(s)).toBe('https://outputs.s3.example.com');
  });

  it('encodes each key segment and keeps the slashes', () => {
    expect(objectUrl(AWS, 'a b/c+d%/é#?.txt')).toBe('https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd%25/%C3%A9%23%3F.txt');
    const s: UrlSettings = { ...AWS, publicBaseUrl: 'https://cdn.example.com' };
    expect(objectUrl(s, 'plots/loss curve.png')).toBe('https://cdn.example.com/plots/loss%20curve.png');
  });
});

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Client } from '../src/store/s3/client.js';
import { addressingStyle, bucketBaseUrl, objectUrl, type UrlSettings } from '../src/store/s3/urls.js';
import { InputError } from '../src/util/errors.js';

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

  it('uses path style on AWS for a name that cannot be a host name (capitals, underscores)', () => {
    expect(bucketBaseUrl({ ...AWS, bucket: 'My_Bucket' })).toBe('https://s3.eu-west-1.amazonaws.com/My_Bucket');
  });

  it('uses the China partition\'s domain in cn- regions', () => {
    expect(bucketBaseUrl({ ...AWS, region: 'cn-north-1' })).toBe('https://my-bucket.s3.cn-north-1.amazonaws.com.cn');
  });

  it('puts every label of a dotted bucket before the host of a plain-HTTP endpoint', () => {
    const s: UrlSettings = { ...AWS, bucket: 'outputs.ci-runs', endpoint: 'http://s3.example.com:9000', forcePathStyle: false };
    expect(objectUrl(s, 'k.txt')).toBe('http://outputs.ci-runs.s3.example.com:9000/k.txt');
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

describe('addressingStyle: combinations that cannot be virtual-hosted are refused', () => {
  const refused = (s: Partial<UrlSettings>): InputError => {
    const settings: UrlSettings = { ...AWS, forcePathStyle: false, ...s };
    let caught: unknown;
    try {
      addressingStyle(settings);
    } catch (error) {
      caught = error;
    }
    expect(caught, JSON.stringify(s)).toBeInstanceOf(InputError);
    // The browse URL refuses too: nothing may be built from the combination.
    expect(() => bucketBaseUrl(settings)).toThrow(InputError);
    return caught as InputError;
  };

  it('an IPv4 or IPv6 endpoint', () => {
    expect(refused({ endpoint: 'http://127.0.0.1:7480' }).message).toBe(
      'input `force-path-style` is false, but `endpoint` http://127.0.0.1:7480 is an IP address, which cannot carry the bucket name as a subdomain: set force-path-style: true (the default with an endpoint)',
    );
    expect(refused({ endpoint: 'https://[::1]:9000' }).message).toMatch(/^input `force-path-style` is false, but `endpoint` https:\/\/\[::1\]:9000 is an IP address/);
    // The reported case: an IP endpoint and a dotted bucket, which made the SDK fail every file.
    expect(refused({ endpoint: 'http://10.0.0.5:7480', bucket: 'outputs.example' }).message).toContain('is an IP address');
  });

  it('a localhost endpoint', () => {
    expect(refused({ endpoint: 'http://localhost:9000' }).message).toBe(
      'input `force-path-style` is false, but `endpoint` http://localhost:9000 is localhost, where my-bucket.localhost does not resolve: set force-path-style: true (the default with an endpoint)',
    );
    expect(refused({ endpoint: 'http://minio.localhost:9000' }).message).toContain('is localhost');
  });

  it('a bucket with dots over HTTPS', () => {
    expect(refused({ endpoint: 'https://s3.example.com', bucket: 'outputs.example.com' }).message).toBe(
      "input `bucket` 'outputs.example.com' has dots, so it cannot be virtual-hosted over HTTPS (a certificate for *.s3.example.com does not cover outputs.example.com.s3.example.com): set force-path-style: true (the default with an endpoint)",
    );
  });

  it('a bucket name that cannot be a host name', () => {
    for (const bucket of ['My-Bucket', 'under_score', 'ab.cd', '-leading']) {
      expect(refused({ endpoint: 'http://s3.example.com', bucket }).message).toMatch(new RegExp(`^input \`bucket\` '${bucket}' cannot be a host name`));
    }
  });

  it('never the credentials of the endpoint URL in the message', () => {
    expect(refused({ endpoint: 'http://AKIAEXAMPLE:s3cr3t@127.0.0.1:7480' }).message).not.toMatch(/s3cr3t|AKIAEXAMPLE/);
  });

  it('path style is always possible', () => {
    for (const endpoint of ['http://127.0.0.1:7480', 'http://localhost:9000', 'https://s3.example.com', undefined]) {
      expect(addressingStyle({ bucket: 'Odd.Name_1', endpoint, forcePathStyle: true })).toBe('path');
    }
  });
});

// The links and the uploads must use one address: for every combination, the URL built here is
// the one the action's own S3 client signs (the SDK's endpoint ruleset decides the client's).
describe('the links and the S3 client agree on the address', () => {
  beforeAll(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  });
  afterAll(() => vi.unstubAllEnvs());

  const endpoints = [undefined, 'http://127.0.0.1:9000', 'https://[::1]:9000', 'http://localhost:9000', 'https://s3.example.com', 'http://s3.example.com:9000', 'https://s3.example.com/base'];
  const buckets = ['outputs', 'x--y', 'outputs.ci.example', 'ab.cd', 'Upper_Case'];
  const grid = endpoints.flatMap((endpoint) =>
    buckets.flatMap((bucket) =>
      [false, true].flatMap((forcePathStyle) =>
        (endpoint === undefined ? ['us-east-1', 'eu-west-1', 'cn-north-1'] : ['us-east-1']).map((region) => ({ endpoint, bucket, forcePathStyle, region })),
      ),
    ),
  );

  it.each(grid)('$endpoint $bucket path-style=$forcePathStyle $region', async ({ endpoint, bucket, forcePathStyle, region }) => {
    const s: UrlSettings = { bucket, region, endpoint, forcePathStyle, publicBaseUrl: undefined };
    let style: string;
    try {
      style = addressingStyle(s);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect(forcePathStyle, 'only an explicit force-path-style: false is refused').toBe(false);
      return;
    }
    const client = createS3Client({ ...s, concurrency: 1, requestTimeout: 10 });
    const signed = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'run 1/index.html' }), { expiresIn: 60 }));
    client.destroy();
    expect(`${signed.origin}${signed.pathname}`, style).toBe(objectUrl(s, 'run 1/index.html'));
  });
});

// A region whose S3 host does not resolve: a wrong region (configuration) or a runner without DNS
// (network)? The lookups are injected, so both worlds are tested on any machine.
import { describe, expect, it } from 'vitest';
import { unknownRegionMessage, type Lookup } from '../src/store/s3/aws-region.js';

const resolvesAll: Lookup = async () => ({ address: '52.216.0.1', family: 4 });
const resolvesNothing: Lookup = async (host) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};
const counting = (inner: Lookup) => {
  const hosts: string[] = [];
  const lookup: Lookup = (host) => (hosts.push(host), inner(host));
  return { lookup, hosts };
};

describe('unknownRegionMessage', () => {
  it('blames a name that is no AWS region, without any lookup, whatever the network', async () => {
    const { lookup, hosts } = counting(resolvesNothing);
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      expect(await unknownRegionMessage('xx-nowhere-9', code, lookup)).toBe(
        "input `region` is 'xx-nowhere-9', which is not an AWS region: s3.xx-nowhere-9.amazonaws.com does not resolve; set it to the bucket's region, such as eu-west-1, or set `endpoint` for S3-compatible storage",
      );
    }
    expect(await unknownRegionMessage('frankfurt', 'ENOTFOUND', lookup)).toMatch(/^input `region` is 'frankfurt'/);
    expect(hosts).toEqual([]);
  });

  it('blames a region-shaped name that does not exist when the rest of AWS resolves', async () => {
    const { lookup, hosts } = counting(resolvesAll);
    expect(await unknownRegionMessage('eu-west-7', 'ENOTFOUND', lookup)).toMatch(/^input `region` is 'eu-west-7', which is not an AWS region/);
    expect(hosts).toEqual(['s3.amazonaws.com']);
  });

  it('blames the network for a real region when nothing of AWS resolves, or when DNS did not answer', async () => {
    expect(await unknownRegionMessage('eu-west-1', 'ENOTFOUND', resolvesNothing)).toBeUndefined();
    const { lookup, hosts } = counting(resolvesAll);
    expect(await unknownRegionMessage('eu-west-1', 'EAI_AGAIN', lookup)).toBeUndefined();
    expect(hosts).toEqual([]);
  });

  it("names the host of the region's partition", async () => {
    expect(await unknownRegionMessage('cn-nowhere-9', 'ENOTFOUND', resolvesAll)).toMatch(/: s3\.cn-nowhere-9\.amazonaws\.com\.cn does not resolve;/);
  });

  it('knows the shapes of every partition', async () => {
    for (const region of ['us-east-1', 'ap-southeast-5', 'mx-central-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1', 'il-central-1']) {
      expect(await unknownRegionMessage(region, 'ENOTFOUND', resolvesNothing), region).toBeUndefined();
    }
  });
});

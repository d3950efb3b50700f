// Tells a region that does not exist on AWS from a runner that cannot resolve names, once the
// S3 host of the configured region failed to resolve. Only that failure pays for a lookup: the
// normal path does none.
import { lookup as dnsLookup } from 'node:dns/promises';
import { awsDomain } from './urls.js';

// The partitions' region names (aws, aws-cn, aws-us-gov, the ISO and EU sovereign ones):
// us-east-1, cn-north-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
const AWS_REGION_SHAPE = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|eusc)(?:-(?:gov|iso[a-z]?|de))?-[a-z]+-\d+$/;
// Resolves wherever AWS can be reached at all.
const CONTROL_HOST = 's3.amazonaws.com';

export type Lookup = (host: string) => Promise<unknown>;

/** The one line to fail with when `region` is what is wrong; undefined when the network may be
 * (a real region's host that does not resolve while nothing of AWS does either). `code` is the
 * resolver's error for the region's host: ENOTFOUND (no such name) or EAI_AGAIN (no answer). */
export async function unknownRegionMessage(region: string, code: string, lookup: Lookup = dnsLookup): Promise<string | undefined> {
  const message = `input \`region\` is '${region}', which is not an AWS region: s3.${region}.${awsDomain(region)} does not resolve; set it to the bucket's region, such as eu-west-1, or set \`endpoint\` for S3-compatible storage`;
  if (!AWS_REGION_SHAPE.test(region)) return message;
  // eu-west-7 has the shape of a region: it is wrong only if the rest of AWS resolves.
  if (code !== 'ENOTFOUND') return undefined;
  const awsResolves = await lookup(CONTROL_HOST).then(
    () => true,
    () => false,
  );
  return awsResolves ? message : undefined;
}

/** ENOTFOUND or EAI_AGAIN when an SDK error is a host name that did not resolve. */
export function resolverError(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return code;
  }
  return undefined;
}

// Which of two publications is the newer, for the stable links: one total order over every
// publication of a history, written as a fixed-width string so that comparing two publications
// is comparing two strings (the key travels in the link page's metadata and in candidate keys).
//
// The order, most significant first:
// 1. tier: 2 when the run id is a decimal number (GitHub's run id, GitLab's pipeline id,
//    Jenkins' and Buildkite's build number), 1 when only the run number is (CircleCI: a workflow
//    UUID, a numbered job), 0 otherwise (a terminal's `local-<time>`, a custom --run-id). A
//    history is written by one CI, so the tier is the same for all its publications; across
//    tiers a numbered CI run outranks an unnumbered one, whatever the clocks say.
// 2. that number (run ids are handed out in increasing order: a newer run has a larger one);
// 3. the run attempt (a re-run of the same run is newer than its first attempt);
// 4. the publication's start time (on the publishing machine's clock);
// 5. a hash of the prefix, so that two publications never compare equal unless they are one.
// A re-run of an older run (run 100 attempt 2, started after run 101) does not move `latest`
// back to run 100: runs rank before clocks, as the run ids rank commits.
import { createHash } from 'node:crypto';
import type { RunContext } from '../config.js';

// 20 digits hold any 64-bit run id; a longer "number" is ranked as no number at all.
const RUN_DIGITS = 20;
const ATTEMPT_DIGITS = 10;
const PREFIX_HASH_CHARS = 12;

const decimal = (value: string | undefined): string | undefined => {
  const digits = value?.replace(/^0+(?=\d)/, '');
  return digits !== undefined && /^\d+$/.test(digits) && digits.length <= RUN_DIGITS ? digits : undefined;
};

/** `20261201T175800123Z`: the ISO time without its separators (key-safe, fixed width for the
 * years 0–9999, still in time order). */
function compactTime(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/**
 * The publication's place in the order: `<tier>.<run>.<attempt>.<start>.<hash>`, every field
 * fixed width, so that a string comparison is the order above. Only key-safe ASCII characters.
 */
export function stableOrderKey(context: Pick<RunContext, 'runId' | 'runAttempt' | 'runNumber'>, startedAt: Date, prefix: string): string {
  const byId = decimal(context.runId);
  const byNumber = decimal(context.runNumber);
  const [tier, run] = byId !== undefined ? ['2', byId] : byNumber !== undefined ? ['1', byNumber] : ['0', '0'];
  const attempt = decimal(context.runAttempt) ?? '0';
  const hash = createHash('sha256').update(prefix, 'utf8').digest('hex').slice(0, PREFIX_HASH_CHARS);
  const fit = (digits: string, width: number): string => digits.padStart(width, '0').slice(-width);
  return [tier, fit(run, RUN_DIGITS), fit(attempt, ATTEMPT_DIGITS), compactTime(startedAt), hash].join('.');
}

const ORDER_KEY = /^[0-2]\.\d{20}\.\d{10}\.\d{8}T\d{9}Z\.[0-9a-f]{12}$/;

/** Whether `value` is an order key this version writes (anything else ranks below every key). */
export function isStableOrderKey(value: string | undefined): value is string {
  return value !== undefined && ORDER_KEY.test(value);
}

/** Negative when `a` is older than `b`, 0 when they are one publication, positive when newer.
 * A missing or unreadable key is older than any. */
export function compareStableOrder(a: string | undefined, b: string | undefined): number {
  const x = isStableOrderKey(a) ? a : '';
  const y = isStableOrderKey(b) ? b : '';
  return x < y ? -1 : x > y ? 1 : 0;
}

// What every CI reader of src/context/ shares: the reader's shape, the run id of a run outside
// any CI, and the small rules for turning a CI's variables into a RunContext.
import path from 'node:path';
import type { CiSystem, PullRequestRef, RunContext } from '../config.js';

export type Env = NodeJS.ProcessEnv;

/** One CI: whether this process runs in it, and the run context its variables describe. */
export interface CiReader {
  ci: CiSystem;
  /** The CI's documented marker variable is set. */
  detect(env: Env): boolean;
  read(env: Env, now: Date): ReadContext;
}

/** A context, and how to link another commit of the same project (for `--commit`); unset when
 * the CI gives no web address for commits. */
export interface ReadContext {
  context: RunContext;
  commitUrlFor?: (sha: string) => string;
}

/** `local-20261127T160256Z`: a run id that sorts by time, for runs outside any CI. */
export function localRunId(now: Date): string {
  return `local-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

/** `local/<dir>`: the repository of a run that has none. */
export function localRepository(dir: string): string {
  return `local/${path.basename(path.resolve(dir)) || 'root'}`;
}

/** The variable's value, or undefined when unset or empty. */
export function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** `refs/tags/<tag>` or `refs/heads/<branch>`, or '' when neither is known. */
export function refOf(branch: string | undefined, tag?: string): string {
  if (tag) return `refs/tags/${tag}`;
  return branch ? `refs/heads/${branch}` : '';
}

/** `owner/repo` from a clone URL (`https://host/owner/repo.git`, `git@host:owner/repo.git`). */
export function slugFromGitUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const match = /^(?:[a-z+]+:\/\/(?:[^@/]+@)?[^/]+\/|[^@:/]+@[^:]+:)(.+?)(?:\.git)?\/?$/i.exec(url.trim());
  const slug = match?.[1];
  return slug && slug.includes('/') ? slug : undefined;
}

/** What a CI says of a pull request's base (PullRequestRef), each value as it gives it. */
export interface PullRequestBase {
  baseBranch?: string | undefined;
  baseSha?: string | undefined;
  headSha?: string | undefined;
  mergeBase?: string | undefined;
}

const COMMIT = /^[0-9a-f]{7,64}$/i;

/** The base fields that hold: a one-line branch name, commits that are hashes. */
function baseFields(base: PullRequestBase): Partial<PullRequestRef> {
  const branch = base.baseBranch?.trim();
  const fields: Partial<PullRequestRef> = {};
  if (branch && branch.length <= 255 && !/[\u0000-\u001f\u007f]/.test(branch)) fields.baseBranch = branch;
  for (const name of ['baseSha', 'headSha', 'mergeBase'] as const) {
    const sha = base[name]?.trim();
    if (sha && COMMIT.test(sha)) fields[name] = sha.toLowerCase();
  }
  return fields;
}

/** A pull request from a CI's variables: a positive integer number, else none. */
export function pullRequestOf(number: string | number | undefined, title?: string, url?: string, base: PullRequestBase = {}): PullRequestRef | undefined {
  const n = typeof number === 'number' ? number : number !== undefined && /^\d{1,9}$/.test(number.trim()) ? Number(number.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) return undefined;
  const t = title?.trim();
  return { number: n, ...(t ? { title: t.slice(0, 300) } : {}), ...(url ? { url } : {}), ...baseFields(base) };
}

/** Drops the optional fields that are undefined (the type has exactOptionalPropertyTypes). */
export function compact(context: { [K in keyof RunContext]: RunContext[K] | undefined }): RunContext {
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as unknown as RunContext;
}

/** An error whose message tells the user what to change; printed as is, without a stack. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Storage trouble that makes every further request pointless (no bucket, bad credentials). */
export class FatalStorageError extends Error {
  override name = 'FatalStorageError';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

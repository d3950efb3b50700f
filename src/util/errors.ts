// The exit statuses and the error classes the drivers turn into them.
/** The process exit statuses of the action, documented in the README ("Exit status"). */
export const EXIT = {
  /** Everything found was published (or nothing was found and if-no-files-found allows it). */
  ok: 0,
  /** Some or all files were not published: storage or network trouble, files that vanished or
   * could not be read. What the pages list did arrive; running again may help. */
  failed: 1,
  /** The inputs or the configuration are wrong (bad input, credentials, bucket, region, too many
   * files): nothing was uploaded, and running again unchanged will fail the same way. */
  config: 2,
  /** Published completely, but fail-on-change is set and the outputs differ from the baseline's
   * (or could not be compared with it). */
  changed: 3,
  /** Published completely, but fail-on-test-failure is set and a test failed (checked before
   * fail-on-change: both messages are printed, this status wins). */
  testsFailed: 4,
} as const;

/** An error whose message tells the user what to change; printed as is, without a stack. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Storage trouble that makes every further request pointless (no bucket, bad credentials). */
export class FatalStorageError extends Error {
  override name = 'FatalStorageError';
  constructor(
    message: string,
    /** The configuration is at fault (credentials, bucket, region, permissions), not the network. */
    readonly config = false,
    /** Files that had been uploaded before it stopped the run. */
    readonly uploadedBefore = 0,
  ) {
    super(message);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

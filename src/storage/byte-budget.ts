// Bounds the bytes held in memory by uploads in flight, whatever their count: 64 small files
// read whole, or a few multipart uploads with their parts in flight, but never 64 files of
// 16 MiB at once. Waiters are served first come, first served.
export interface ByteBudget {
  /** Waits until `bytes` (capped at the whole budget) are free, takes them, and returns the
   * function that gives them back. */
  take(bytes: number): Promise<() => void>;
}

export function byteBudget(total: number): ByteBudget {
  let free = total;
  const waiting: { bytes: number; grant: () => void }[] = [];
  const serve = (): void => {
    while (waiting.length > 0 && waiting[0]!.bytes <= free) {
      const next = waiting.shift()!;
      free -= next.bytes;
      next.grant();
    }
  };
  return {
    take(requested) {
      const bytes = Math.min(Math.max(requested, 0), total);
      let returned = false;
      const giveBack = (): void => {
        if (returned) return;
        returned = true;
        free += bytes;
        serve();
      };
      return new Promise((resolve) => {
        waiting.push({ bytes, grant: () => resolve(giveBack) });
        serve();
      });
    },
  };
}

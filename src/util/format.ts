// Human-readable sizes and times for pages, logs and comments (pure).
/** 1536 → "1.5 KB" (1 KB = 1024 bytes, as for the size inputs). */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  const shown = (v: number): string => (v >= 99.95 ? v.toFixed(0) : v.toFixed(1));
  let value = bytes / 1024;
  let unit = 0;
  // Compare what is shown, so 1,048,575 bytes reads "1.0 MB", not "1024 KB".
  while (Number(shown(value)) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${shown(value)} ${units[unit]}`;
}

/** 2026-11-27T16:02:56.123Z → "2026-11-27 16:02:56 UTC" */
export function humanTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

// What the core logs through: the drivers pass a logger (GitHub Actions' log, a terminal, a
// test's recorder), so no layer below them writes to a console of its own.

/** How far a long stage is: images compressed, or files uploaded (with their bytes so far). */
export interface ProgressEvent {
  stage: 'compress' | 'upload';
  done: number;
  total: number;
  bytes?: number;
}

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Called on every step of a stage, unthrottled: a logger that has it shows progress its own
   * way (the command line's status line). Without it the core writes a throttled info line for
   * uploads (write-publication.ts), as the action's log has always had. */
  progress?(event: ProgressEvent): void;
}

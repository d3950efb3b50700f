// Keeps stdout for the command line's own result. Libraries of the core written for the action
// (@actions/glob through @actions/core) print workflow commands such as `::debug::…` on
// stdout: on a terminal they are noise, and they would break --json. They go to stderr as
// `debug:` lines with --verbose, and nowhere otherwise.
import type { Stream } from './output.js';

type Write = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

/** Replaces `out.write` with the filter; returns a stream that writes to the real stdout. */
export function guardStdout(out: NodeJS.WriteStream, err: NodeJS.WriteStream, verbose: () => boolean): Stream {
  const original = out.write.bind(out) as Write;
  const filtered: Write = (chunk, ...rest) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const kept = text
      .split(/(?<=\n)/)
      .filter((line) => {
        const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/s.exec(line);
        if (!command) return true;
        if (command[1] !== 'debug' || verbose()) err.write(`${command[1] === 'debug' ? 'debug' : command[1]}: ${command[2]}`);
        return false;
      })
      .join('');
    if (kept === '') {
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      callback?.();
      return true;
    }
    return original(kept, ...rest);
  };
  out.write = filtered as typeof out.write;
  return { write: (text: string) => original(text), isTTY: out.isTTY, columns: out.columns };
}

import { RlboundError } from '../errors.js';

/**
 * Wraps a command action: typed errors become a one-line message on stderr and their exit
 * status; anything else is a bug and prints its stack. Nothing goes to stdout on failure.
 */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof RlboundError) {
        process.stderr.write(`rlbound: ${err.message}\n`);
        process.exitCode = err.exitCode;
      } else {
        process.stderr.write(`rlbound: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
      }
    }
  };
}

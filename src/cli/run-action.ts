import { RlboundError } from '../errors.js';

/**
 * Wraps a command action: typed errors become a one-line message on stderr and their exit
 * status. Anything else is a bug: it is reported in one line too (a user never sees a stack
 * trace), with the way to get the stack for a bug report. Nothing goes to stdout on failure.
 */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err instanceof RlboundError) {
        process.stderr.write(`rlbound: ${err.message}\n`);
        process.exitCode = err.exitCode;
        return;
      }
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const stack =
        process.env.RLBOUND_DEBUG === '1' && err instanceof Error
          ? `\n${err.stack ?? ''}`
          : '\nrlbound: this is a bug in rlbound; run again with RLBOUND_DEBUG=1 for the stack trace to report it';
      process.stderr.write(`rlbound: internal error: ${message}${stack}\n`);
      process.exitCode = 1;
    }
  };
}

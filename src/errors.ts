/**
 * Typed errors. Every error a user can hit says what went wrong, where (file, line, field)
 * and, where possible, how to fix it. The CLI maps `exitCode` to the process exit status.
 */
export class RlboundError extends Error {
  /** Process exit status the CLI uses when this error reaches the top level. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Where in an input a problem was found. All parts optional; `describeLocation` prints what is known. */
export interface InputLocation {
  file?: string;
  line?: number;
  field?: string;
}

export function describeLocation(loc: InputLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file);
  else if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.field !== undefined) parts.push(`field "${loc.field}"`);
  return parts.join(', ');
}

/** Malformed user input (a file, a flag, a request body). Exit status 2. */
export class InputError extends RlboundError {
  override readonly exitCode = 2;
  readonly location: InputLocation;
  constructor(message: string, location: InputLocation = {}, options?: { cause?: unknown }) {
    const where = describeLocation(location);
    super(where ? `${where}: ${message}` : message, options);
    this.location = location;
  }
}

/** A required system component (bubblewrap, chromium, a server) is missing or unusable. */
export class EnvironmentError extends RlboundError {
  override readonly exitCode = 3;
}

import { RlboundError } from '../errors.js';

/** Action for a command whose implementation has not landed yet; says so plainly. */
export function notYet(name: string): () => never {
  return () => {
    throw new RlboundError(`'${name}' is not implemented in this version yet`);
  };
}

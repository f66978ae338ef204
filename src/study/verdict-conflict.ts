import { InputError } from '../errors.js';
import type { VerdictInput } from './types.js';
import { formatVerifierKey } from './verifier-choice.js';

/**
 * A verdict that would replace a different stored verdict for the same sample and verifier key.
 * The store refuses it (and the batch it came in): a grade is never overwritten without the user
 * asking, which they do by grading under a new key (a new verifier version). Exit status 2.
 */
export class VerdictConflictError extends InputError {
  constructor(
    readonly attempted: Pick<VerdictInput, 'sampleId' | 'verifier' | 'policy' | 'version' | 'correct' | 'extracted'>,
    readonly stored: { correct: boolean; extracted: string | null },
  ) {
    super(
      `sample ${attempted.sampleId} already has a ${stored.correct ? 'correct' : 'wrong'} verdict (answer ${JSON.stringify(stored.extracted)}) under ${formatVerifierKey(attempted)}; ` +
        `refusing to replace it with a ${attempted.correct ? 'correct' : 'wrong'} one (answer ${JSON.stringify(attempted.extracted)}) — grade under a new verifier version to keep both`,
      { field: 'verdict' },
    );
  }
}

import { InputError } from '../errors.js';
import type { StudyStore } from './store.js';
import type { VerifierKey } from './types.js';

export const formatVerifierKey = (k: VerifierKey): string => `${k.verifier}/${k.policy}@${k.version}`;

/**
 * The verifier whose verdicts a table should show: the one asked for, else the only one the study
 * (or run) has, else none when there are no verdicts. Several candidates and no choice is an
 * error that lists them — picking one silently could show the wrong grades.
 */
export async function chooseVerifier(store: StudyStore, runId: number | undefined, asked: VerifierKey | undefined): Promise<VerifierKey | undefined> {
  if (asked) return asked;
  const keys = await store.listVerifierKeys(runId);
  if (keys.length <= 1) return keys[0];
  throw new InputError(`the study has verdicts from ${keys.length} verifiers (${keys.map(formatVerifierKey).join(', ')}); choose one`, { field: 'verifier' });
}

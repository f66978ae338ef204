import { z } from 'zod';
import { InputError } from '../errors.js';
import type { StudyStore } from './store.js';
import type { VerifierKey } from './types.js';

export const formatVerifierKey = (k: VerifierKey): string => `${k.verifier}/${k.policy}@${k.version}`;

/**
 * The command-line form of a verifier key, VERIFIER/POLICY@VERSION (what formatVerifierKey
 * prints). The version may itself contain '/' (e.g. math/strict@rlbound-math/1.0.0).
 */
export const verifierKeyFlag = z
  .string()
  .regex(/^[^/@]+\/[^/@]+@.+$/, 'expected VERIFIER/POLICY@VERSION, e.g. math/strict@rlbound-math/1.0.0')
  .transform((s): VerifierKey => {
    const slash = s.indexOf('/');
    const at = s.indexOf('@', slash);
    return { verifier: s.slice(0, slash), policy: s.slice(slash + 1, at), version: s.slice(at + 1) };
  });

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

import { InputError } from '../errors.js';
import { sourceVerdictKey } from '../study/import/import-study.js';
import type { VerifierKey } from '../study/types.js';
import type { Grade, Verifier, VerifierPlugin, VerifierSettings } from './verifier.js';

/**
 * Verdicts that arrived with imported results (`rlbound import`): they are read like any other
 * verdicts, but there is nothing to grade them with — the scores came from another tool.
 */
export class ImportedVerifier implements Verifier {
  constructor(readonly settings: Extract<VerifierSettings, { kind: 'imported' }>) {}

  key(): VerifierKey {
    // The source's verdicts are stored under import/<format> (`results` for rlbound's own 0/1 lists).
    return sourceVerdictKey(this.settings.format ?? 'results');
  }

  grade(): Promise<Grade[]> {
    return Promise.reject(
      new InputError(
        'imported verdicts come from the imported file and cannot be graded again; choose --verifier math or code to grade the imported texts yourself',
        { field: '--verifier' },
      ),
    );
  }

  async close(): Promise<void> {}
}

export const importedVerifierPlugin: VerifierPlugin<'imported'> = { kind: 'imported', create: (settings) => new ImportedVerifier(settings) };

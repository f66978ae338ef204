import { InputError } from '../errors.js';
import type { BenchmarkRecord } from '../study/types.js';
export type { VerifierPlugin } from './verifier.js';
import { codeVerifierPlugin } from './code-verifier.js';
import { importedVerifierPlugin } from './imported-verifier.js';
import { mathVerifierPlugin } from './math-verifier.js';
import type { Verifier, VerifierKind, VerifierPlugin, VerifierSettings } from './verifier.js';

/**
 * The verifiers rlbound knows, by kind. Math, code and imported verdicts are built in; the lab
 * registers its task checker as a plugin (`src/lab/plugin.ts`), so nothing on the measurement
 * side imports the lab.
 */
const plugins = new Map<VerifierKind, VerifierPlugin>(
  [mathVerifierPlugin, codeVerifierPlugin, importedVerifierPlugin].map((p) => [p.kind, p as unknown as VerifierPlugin]),
);

/** Adds (or replaces, for the same kind) a verifier; registering twice is harmless. */
export function registerVerifier<K extends VerifierKind>(plugin: VerifierPlugin<K>): void {
  plugins.set(plugin.kind, plugin as unknown as VerifierPlugin);
}

/** The verifier for these settings; an InputError when its kind is not registered. */
export function createVerifier(settings: VerifierSettings): Verifier {
  const plugin = plugins.get(settings.kind);
  if (plugin === undefined) {
    const hint = settings.kind === 'lab' ? ' (the lab registers it: call registerLabPlugin() from rlbound/lab)' : '';
    throw new InputError(`no "${settings.kind}" verifier is registered${hint}; known: ${[...plugins.keys()].join(', ') || 'none'}`, { field: 'verifier' });
  }
  return plugin.create(settings as never);
}

/** The kind of verifier a stored benchmark needs, when its spec is not known: the first plugin that claims it. */
export function claimingVerifier(benchmark: BenchmarkRecord, firstGold: unknown): VerifierKind | undefined {
  for (const p of plugins.values()) if (p.claims?.(benchmark, firstGold) === true) return p.kind;
  return undefined;
}

export function registeredVerifiers(): VerifierKind[] {
  return [...plugins.keys()];
}

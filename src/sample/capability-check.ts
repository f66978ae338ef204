import { RlboundError } from '../errors.js';
import type { Capabilities } from './probe.js';

/**
 * Refuses settings the probed server cannot honour, with a message that says which server would.
 * Returns the warnings that do not block the run.
 */
export interface Needs {
  /** The model name requested (checked against /v1/models when it lists anything). */
  model: string;
  temperature: number;
  maxTokens: number;
  /** Scoring given texts (perplexity). */
  echo?: boolean;
  /** Sample anyway on a server that ignores seeds (duplicates are then counted and flagged). */
  allowUnseeded?: boolean;
}

export class CapabilityError extends RlboundError {
  override readonly exitCode = 3;
}

const SEEDED_SERVERS = 'vLLM, SGLang, llama-server, Ollama and rlbound serve honour a per-request seed';
const ECHO_SERVERS =
  'vLLM or SGLang (/v1/completions with echo and max_tokens 0), or a lab checkpoint through rlbound serve; llama-server and Ollama cannot score a given text';

export function checkCapabilities(caps: Capabilities, needs: Needs): string[] {
  const warnings: string[] = [];
  if (caps.servedModels.length > 0 && !caps.servedModels.includes(needs.model)) {
    throw new CapabilityError(
      `${caps.endpoint} does not serve model "${needs.model}" (it serves: ${caps.servedModels.join(', ')}); pass --model with one of these`,
    );
  }
  if (caps.maxContext !== null && needs.maxTokens >= caps.maxContext) {
    throw new CapabilityError(
      `max_tokens ${needs.maxTokens} does not fit the server's context of ${caps.maxContext} tokens; lower --max-tokens or restart the server with a longer context (vLLM: --max-model-len)`,
    );
  }
  if (needs.echo && !caps.echo) {
    throw new CapabilityError(`${caps.endpoint} cannot return log-probabilities of a given text; use ${ECHO_SERVERS}`);
  }
  if (needs.temperature > 0) {
    const problems: string[] = [];
    if (!caps.seedDeterministic) problems.push('the same seed gave different texts');
    if (!caps.seedDiverse) problems.push('different seeds gave identical texts, so every sample would be a duplicate');
    if (problems.length > 0) {
      const msg = `${caps.endpoint} does not honour seed: ${problems.join('; ')}. ${SEEDED_SERVERS}`;
      if (!needs.allowUnseeded)
        throw new CapabilityError(`${msg}. Pass --allow-unseeded to sample anyway (samples are then not reproducible and duplicates are flagged).`);
      warnings.push(msg);
    }
  }
  if (!caps.nSupported) warnings.push(`${caps.endpoint} ignores n > 1: sending one request per sample`);
  else if (!caps.nConsecutiveSeeds)
    warnings.push(`${caps.endpoint} does not give choice i of a request the seed seed+i: sending one request per sample so each sample keeps its own seed`);
  return warnings;
}

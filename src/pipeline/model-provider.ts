import { openProvider, type OpenedProvider } from '../sample/open-provider.js';
import type { PlannedModel } from './run-spec.js';

/** The model's provider; a list of endpoints is one pooled provider (concurrency is per endpoint). */
export function providerFor(model: PlannedModel, concurrency = 16): OpenedProvider {
  return openProvider({
    endpoint: model.endpoints,
    checkpoint: model.checkpoint,
    servedName: model.servedName,
    api: model.api,
    apiKeyEnv: model.apiKeyEnv,
    maxSockets: concurrency,
  });
}

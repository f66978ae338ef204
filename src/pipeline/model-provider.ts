import path from 'node:path';
import { openProvider, type OpenedProvider } from '../sample/open-provider.js';
import type { StudyModel } from './study-file.js';

/** The model's provider; a list of endpoints is one pooled provider (concurrency is per endpoint). */
export function providerFor(model: StudyModel, baseDir: string, concurrency = 16): OpenedProvider {
  return openProvider({
    endpoint: model.endpoint,
    checkpoint: model.checkpoint === undefined ? undefined : path.resolve(baseDir, model.checkpoint),
    servedName: model.served_name ?? model.name,
    api: model.api,
    apiKeyEnv: model.api_key_env,
    maxSockets: concurrency,
  });
}


import { TEMPLATES, getTemplate } from '../bench/templates.js';
import { InputError } from '../errors.js';
import { openStore } from '../study/open-store.js';
import { loadChatTemplate } from './chat-template.js';
import { openProvider } from './open-provider.js';
import type { Capabilities } from './probe.js';
import { promptRuleHash, type PromptRule } from './prompt-source.js';
import { scoreRun, type ScoreSummary } from './score-run.js';

/** `rlbound score` as a library call. */
export interface ScoreJobOptions {
  study: string;
  run: number;
  scorer: string;
  endpoint?: string;
  checkpoint?: string;
  servedName?: string;
  apiKeyEnv?: string;
  /** The template the run was sampled with; found automatically among the built-ins when omitted. */
  template?: string;
  tokenizerConfig?: string;
  concurrency: number;
  topLogprobs?: number;
  timeoutMs?: number;
  onProbe?: (caps: Capabilities) => void;
  onProgress?: (done: number, failed: number) => void;
  signal?: AbortSignal;
}

export async function runScoreJob(o: ScoreJobOptions): Promise<ScoreSummary> {
  const store = await openStore(o.study, { mustExist: true });
  let close = (): void => undefined;
  try {
    const run = await store.getRun(o.run);
    if (run === null) throw new InputError(`no run ${o.run} in this study (see its runs with rlbound view)`, { file: o.study, field: '--run' });
    const rule = await runRule(o, run.promptTemplateHash);
    const servedName = o.servedName ?? o.scorer;
    const opened = openProvider({
      endpoint: o.endpoint,
      checkpoint: o.checkpoint,
      servedName,
      apiKeyEnv: o.apiKeyEnv,
      timeoutMs: o.timeoutMs,
      maxSockets: o.concurrency,
    });
    close = opened.close;
    return await scoreRun({
      store,
      provider: opened.provider,
      runId: run.id,
      scorerName: o.scorer,
      servedName,
      providerKind: opened.kind,
      endpoint: opened.location,
      rule,
      concurrency: o.concurrency,
      topLogprobs: o.topLogprobs,
      onProbe: o.onProbe,
      onProgress: o.onProgress,
      signal: o.signal,
    });
  } finally {
    close();
    await store.close();
  }
}

/** Rebuilds the run's prompt rule: the one given, or the built-in whose hash matches the run's. */
async function runRule(o: ScoreJobOptions, hash: string): Promise<PromptRule> {
  let candidates: PromptRule[];
  if (o.tokenizerConfig !== undefined) {
    const chatTemplate = await loadChatTemplate(o.tokenizerConfig);
    const names = o.template !== undefined ? [o.template] : Object.keys(TEMPLATES);
    candidates = names.map((n) => ({ kind: 'jinja' as const, template: getTemplate(n), chatTemplate, source: o.tokenizerConfig as string }));
  } else if (o.template === 'raw') candidates = [{ kind: 'raw' }];
  else if (o.template !== undefined) candidates = [{ kind: 'template', template: getTemplate(o.template), chat: false }];
  else candidates = [{ kind: 'raw' }, ...Object.values(TEMPLATES).map((t) => ({ kind: 'template' as const, template: t, chat: false }))];
  const found = candidates.find((r) => promptRuleHash(r) === hash);
  if (found === undefined) {
    throw new InputError('the run was sampled with other prompts than this template gives; pass the --template (and --tokenizer-config) used for sampling', {
      field: '--template',
    });
  }
  return found;
}

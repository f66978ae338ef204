import { GptModel, gptConfigSchema } from '../model/index.js';

/**
 * A copy of `model` with the same weights: the frozen KL reference, or — with `valueHead` — PPO's
 * critic, initialised from the policy with a zero value head (lab-prototype.md §1.4). The value
 * head's parameters come last in the flat layout, so the shared prefix copies over directly.
 */
export function cloneModel(model: GptModel, options: { valueHead?: boolean } = {}): GptModel {
  const config = gptConfigSchema.parse({ ...model.config, valueHead: options.valueHead ?? model.config.valueHead });
  const copy = new GptModel(config, model.engine);
  const shared = Math.min(copy.params.length, model.params.length);
  copy.params.set(model.params.subarray(0, shared));
  return copy;
}

import type { TokenRows } from '../tokens.js';
import { gaeAdvantages, type GaeOptions } from './gae.js';
import { grpoAdvantages, type GrpoOptions } from './grpo.js';
import { reinforcePpAdvantages, reinforcePpBaselineAdvantages } from './reinforce-pp.js';
import { remaxAdvantages } from './remax.js';
import { rlooAdvantages } from './rloo.js';
import type { AdvantageInput, AdvantageOutput } from './types.js';

export * from './types.js';
export * from './gae.js';
export * from './grpo.js';
export * from './rloo.js';
export * from './remax.js';
export * from './reinforce-pp.js';
export * from './dapo.js';

/** verl's `adv_estimator` names (DAPO uses `grpo` plus filtering and shaping around it). */
export type AdvantageEstimator = 'gae' | 'grpo' | 'rloo' | 'remax' | 'reinforce++' | 'reinforce++-baseline';

export interface EstimatorExtras {
  /** Critic values (GAE only). */
  values?: TokenRows;
  /** Greedy-decode score per response's prompt (ReMax only). */
  greedyBaselines?: readonly number[];
  gae?: GaeOptions;
  grpo?: GrpoOptions;
}

/** Runs the named estimator on a whole step batch. */
export function computeAdvantages(estimator: AdvantageEstimator, input: AdvantageInput, extras: EstimatorExtras = {}): AdvantageOutput {
  switch (estimator) {
    case 'gae':
      if (!extras.values) throw new Error('GAE needs critic values');
      return gaeAdvantages({ ...input, values: extras.values }, extras.gae);
    case 'grpo':
      return grpoAdvantages(input, extras.grpo);
    case 'rloo':
      return rlooAdvantages(input);
    case 'remax':
      if (!extras.greedyBaselines) throw new Error('ReMax needs the greedy-decode baseline scores');
      return remaxAdvantages({ ...input, greedyBaselines: extras.greedyBaselines });
    case 'reinforce++':
      return reinforcePpAdvantages(input);
    case 'reinforce++-baseline':
      return reinforcePpBaselineAdvantages(input);
  }
}

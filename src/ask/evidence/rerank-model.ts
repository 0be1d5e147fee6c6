import type { RerankModel } from './rerank.js';

/**
 * The learned unit score's weights, written by `npx tsx bench/rerank-fit.ts --write` (fitted on every
 * set of bench/answers/: abcd, abcd-check, abcd-3, abcd-4, abcd-5, demo; L2 0.01, keep lead:1 chosen by the
 * leave-one-set-out total). Features are described in `rerank.ts`.
 */
export const rerankModel: RerankModel = {
  bias: -3.421,
  weights: {
    hand_score: 1.741,
    coverage: 0.029,
    coverage_rel: 0.822,
    context_coverage: 0.212,
    heading: 0.286,
    section: 0.248,
    title: -0.047,
    section_coverage: 0.422,
    key_topic: -0.227,
    value_asked: 0.647,
    value_missing: -0.983,
    number: 0.555,
    list_asked: 0.186,
    announces: 0.118,
    item: 0.758,
    step_asked: 0.096,
    asks: -0.163,
    restates: 0.311,
    adds: 0.351,
    problem: -0.41,
    before_steps: -0.122,
    other_bound: -0.021,
    retrieval: 0.519,
    best_passage: 0.475,
    state: -0.173,
  },
  keep: 0,
  lead: 1,
};

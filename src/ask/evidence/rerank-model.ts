import type { RerankModel } from './rerank.js';

/**
 * The learned unit score's weights, written by `npx tsx bench/rerank-fit.ts --write` (fitted on every
 * set of bench/answers/: abcd, abcd-check, abcd-3, abcd-4, abcd-5, demo; L2 0.01, keep lead:1 chosen by the
 * leave-one-set-out total). Features are described in `rerank.ts`.
 */
export const rerankModel: RerankModel = {
  bias: -3.439,
  weights: {
    hand_score: 1.739,
    coverage: 0.133,
    coverage_rel: 0.882,
    context_coverage: 0.308,
    heading: 0.365,
    section: 0.387,
    title: -0.128,
    section_coverage: 0.328,
    key_topic: -0.091,
    value_asked: 0.786,
    value_missing: -1.214,
    number: 0.42,
    list_asked: 0.146,
    announces: 0.073,
    item: 0.78,
    step_asked: 0.166,
    asks: -0.147,
    restates: 0.34,
    adds: 0.422,
    problem: -0.349,
    before_steps: -0.161,
    other_bound: -0.02,
    retrieval: 0.463,
    best_passage: 0.452,
    state: -0.194,
  },
  keep: 0,
  lead: 1,
};

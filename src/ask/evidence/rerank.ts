import { rerankModel } from './rerank-model.js';

/**
 * The learned unit score: which sentence or list of the retrieved passages answers the question. A
 * logistic model over features the weighing already computes for every candidate unit (how much of the
 * question's IDF weight its own text covers, whether it states a value of the kind asked for, whether it
 * sits under a heading that matches the question, whether it is a list when a list is asked for, how much
 * of it merely restates the question, ...). The weights are fitted by `bench/rerank-fit.ts` on the
 * question sets in `bench/answers/` and committed in `rerank-model.ts`; that script prints
 * leave-one-set-out figures, so that the gain is measured on questions the weights were not fitted on.
 *
 * It only chooses which units answer. Whether the question is answered at all is still `decide`'s, over
 * the units the hand-written score chose: the learned score cannot turn a decline into an answer.
 */
export interface RerankModel {
  bias: number;
  /** One weight per feature name (see `UnitFeatures`); a feature without a weight counts nothing. */
  weights: Readonly<Record<string, number>>;
  /** Units whose probability is at least this share of the best unit's are quoted after it. */
  keep: number;
  /**
   * When set, the `lead` most probable units are quoted first and the hand score's choice after them (the
   * answer keeps what the hand score quoted, less what the format's item limit cuts); `keep` is then unused.
   */
  lead?: number;
}

/** The features of one candidate unit, each 0..1 (or a small count), by name. */
export type UnitFeatures = Record<string, number>;

/** The features the model reads, in a fixed order (the fit script and the committed weights use these names). */
export const featureNames = [
  // The hand-written score (`weigh.ts`), as a share of the best unit's: the prior the model corrects.
  'hand_score',
  // Share of the question's weight the unit's own text covers (a relative counts 0.7), and that share
  // over the best unit's.
  'coverage',
  'coverage_rel',
  // Share covered only through the list item above it or the headings.
  'context_coverage',
  // Share of the question's weight the unit's headings mention (all of them; its section's own heading;
  // its document's title): the section is about the question. Share its section's units cover together.
  'heading',
  'section',
  'title',
  'section_coverage',
  // Its own text mentions the question's most specific topic word.
  'key_topic',
  // The question asks for a kind of value (money, a duration, a date) and the unit states one; the unit
  // states some number at all.
  'value_asked',
  'value_missing',
  'number',
  // A list kept whole, answering a question that asks for one; a list item; a list item answering a
  // question asking what to do.
  'list_asked',
  // Opens with what it lists (`Options include`, `valid options are`).
  'announces',
  'item',
  'step_asked',
  // Asks rather than tells (a list of FAQ questions, `Option 1`).
  'asks',
  // Share of the unit's own words that are the question's: a unit made of the question's words restates
  // it; and how many words it adds (log).
  'restates',
  'adds',
  // Prose opening its passage; prose followed by list items (in a manual, the problem before the steps).
  'problem',
  'before_steps',
  // Bounds a quantity the other way than the question (`less than a week` for `over a week`).
  'other_bound',
  // Retrieval: its passage's score over the best's; in the passage covering most of the question.
  'retrieval',
  'best_passage',
  // A record of fetched state the question asked about.
  'state',
] as const;

export type FeatureName = (typeof featureNames)[number];

/** The model's probability that a unit with these features answers the question. */
export function rerankProbability(features: UnitFeatures, model: RerankModel = rerankModel): number {
  let z = model.bias;
  for (const name of featureNames) z += (model.weights[name] ?? 0) * (features[name] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

export { rerankModel };

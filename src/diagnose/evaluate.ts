import { type CategoryId, categoryIds } from '../taxonomy/index.js';

/** Precision, recall and F1 of one category, with the counts behind them. */
export interface CategoryScore {
  category: CategoryId;
  /** Strands labelled with the category in the gold data. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  perCategory: CategoryScore[];
  precision: number;
  recall: number;
  microF1: number;
  /** Strands whose predicted label set equals the gold set exactly. */
  exactMatch: number;
}

/** Micro-averaged precision, recall and F1 of predicted label sets against gold label sets. */
export function microScores(
  predicted: readonly (readonly CategoryId[])[],
  gold: readonly (readonly CategoryId[])[],
): { precision: number; recall: number; microF1: number } {
  let truePositives = 0;
  let predictedCount = 0;
  let goldCount = 0;
  predicted.forEach((labels, index) => {
    const expected = gold[index] ?? [];
    predictedCount += labels.length;
    goldCount += expected.length;
    truePositives += labels.filter((label) => expected.includes(label)).length;
  });
  const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
  const recall = goldCount === 0 ? 0 : truePositives / goldCount;
  return { precision, recall, microF1: harmonic(precision, recall) };
}

/** Per-category and micro-averaged scores of a multi-label prediction. */
export function evaluateLabels(
  predicted: readonly (readonly CategoryId[])[],
  gold: readonly (readonly CategoryId[])[],
): Evaluation {
  const perCategory = categoryIds.map((category): CategoryScore => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    predicted.forEach((labels, index) => {
      const inPrediction = labels.includes(category);
      const inGold = (gold[index] ?? []).includes(category);
      if (inPrediction && inGold) truePositives++;
      else if (inPrediction) falsePositives++;
      else if (inGold) falseNegatives++;
    });
    const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
    const recall = truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives);
    return {
      category,
      support: truePositives + falseNegatives,
      truePositives,
      falsePositives,
      falseNegatives,
      precision,
      recall,
      f1: harmonic(precision, recall),
    };
  });
  const exact = predicted.filter((labels, index) => sameSet(labels, gold[index] ?? [])).length;
  return {
    perCategory,
    ...microScores(predicted, gold),
    exactMatch: predicted.length === 0 ? 0 : exact / predicted.length,
  };
}

function harmonic(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

import type { FeatureVector } from './features.js';

/**
 * Binary L2-regularised logistic regression over sparse features, trained by full-batch gradient descent
 * from zero weights: deterministic (same data, same model, byte for byte) and a few milliseconds for a few
 * hundred strands. One model per category gives the multi-label, one-vs-rest classifier.
 *
 * Why not a library: `natural`'s and `wink`'s classifiers are single-label (one class per document) and
 * naive Bayes probabilities are badly calibrated; a multi-label one-vs-rest logistic regression is about
 * sixty lines, and owning them keeps the model JSON small and readable.
 */
export interface BinaryModel {
  bias: number;
  weights: Map<string, number>;
}

export interface TrainBinaryOptions {
  /** Feature vectors, one per example. */
  inputs: readonly FeatureVector[];
  /** Whether each example is a positive. */
  targets: readonly boolean[];
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Weight of a positive example relative to a negative one (balances rare categories). */
  positiveWeight: number;
}

export function trainBinary(options: TrainBinaryOptions): BinaryModel {
  const { inputs, targets, l2, iterations, learningRate, positiveWeight } = options;
  const index = new Map<string, number>();
  const rows = inputs.map((input) =>
    [...input].map(([feature, value]) => {
      let column = index.get(feature);
      if (column === undefined) {
        column = index.size;
        index.set(feature, column);
      }
      return [column, value] as const;
    }),
  );
  const weights = new Float64Array(index.size);
  const gradient = new Float64Array(index.size);
  const exampleWeights = targets.map((target) => (target ? positiveWeight : 1));
  const total = exampleWeights.reduce((sum, weight) => sum + weight, 0) || 1;
  let bias = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    gradient.fill(0);
    let biasGradient = 0;
    rows.forEach((row, example) => {
      let z = bias;
      for (const [column, value] of row) z += (weights[column] ?? 0) * value;
      const error = ((sigmoid(z) - (targets[example] ? 1 : 0)) * (exampleWeights[example] ?? 1)) / total;
      biasGradient += error;
      for (const [column, value] of row) gradient[column] = (gradient[column] ?? 0) + error * value;
    });
    for (let column = 0; column < weights.length; column++) {
      const weight = weights[column] ?? 0;
      weights[column] = weight - learningRate * ((gradient[column] ?? 0) + l2 * weight);
    }
    bias -= learningRate * biasGradient;
  }
  const result = new Map<string, number>();
  for (const [feature, column] of index) {
    const weight = weights[column] ?? 0;
    if (Math.abs(weight) >= 1e-4) result.set(feature, weight);
  }
  return { bias, weights: result };
}

/** The model's probability that the example is a positive. */
export function predictBinary(model: BinaryModel, input: FeatureVector): number {
  let z = model.bias;
  for (const [feature, value] of input) z += (model.weights.get(feature) ?? 0) * value;
  return sigmoid(z);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

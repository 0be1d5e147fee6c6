import type { FeatureVector } from './features.js';

/**
 * L2-regularised logistic regression over sparse features, one binary model per class (one-vs-rest),
 * trained by full-batch Adam from zero weights: deterministic (same data, same model, byte for byte). All classes are trained in one pass over a compressed sparse matrix built once, so training ten
 * categories costs about what one did with per-class maps.
 *
 * Why not a library: `natural`'s and `wink`'s classifiers are single-label (one class per document) and
 * naive Bayes probabilities are badly calibrated; a multi-label one-vs-rest logistic regression is short,
 * and owning it keeps the model JSON small and readable.
 */
export interface BinaryModel {
  bias: number;
  weights: Map<string, number>;
}

export interface TrainSettings {
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  iterations: number;
  /** Adam's step size. */
  learningRate: number;
}

const beta1 = 0.9;
const beta2 = 0.999;

export interface TrainBinaryOptions extends TrainSettings {
  /** Feature vectors, one per example. */
  inputs: readonly FeatureVector[];
  /** Whether each example is a positive. */
  targets: readonly boolean[];
  /** Weight of a positive example relative to a negative one (balances rare categories). */
  positiveWeight: number;
}

export interface TrainOneVsRestOptions extends TrainSettings {
  inputs: readonly FeatureVector[];
  /** One target list per class, each with one entry per example. */
  targets: readonly (readonly boolean[])[];
  /** Per class: the weight of a positive example relative to a negative one. */
  positiveWeights: readonly number[];
  /** Per example: a weight multiplying its loss (1 when absent). */
  exampleWeights?: readonly number[];
  /** Weights smaller than this in absolute value are dropped from the result (default 1e-4). */
  keepAbove?: number;
}

export function trainBinary(options: TrainBinaryOptions): BinaryModel {
  const [model] = trainOneVsRest({ ...options, targets: [options.targets], positiveWeights: [options.positiveWeight] });
  if (!model) throw new Error('trainOneVsRest returned no model');
  return model;
}

export function trainOneVsRest(options: TrainOneVsRestOptions): BinaryModel[] {
  const { inputs, targets, l2, iterations, learningRate, keepAbove = 1e-4 } = options;
  const classCount = targets.length;
  const index = new Map<string, number>();
  const rowStarts = new Int32Array(inputs.length + 1);
  let nonZero = 0;
  for (const input of inputs) nonZero += input.size;
  const columns = new Int32Array(nonZero);
  const values = new Float64Array(nonZero);
  let cursor = 0;
  inputs.forEach((input, row) => {
    rowStarts[row] = cursor;
    for (const [feature, value] of input) {
      let column = index.get(feature);
      if (column === undefined) {
        column = index.size;
        index.set(feature, column);
      }
      columns[cursor] = column;
      values[cursor] = value;
      cursor++;
    }
  });
  rowStarts[inputs.length] = cursor;
  const featureCount = index.size;
  // Per class and example: the target (0 or 1) and the example's weight divided by the class's total.
  const target = new Float64Array(classCount * inputs.length);
  const scale = new Float64Array(classCount * inputs.length);
  for (let klass = 0; klass < classCount; klass++) {
    const positiveWeight = options.positiveWeights[klass] ?? 1;
    let total = 0;
    for (let row = 0; row < inputs.length; row++) {
      const positive = targets[klass]?.[row] === true;
      const weight = (positive ? positiveWeight : 1) * (options.exampleWeights?.[row] ?? 1);
      target[klass * inputs.length + row] = positive ? 1 : 0;
      scale[klass * inputs.length + row] = weight;
      total += weight;
    }
    for (let row = 0; row < inputs.length; row++) {
      const at = klass * inputs.length + row;
      scale[at] = (scale[at] ?? 0) / (total || 1);
    }
  }
  // Weights are stored feature-major (feature × class) so one row's classes sit together in memory.
  const weights = new Float64Array(featureCount * classCount);
  const gradient = new Float64Array(featureCount * classCount);
  const bias = new Float64Array(classCount);
  const biasGradient = new Float64Array(classCount);
  const errors = new Float64Array(classCount);
  const moment1 = new Float64Array(weights.length);
  const moment2 = new Float64Array(weights.length);
  const biasMoment1 = new Float64Array(classCount);
  const biasMoment2 = new Float64Array(classCount);
  for (let iteration = 0; iteration < iterations; iteration++) {
    gradient.fill(0);
    biasGradient.fill(0);
    for (let row = 0; row < inputs.length; row++) {
      const start = rowStarts[row] ?? 0;
      const end = rowStarts[row + 1] ?? 0;
      for (let klass = 0; klass < classCount; klass++) errors[klass] = bias[klass] ?? 0;
      for (let entry = start; entry < end; entry++) {
        const base = (columns[entry] ?? 0) * classCount;
        const value = values[entry] ?? 0;
        for (let klass = 0; klass < classCount; klass++) {
          errors[klass] = (errors[klass] ?? 0) + (weights[base + klass] ?? 0) * value;
        }
      }
      for (let klass = 0; klass < classCount; klass++) {
        const at = klass * inputs.length + row;
        const error = (sigmoid(errors[klass] ?? 0) - (target[at] ?? 0)) * (scale[at] ?? 0);
        errors[klass] = error;
        biasGradient[klass] = (biasGradient[klass] ?? 0) + error;
      }
      for (let entry = start; entry < end; entry++) {
        const base = (columns[entry] ?? 0) * classCount;
        const value = values[entry] ?? 0;
        for (let klass = 0; klass < classCount; klass++) {
          gradient[base + klass] = (gradient[base + klass] ?? 0) + (errors[klass] ?? 0) * value;
        }
      }
    }
    // Adam: a step per weight scaled by its own gradient history, so rare words learn as fast as common
    // ones (plain gradient descent left them near zero after hundreds of steps).
    const step = iteration + 1;
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    const update = (value: number, slope: number, at: number, first: Float64Array, second: Float64Array) => {
      const moment = beta1 * (first[at] ?? 0) + (1 - beta1) * slope;
      const square = beta2 * (second[at] ?? 0) + (1 - beta2) * slope * slope;
      first[at] = moment;
      second[at] = square;
      return value - (learningRate * (moment / correction1)) / (Math.sqrt(square / correction2) + 1e-8);
    };
    for (let at = 0; at < weights.length; at++) {
      const weight = weights[at] ?? 0;
      weights[at] = update(weight, (gradient[at] ?? 0) + l2 * weight, at, moment1, moment2);
    }
    for (let klass = 0; klass < classCount; klass++) {
      bias[klass] = update(bias[klass] ?? 0, biasGradient[klass] ?? 0, klass, biasMoment1, biasMoment2);
    }
  }
  return Array.from({ length: classCount }, (_, klass) => {
    const result = new Map<string, number>();
    for (const [feature, column] of index) {
      const weight = weights[column * classCount + klass] ?? 0;
      if (Math.abs(weight) >= keepAbove) result.set(feature, weight);
    }
    return { bias: bias[klass] ?? 0, weights: result };
  });
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

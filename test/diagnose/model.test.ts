import { describe, expect, it } from 'vitest';
import { cueCounts, featurize, stem, tokenize } from '../../src/diagnose/features.js';
import { predictBinary, trainBinary } from '../../src/diagnose/logistic-regression.js';
import { assignCategories, scoreStrand, type TrainingExample, trainOfflineModel } from '../../src/diagnose/model.js';
import { modelFromJson, modelToJson } from '../../src/diagnose/model-file.js';

// A tiny readable training set, built here, so these tests do not depend on the committed data.
const examples: TrainingExample[] = [
  ['the tone is rude and cold', ['style']],
  ['it sounds robotic and stiff', ['style']],
  ['way too formal for our customers', ['style']],
  ['answers are a wall of text instead of a list', ['format']],
  ['the json is missing a field', ['format']],
  ['bullet points one day, paragraphs the next', ['format']],
  ['it quotes last year’s prices', ['current_facts']],
  ['the product it recommends was discontinued', ['current_facts']],
  ['it describes the old dashboard', ['current_facts']],
  ['it shows another customer’s invoices', ['permissions']],
  ['a guest can read internal notes', ['permissions']],
  ['agents see accounts they are not allowed to see', ['permissions']],
  ['it sounds rude and quotes old prices', ['style', 'current_facts']],
].map(([text, categories], index) => ({ text, categories, group: `g${index % 7}` }) as TrainingExample);

describe('features', () => {
  it.each([
    ['prices', 'price'],
    ['pricing', 'price'],
    ['apologizes', 'apologize'],
    ['policies', 'policy'],
  ])('stems %s like %s', (word, base) => {
    expect(stem(word)).toBe(stem(base));
  });

  it('folds numbers, money and versions into placeholders', () => {
    expect(tokenize('It says $29 for v2.3 and 30 days, 10% off')).toEqual([
      'it',
      'say',
      'zmoney',
      'for',
      'zversion',
      'and',
      'znum',
      'day',
      'zpercent',
      'off',
    ]);
  });

  it('counts the taxonomy’s cue phrases per category', () => {
    const counts = cueCounts(tokenize('its tone is inconsistent and the prices are out of date'));
    expect(counts.get('style')).toBeGreaterThanOrEqual(1);
    expect(counts.get('current_facts')).toBeGreaterThanOrEqual(2);
    expect(counts.get('permissions')).toBeUndefined();
  });

  it('scales a vector to unit length', () => {
    const vector = featurize('the tone is rude');
    const norm = Math.sqrt([...vector.values()].reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 10);
  });
});

describe('logistic regression', () => {
  it('separates a separable toy problem and gives probabilities', () => {
    const inputs = [new Map([['a', 1]]), new Map([['a', 1]]), new Map([['b', 1]]), new Map([['b', 1]])];
    const model = trainBinary({
      inputs,
      targets: [true, true, false, false],
      l2: 0.001,
      iterations: 300,
      learningRate: 2,
      positiveWeight: 1,
    });
    expect(predictBinary(model, new Map([['a', 1]]))).toBeGreaterThan(0.8);
    expect(predictBinary(model, new Map([['b', 1]]))).toBeLessThan(0.2);
    expect(predictBinary(model, new Map([['c', 1]]))).toBeGreaterThan(0.2);
    expect(predictBinary(model, new Map([['c', 1]]))).toBeLessThan(0.8);
  });
});

describe('the offline model', () => {
  it('is deterministic: the same data gives the same model, byte for byte', () => {
    expect(JSON.stringify(modelToJson(trainOfflineModel(examples)))).toBe(
      JSON.stringify(modelToJson(trainOfflineModel(examples))),
    );
  });

  it('reads back from its JSON file with the same predictions', () => {
    const model = trainOfflineModel(examples);
    const reloaded = modelFromJson(JSON.parse(JSON.stringify(modelToJson(model))));
    for (const text of ['the voice is cold', 'it quotes the old price list', 'it leaks internal notes']) {
      const before = scoreStrand(model, text);
      const after = scoreStrand(reloaded, text);
      for (const [category, score] of Object.entries(before)) {
        expect(after[category as keyof typeof after]).toBeCloseTo(score, 4);
      }
      expect(assignCategories(reloaded, after)).toEqual(assignCategories(model, before));
    }
  });

  it('refuses a model file built with other features', () => {
    const file = { ...modelToJson(trainOfflineModel(examples)), features_version: 0 };
    expect(() => modelFromJson(file)).toThrow(/features v0/);
  });

  it('assigns the most likely category above the floor when none reaches the threshold, and none below it', () => {
    const scores = {
      style: 0.3,
      format: 0.1,
      task_behavior: 0,
      domain_skill: 0,
      tool_discipline: 0,
      current_facts: 0.2,
      business_state: 0,
      permissions: 0,
      fast_changing_policy: 0,
      deletable_private_data: 0,
    };
    expect(assignCategories({ threshold: 0.5, floor: 0.25 }, scores)).toEqual(['style']);
    expect(assignCategories({ threshold: 0.5, floor: 0.35 }, scores)).toEqual([]);
    expect(assignCategories({ threshold: 0.15, floor: 0.1 }, scores)).toEqual(['style', 'current_facts']);
  });
});

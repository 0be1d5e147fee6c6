import { describe, expect, it } from 'vitest';
import { assignCategories, assignComplaint, unclearCandidates } from '../../src/diagnose/calibrate.js';
import { cueCounts, cueIndex, featurize, stem, supportedCues, tokenize } from '../../src/diagnose/features.js';
import { predictBinary, trainBinary, trainOneVsRest } from '../../src/diagnose/logistic-regression.js';
import { scoreStrand, type TrainingExample, trainOfflineModel } from '../../src/diagnose/model.js';
import { modelFromJson, modelToJson } from '../../src/diagnose/model-file.js';
import { type CategoryId, categoryIds } from '../../src/taxonomy/index.js';

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

  it('keeps only the cues a training strand of the category contains', () => {
    const cues = supportedCues(examples);
    expect(cues.style).toEqual(expect.arrayContaining(['tone', 'rude', 'cold', 'robotic', 'stiff', 'formal']));
    expect(cues.style).not.toContain('emoji');
    expect(cues.current_facts).toEqual(expect.arrayContaining(['last year', 'discontinued', 'old']));
    expect(cues.current_facts).not.toContain('tone');
    expect(cues.deletable_private_data).toEqual([]);
  });

  it('counts the cue phrases per category', () => {
    const index = cueIndex(supportedCues(examples));
    const counts = cueCounts(tokenize('its tone is cold and the prices are from last year'), index);
    expect(counts.get('style')).toBe(2);
    expect(counts.get('current_facts')).toBeGreaterThanOrEqual(1);
    expect(counts.get('permissions')).toBeUndefined();
  });

  it('marks the words a negation governs and the neighbours of ambiguous words', () => {
    const index = cueIndex(supportedCues(examples));
    const negated = featurize("it doesn't call the lookup tool", index);
    expect([...negated.keys()]).toEqual(expect.arrayContaining(['n:call', 'n:lookup', 'w:tool']));
    const deleted = featurize('the page we deleted is still served', index);
    expect([...deleted.keys()]).toEqual(expect.arrayContaining(['s:delet~page', 's:delet~still']));
    expect([...featurize('the tone is rude', index).keys()].some((key) => key.startsWith('n:'))).toBe(false);
  });

  it('scales a vector to unit length', () => {
    const vector = featurize('the tone is rude', cueIndex(supportedCues(examples)));
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
      learningRate: 0.1,
      positiveWeight: 1,
    });
    expect(predictBinary(model, new Map([['a', 1]]))).toBeGreaterThan(0.8);
    expect(predictBinary(model, new Map([['b', 1]]))).toBeLessThan(0.2);
    expect(predictBinary(model, new Map([['c', 1]]))).toBeGreaterThan(0.2);
    expect(predictBinary(model, new Map([['c', 1]]))).toBeLessThan(0.8);
  });
});

describe('one-vs-rest training', () => {
  it('gives each class the model binary training gives it alone', () => {
    const inputs = [
      new Map([['a', 1]]),
      new Map([['b', 1]]),
      new Map([
        ['a', 0.5],
        ['b', 0.5],
      ]),
    ];
    const targets = [
      [true, false, true],
      [false, true, false],
    ];
    const settings = { l2: 0.001, iterations: 50, learningRate: 0.1 };
    const together = trainOneVsRest({ inputs, targets, positiveWeights: [1, 2], ...settings });
    targets.forEach((list, at) => {
      const alone = trainBinary({ inputs, targets: list, positiveWeight: at === 0 ? 1 : 2, ...settings });
      expect(together[at]?.bias).toBeCloseTo(alone.bias, 12);
      expect(together[at]?.weights).toEqual(alone.weights);
    });
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
      expect(after.symptom).toBeCloseTo(before.symptom, 4);
      for (const [category, score] of Object.entries(before.categories)) {
        expect(after.categories[category as CategoryId]).toBeCloseTo(score, 4);
      }
      expect(assignCategories(reloaded, after)).toEqual(assignCategories(model, before));
    }
  });

  it('refuses a model file built with other features', () => {
    const file = { ...modelToJson(trainOfflineModel(examples)), features_version: 0 };
    expect(() => modelFromJson(file)).toThrow(/features v0/);
  });

  it('assigns a category at its own threshold, at most the cap, furthest above its threshold first', () => {
    const scores = {
      style: 0.3,
      format: 0.1,
      task_behavior: 0,
      domain_skill: 0,
      tool_discipline: 0,
      current_facts: 0.5,
      business_state: 0,
      permissions: 0,
      fast_changing_policy: 0,
      deletable_private_data: 0.2,
    };
    const thresholds = { ...scores, style: 0.25, current_facts: 0.48, format: 0.5, deletable_private_data: 0.5 };
    for (const id of ['task_behavior', 'domain_skill', 'tool_discipline', 'business_state', 'permissions'] as const) {
      thresholds[id] = 0.5;
    }
    thresholds.fast_changing_policy = 0.5;
    const strand = { symptom: 0.9, categories: scores };
    const loose = { thresholds, maxCategories: 2, poolRatio: 1 };
    expect(assignCategories(loose, strand)).toEqual(['style', 'current_facts']);
    expect(assignCategories({ ...loose, maxCategories: 1 }, strand)).toEqual(['style']);
    // A strand that more likely than not names no symptom gets no category, whatever its scores.
    expect(assignCategories(loose, { ...strand, symptom: 0.4 })).toEqual([]);
    const strict = { ...thresholds, style: 0.9, current_facts: 0.9 };
    const rule = { thresholds: strict, maxCategories: 2, poolRatio: 1 };
    expect(assignCategories(rule, strand)).toEqual([]);
    // Unclear when the strand more likely than not names a symptom: the best and a runner-up scoring at least
    // half of it; below the floor it names none.
    expect(unclearCandidates({ symptom: 0.7, categories: scores })).toEqual(['current_facts', 'style']);
    expect(unclearCandidates({ symptom: 0.7, categories: { ...scores, style: 0.2 } })).toEqual(['current_facts']);
    expect(unclearCandidates({ symptom: 0.4, categories: scores })).toEqual([]);
  });

  it('pools a complaint with no confident strand: the category nearest its threshold, on the strand that carries it', () => {
    const zero = Object.fromEntries(categoryIds.map((id) => [id, 0])) as Record<CategoryId, number>;
    const thresholds = Object.fromEntries(categoryIds.map((id) => [id, 0.5])) as Record<CategoryId, number>;
    const rule = { thresholds, maxCategories: 1, poolRatio: 0.7 };
    const strand = (categories: Partial<Record<CategoryId, number>>) => ({
      symptom: 0.5,
      categories: { ...zero, ...categories },
    });
    const background = strand({ style: 0.1 });
    const weak = strand({ business_state: 0.4, current_facts: 0.3 });
    expect(assignComplaint(rule, [background, weak])).toEqual([[], ['business_state']]);
    // Below the pooling ratio (0.3 / 0.5 < 0.7) the complaint stays unclear rather than guessed.
    expect(assignComplaint(rule, [background, strand({ business_state: 0.3 })])).toEqual([[], []]);
    // Pooling is only for complaints with nothing confident: a confident strand elsewhere leaves the weak one alone.
    expect(assignComplaint(rule, [strand({ style: 0.9 }), weak])).toEqual([['style'], []]);
    expect(assignComplaint({ ...rule, poolRatio: 1 }, [background, weak])).toEqual([[], []]);
  });
});

import { describe, expect, it } from 'vitest';
import { heldOutDrawnOver, heldOutIds, isHeldOut, readLabelledComplaints } from '../../src/diagnose/dataset.js';
import { evaluateLabels } from '../../src/diagnose/evaluate.js';
import { assignCategories, scoreStrand, trainOfflineModel } from '../../src/diagnose/model.js';
import { trainingExamples } from '../../src/diagnose/model-file.js';
import { categoryIds } from '../../src/taxonomy/index.js';

// The labelled set is data/complaints/complaints.jsonl; the held-out tenth never enters training here.
const complaints = readLabelledComplaints();
const train = complaints.filter((complaint) => !isHeldOut(complaint));
const test = complaints.filter(isHeldOut);

describe('the labelled complaint set', () => {
  it('is large, mixed and covers every category', () => {
    expect(complaints.length).toBeGreaterThanOrEqual(170);
    const strands = complaints.flatMap((complaint) => complaint.strands);
    for (const id of categoryIds) {
      expect(strands.filter((strand) => strand.categories.includes(id)).length, id).toBeGreaterThanOrEqual(12);
    }
    expect(complaints.filter((complaint) => complaint.strands.length >= 3).length).toBeGreaterThanOrEqual(40);
    expect(complaints.filter((complaint) => complaint.asks_for_fine_tuning).length).toBeGreaterThanOrEqual(30);
    expect(new Set(complaints.map((complaint) => complaint.id)).size).toBe(complaints.length);
  });

  it('labels strands that are quoted from their complaint', () => {
    for (const complaint of complaints) {
      for (const strand of complaint.strands) expect(complaint.text, complaint.id).toContain(strand.text);
    }
  });

  it('holds out the tenth chosen by the documented stratified rule, with every category in it', () => {
    const drawnFrom = complaints.slice(0, heldOutDrawnOver);
    expect(new Set(test.map((complaint) => complaint.id))).toEqual(heldOutIds(drawnFrom));
    expect(test.length / drawnFrom.length).toBeGreaterThan(0.09);
    expect(test.length / drawnFrom.length).toBeLessThan(0.12);
    expect(complaints.slice(heldOutDrawnOver).every((complaint) => complaint.split === 'train')).toBe(true);
    const testStrands = test.flatMap((complaint) => complaint.strands);
    for (const id of categoryIds)
      expect(
        testStrands.some((strand) => strand.categories.includes(id)),
        id,
      ).toBe(true);
  });
});

describe('the offline classifier on the held-out tenth', () => {
  it('reaches at least 0.8 micro-F1 (per-category precision and recall printed)', () => {
    const model = trainOfflineModel(trainingExamples(train));
    const examples = trainingExamples(test);
    const predicted = examples.map((example) => assignCategories(model, scoreStrand(model, example.text)));
    const evaluation = evaluateLabels(
      predicted,
      examples.map((example) => example.categories),
    );
    const rows = evaluation.perCategory.map(
      (score) =>
        `${score.category.padEnd(24)} ${String(score.support).padStart(7)} ${score.precision.toFixed(2).padStart(9)} ${score.recall.toFixed(2).padStart(6)} ${score.f1.toFixed(2).padStart(5)}`,
    );
    console.log(
      [
        `held out: ${test.length} complaints, ${examples.length} strands; trained on ${model.trainedOn.strands} strands (threshold ${model.threshold}, floor ${model.floor})`,
        `${'category'.padEnd(24)} support precision recall    f1`,
        ...rows,
        `${'micro'.padEnd(24)} ${String(evaluation.perCategory.reduce((sum, score) => sum + score.support, 0)).padStart(7)} ${evaluation.precision.toFixed(2).padStart(9)} ${evaluation.recall.toFixed(2).padStart(6)} ${evaluation.microF1.toFixed(2).padStart(5)}`,
        `exact label-set match: ${evaluation.exactMatch.toFixed(2)}`,
      ].join('\n'),
    );
    expect(evaluation.microF1).toBeGreaterThanOrEqual(0.8);
  });
});

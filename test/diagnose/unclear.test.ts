import { describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/diagnose.js';
import { type TrainingExample, trainOfflineModel } from '../../src/diagnose/model.js';
import { renderMarkdown, renderText } from '../../src/diagnose/render.js';
import { unclearQuestion } from '../../src/diagnose/unclear.js';
import { categoryIds } from '../../src/taxonomy/index.js';

// A small model built here, so the outcome does not depend on the committed data: facts and private data.
const examples: TrainingExample[] = [
  ['it gives our old support phone number', ['current_facts']],
  ['the phone number for the shop is out of date', ['current_facts']],
  ['it quotes last year’s prices', ['current_facts']],
  ['the model recites a customer’s phone number from training', ['deletable_private_data']],
  ['she asked us to erase her phone number and the bot still knows it', ['deletable_private_data']],
  ['it remembers a customer’s home address', ['deletable_private_data']],
  ['we are a small shop', []],
].map(([text, categories], index) => ({ text, categories, group: `g${index}` }) as TrainingExample);

/** A complaint stage sure of nothing: the strands alone decide. */
const unsureComplaintStage = {
  classes: Object.fromEntries(categoryIds.map((id) => [id, { bias: -5, weights: new Map<string, number>() }])),
} as ReturnType<typeof trainOfflineModel>['complaint'];

describe('an unclear strand', () => {
  it('gets no category when neither stage is confident, names the likely ones and asks the question of the pair', async () => {
    const trained = trainOfflineModel(examples);
    // No category is confident when every threshold is out of reach, and the strand surely names a symptom.
    const thresholds = Object.fromEntries(categoryIds.map((id) => [id, 0.99])) as typeof trained.thresholds;
    const model = {
      ...trained,
      thresholds,
      poolRatio: 1,
      symptom: { bias: 5, weights: new Map() },
      complaint: unsureComplaintStage,
    };
    const diagnoser = await createDiagnoser({ model });
    const diagnosis = diagnoser.diagnose('The bot gave out a phone number.');
    const [strand] = diagnosis.strands;
    expect(strand?.categories).toEqual([]);
    expect(strand?.outcome).toBe('unclear');
    expect(new Set(strand?.candidates)).toEqual(new Set(['current_facts', 'deletable_private_data']));
    expect(strand?.question).toBe(unclearQuestion(['current_facts', 'deletable_private_data']));
    expect(strand?.question).toMatch(/wrong or out of date .* a person’s own data/);
    expect(strand?.fine_tune).toBe('unknown');
    expect(diagnosis.categories).toEqual([]);
    expect(diagnosis.unclear).toEqual({ question: strand?.question, candidates: strand?.candidates });
    expect(renderText(diagnosis)).toContain(`   ask:    ${strand?.question}`);
    expect(renderMarkdown(diagnosis, 'The bot gave out a phone number.')).toContain(
      `**Unclear.** Ask: ${strand?.question}`,
    );
  });

  it('is a symptom-less strand below the floor: no candidates, no question of its own', async () => {
    const trained = trainOfflineModel(examples);
    const thresholds = Object.fromEntries(categoryIds.map((id) => [id, 0.99])) as typeof trained.thresholds;
    const surelyNone = { bias: -5, weights: new Map<string, number>() };
    const diagnoser = await createDiagnoser({
      model: { ...trained, thresholds, poolRatio: 1, symptom: surelyNone, complaint: unsureComplaintStage },
    });
    const diagnosis = diagnoser.diagnose('We are a small shop.');
    expect(diagnosis.strands.map((strand) => [strand.outcome, strand.question])).toEqual([['no_symptom', undefined]]);
    expect(diagnosis.unclear?.question).toBe(unclearQuestion([]));
  });

  it('builds a question for a pair without one of its own from the two summaries', () => {
    expect(unclearQuestion(['style', 'permissions'])).toMatch(
      /^Is this about style \(tone, voice, register, formality\) or permissions \(what this user may see or do\)\?/,
    );
    expect(unclearQuestion(['format'])).toMatch(/^Is this about format \(JSON shape/);
  });
});

import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/diagnose/features.js';
import { categoryIds, getCategory, inTaxonomyOrder, isCategoryId, taxonomy } from '../../src/taxonomy/index.js';

describe('the taxonomy', () => {
  it('has the ten categories of the BRIEF, in its order', () => {
    expect(categoryIds).toEqual([
      'style',
      'format',
      'task_behavior',
      'domain_skill',
      'tool_discipline',
      'current_facts',
      'business_state',
      'permissions',
      'fast_changing_policy',
      'deletable_private_data',
    ]);
  });

  it.each(taxonomy.map((category) => [category.id, category] as const))('%s is complete', (_id, category) => {
    for (const field of ['label', 'summary', 'livesText', 'intervention', 'why', 'verify', 'undo', 'route'] as const) {
      expect(category[field].trim().length, field).toBeGreaterThan(3);
    }
    expect(category.lives.length).toBeGreaterThan(0);
    expect(category.reversibility.text.length).toBeGreaterThan(5);
    expect(category.fineTune.text.length).toBeGreaterThan(5);
    expect(category.costOfGettingItWrong.wrongFix.length).toBeGreaterThan(5);
    expect(category.costOfGettingItWrong.trainingSpend.length).toBeGreaterThan(5);
    expect(category.cues.length).toBeGreaterThanOrEqual(20);
    for (const cue of category.cues) expect(tokenize(cue).length, cue).toBeGreaterThan(0);
  });

  it('keeps knowledge and control out of the weights', () => {
    for (const category of taxonomy) {
      if (category.side === 'behavior') expect(category.fineTune.verdict, category.id).not.toBe('no');
      else {
        expect(category.fineTune.verdict, category.id).toBe('no');
        expect(category.lives, category.id).not.toContain('weights');
        expect(category.costOfGettingItWrong.inabilityToDelete, category.id).not.toBeNull();
      }
    }
    expect(getCategory('permissions').side).toBe('control');
    expect(getCategory('current_facts').route).toBe('retrieval');
    expect(getCategory('domain_skill').fineTune.verdict).toBe('partly');
  });

  it('checks and orders ids', () => {
    expect(isCategoryId('style')).toBe(true);
    expect(isCategoryId('vibes')).toBe(false);
    expect(inTaxonomyOrder(['current_facts', 'style', 'current_facts'])).toEqual(['style', 'current_facts']);
  });
});

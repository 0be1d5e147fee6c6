import { describe, expect, it } from 'vitest';
import { projectLabels } from '../../src/diagnose/project-labels.js';

describe('labels projected onto the splitter’s pieces', () => {
  const complaint = {
    id: 'x1',
    text: 'Hi all,\n\nI run a small shop and   use Stallfront for payments. The bot quotes last year’s fees, which we changed in May. Thanks! Sent from my phone',
    strands: [
      { text: 'Hi all', categories: [] },
      { text: 'I run a small shop and   use Stallfront for payments', categories: [] },
      {
        text: 'The bot quotes last year’s fees, which we changed in May',
        categories: ['fast_changing_policy' as const],
      },
      { text: 'Thanks', categories: [] },
    ],
    asks_for_fine_tuning: false,
  };

  it('gives each piece the categories of the gold strand it overlaps most, across collapsed white space', () => {
    const pieces = [
      'Hi all',
      'I run a small shop',
      'use Stallfront for payments',
      'The bot quotes last year’s fees',
      'which we changed in May',
      'Thanks',
    ];
    expect(projectLabels(complaint, pieces).map((piece) => [piece.text, piece.categories])).toEqual([
      ['Hi all', []],
      ['I run a small shop', []],
      ['use Stallfront for payments', []],
      ['The bot quotes last year’s fees', ['fast_changing_policy']],
      ['which we changed in May', ['fast_changing_policy']],
      ['Thanks', []],
    ]);
  });

  it('leaves a piece mostly outside every gold strand, or not found in the text, with no category', () => {
    // The first piece lies mostly in the text between strands, the second in no strand, the third nowhere.
    const pieces = ['in May. Thanks! Sent from my phone', 'Sent from my phone', 'not in the text'];
    expect(projectLabels(complaint, pieces).map((piece) => piece.categories)).toEqual([[], [], []]);
  });
});

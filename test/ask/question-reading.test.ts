import { describe, expect, it } from 'vitest';
import { readQuestion } from '../../src/ask/evidence/question.js';
import { passageUnits } from '../../src/ask/evidence/units.js';
import { weighEvidence } from '../../src/ask/evidence/weigh.js';
import { splitUnusedCompounds, weighWords } from '../../src/ask/evidence/weights.js';
import { loadLexicon } from '../../src/lexicon/lexicon.js';
import type { Hit } from '../../src/store/knowledge-store.js';

/**
 * How a question is read (what it asks about, what kind of answer it wants) and which part of a passage
 * answers it, on passages written in the test.
 */

const hit = (id: string, text: string, score = 1): Hit => ({
  id,
  version: 1,
  chunk: 0,
  title: id,
  collection: 'policy',
  heading_path: [],
  score,
  text,
  effective_from: null,
  effective_until: null,
});

describe('reading a question', () => {
  it('relates a word used as a noun through its noun senses only (a curb is not a check)', async () => {
    const asked = readQuestion('Can orders be picked up at the curb?', await loadLexicon());
    const curb = asked.words.find((word) => word.word === 'curb');
    expect(curb?.topic).toBe(true);
    expect(curb?.relatives).toContain('kerb');
    expect(curb?.relatives).not.toContain('check');
  });

  it('weighs an adverb least: "normally" is how the question is put', async () => {
    const asked = readQuestion('How much is shipping normally?', await loadLexicon());
    const weights = weighWords(asked, { chunks: 100, frequencies: { shipping: 10, normally: 2 } });
    const weight = (word: string) => weights.find((entry) => entry.word === word)?.weight ?? 0;
    expect(asked.words.find((word) => word.word === 'normally')?.adverb).toBe(true);
    expect(weight('normally')).toBeLessThan(weight('shipping'));
  });

  it('reads a rare word no chunk uses as a topic when the dictionary knows it as a noun, whatever the tagger said', async () => {
    const lexicon = await loadLexicon();
    const asked = readQuestion('Do nurses get a discount?', lexicon);
    const weights = weighWords(asked, { chunks: 100, frequencies: { discount: 3 } });
    expect(weights.find((entry) => entry.word === 'nurses')).toMatchObject({ unknown: true, topic: true });
    const evidence = weighEvidence({
      asked,
      weights,
      units: passageUnits(hit('pricing', 'If the customer keeps pushing, offer them a discount with a promo code.'), 0),
      triggered: new Set(),
      minCoverage: 0.5,
    });
    expect(evidence.relevant).toBe(false);
    expect(evidence.coverage.missing).toEqual(['nurses']);
    // A word the dictionary knows only as a verb stays the asker's wording.
    const verb = readQuestion('Can agents expedite a discount?', lexicon);
    const verbWeights = weighWords(verb, { chunks: 100, frequencies: { discount: 3 } });
    expect(verbWeights.find((entry) => entry.word === 'expedite')).toMatchObject({ unknown: true, topic: false });
  });

  it('answers "over a week" with the case bounding the wait that way, not the case "less than a week"', async () => {
    const lexicon = await loadLexicon();
    const passage = [
      '- If the parcel has been late for less than a week, tell them it can take a few more days to arrive.',
      '- If the parcel has been late for a week or longer, send a new one to their address.',
    ].join('\n');
    const first = (question: string) => {
      const asked = readQuestion(question, lexicon);
      const evidence = weighEvidence({
        asked,
        weights: weighWords(asked, { chunks: 20, frequencies: { parcel: 2, late: 2, week: 2 } }),
        units: passageUnits(hit('delivery', passage), 0),
        triggered: new Set(),
        minCoverage: 0.5,
      });
      return evidence.selection[0]?.unit.text ?? '';
    };
    expect(first('The parcel has been late for over a week. What now?')).toContain('send a new one');
    expect(first('The parcel has been late for under a week. What now?')).toContain('a few more days');
  });

  it('asks for a list when it asks "which methods" or "what ways", and for money when it asks "what figure"', async () => {
    const lexicon = await loadLexicon();
    expect(readQuestion('Which refund methods can customers choose?', lexicon).enumerates).toBe('method');
    const ways = readQuestion('What are the ways to send it back?', lexicon);
    expect(ways.enumerates).toBe('way');
    expect(ways.words.map((word) => word.word)).not.toContain('ways');
    expect(readQuestion('What refund figure do I enter?', lexicon).expects?.kinds).toContain('money');
    expect(readQuestion('What hours is the shop open?', lexicon).expects?.kinds).toContain('date');
  });

  it('reads a compound no chunk uses as its words, when a chunk uses one of them', async () => {
    const asked = readQuestion('Can I get extra time to pay?', await loadLexicon());
    expect(asked.words.map((word) => word.word)).toContain('extra time');
    const unused = splitUnusedCompounds(asked, { chunks: 10, frequencies: { extra: 0, time: 3 } });
    expect(unused.words.map((word) => word.word)).toEqual(expect.arrayContaining(['extra', 'time']));
    expect(unused.words.map((word) => word.word)).not.toContain('extra time');
    const used = splitUnusedCompounds(asked, { chunks: 10, frequencies: { 'extra time': 2, time: 3 } });
    expect(used.words.map((word) => word.word)).toContain('extra time');
  });
});

describe('choosing what answers', () => {
  const manual = [
    '- Ask which payment method they used and offer a refund for the order.',
    '- Refund method - valid options are',
    '  - Store credit - added to the account.',
    '  - Bank transfer - needs the account number.',
    '  - Original card - back to the card used.',
  ].join('\n');

  it('keeps a list whole as one unit, with its opening', () => {
    const units = passageUnits(hit('refunds', manual), 0);
    const list = units.find((unit) => unit.list);
    expect(list?.text).toMatch(/^Refund method - valid options are: Store credit .*; Bank transfer .*; Original card/);
    expect(list?.announces).toBe(true);
  });

  it('answers "which refund methods" with the list, not the sentence sharing more of its words', async () => {
    const lexicon = await loadLexicon();
    const asked = readQuestion('Which refund methods can I offer the customer?', lexicon);
    const counts = { chunks: 20, frequencies: { refund: 4, methods: 3, method: 3, offer: 5, customer: 15 } };
    const evidence = weighEvidence({
      asked,
      weights: weighWords(asked, counts),
      units: passageUnits(hit('refunds', manual), 0),
      triggered: new Set(),
      minCoverage: 0.5,
    });
    expect(evidence.relevant).toBe(true);
    expect(evidence.coverage.answer_kind).toBe('list');
    expect(evidence.selection[0]?.unit.list).toBe(true);
    expect(evidence.selection[0]?.unit.text).toContain('Bank transfer');
  });

  it('gives a question not asking for options the items, never the whole list', async () => {
    const asked = readQuestion('Does a bank transfer need the account number?', await loadLexicon());
    const counts = { chunks: 20, frequencies: { bank: 1, transfer: 1, account: 3, number: 3 } };
    const evidence = weighEvidence({
      asked,
      weights: weighWords(asked, counts),
      units: passageUnits(hit('refunds', manual), 0),
      triggered: new Set(),
      minCoverage: 0.5,
    });
    expect(evidence.coverage.answer_kind).toBeNull();
    expect(evidence.selection.every((entry) => !entry.unit.list)).toBe(true);
    expect(evidence.selection[0]?.unit.text).toContain('Bank transfer');
  });
});

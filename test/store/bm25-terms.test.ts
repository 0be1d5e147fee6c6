import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChunkFields, chunkTerms, chunkTermsByIndex } from '../../src/store/bm25-terms.js';

/**
 * `chunkTerms` splits ASCII chunks itself and asks FTS5 only for each new word's stem. Whatever the text,
 * its terms, weights and token counts must be those FTS5's own tokenizer gives for the whole chunk.
 */

// Words the porter stemmer changes in many ways, letters in both cases, digits, and separators of every kind.
const stemmed = ['running', 'relational', 'generalization', 'Refunds', 'CARESSES', 'ponies', 'hopping', 'agreed'];
const asciiPiece = fc.oneof(
  fc.constantFrom(...stemmed),
  fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
  fc.constantFrom(' ', '  ', '\n', '-', "'", '_', '/', '.', ',', '$5', '30%', '(kb12s3)', '\t', 'a'.repeat(70)),
);
// Chunks with any of these go to FTS5 whole, and must mix with the others in one batch.
const otherPiece = fc.constantFrom('café', 'naïve', 'Straße', '日本語', 'e\u0301', '\u00a0', 'İ');
const fields = (piece: fc.Arbitrary<string>): fc.Arbitrary<ChunkFields> => {
  const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(' '));
  return fc.record({ title: text, headingPath: fc.array(text, { maxLength: 3 }), text });
};
const chunk = fc.oneof(
  { weight: 4, arbitrary: fields(asciiPiece) },
  { weight: 1, arbitrary: fields(fc.oneof(asciiPiece, otherPiece)) },
);

describe('chunkTerms', () => {
  it("gives exactly FTS5's terms, weights and token counts for any text", () => {
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 8 }), (chunks) => {
        expect(chunkTerms(chunks)).toEqual(chunkTermsByIndex(chunks));
      }),
      { numRuns: 300 },
    );
  });

  it('splits an ASCII chunk itself and still agrees on a realistic policy text', () => {
    const chunks = [
      {
        title: 'Returns & Exchanges',
        headingPath: ['Policy', 'Refund window'],
        text: "Customers may return unopened items within 30 days; we'll refund the original card (ref kb12s3).",
      },
    ];
    const [terms] = chunkTerms(chunks);
    expect(terms).toEqual(chunkTermsByIndex(chunks)[0]);
    expect(terms?.terms).toContain('refund');
    expect(terms?.terms).not.toContain('Returns');
  });
});

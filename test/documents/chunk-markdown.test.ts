import { describe, expect, it } from 'vitest';
import { chunkMarkdown, countWords } from '../../src/documents/chunk-markdown.js';

describe('heading-aware chunking', () => {
  it('gives each chunk the path of headings above it', () => {
    const chunks = chunkMarkdown(
      '# Refunds\n\nIntro.\n\n## Window\n\n30 days.\n\n### Gifts\n\nTo the payer.\n\n## Method\n\nCard.',
    );
    expect(chunks).toEqual([
      { headingPath: ['Refunds'], text: 'Intro.' },
      { headingPath: ['Refunds', 'Window'], text: '30 days.' },
      { headingPath: ['Refunds', 'Window', 'Gifts'], text: 'To the payer.' },
      { headingPath: ['Refunds', 'Method'], text: 'Card.' },
    ]);
  });

  it('does not mistake a # line inside a code fence for a heading', () => {
    const chunks = chunkMarkdown('## Setup\n\n```sh\n# install it\nnpm i\n```\n\nDone.');
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['Setup']]);
    expect(chunks[0]?.text).toContain('# install it');
  });

  it('splits a long section between blocks and never loses a word', () => {
    const paragraphs = Array.from({ length: 12 }, (_, index) => `Paragraph ${index} ${'word '.repeat(40).trim()}.`);
    const markdown = `## Long\n\n${paragraphs.join('\n\n')}`;
    const chunks = chunkMarkdown(markdown, { maxWords: 100 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const chunk of chunks) expect(countWords(chunk.text)).toBeLessThanOrEqual(100);
    expect(chunks.every((chunk) => chunk.headingPath[0] === 'Long')).toBe(true);
    expect(chunks.reduce((sum, chunk) => sum + countWords(chunk.text), 0)).toBe(countWords(paragraphs.join(' ')));
  });

  it('splits one enormous paragraph between sentences, then words', () => {
    const sentence = `${'alpha '.repeat(30).trim()}.`;
    const chunks = chunkMarkdown(`${sentence} `.repeat(20) + 'x '.repeat(500), { maxWords: 50 });
    for (const chunk of chunks) expect(countWords(chunk.text)).toBeLessThanOrEqual(50);
    expect(chunks.reduce((sum, chunk) => sum + countWords(chunk.text), 0)).toBe(30 * 20 + 500);
  });

  it('never cuts a long block inside a price or a domain name', () => {
    const item = (index: number) => `- Plan ${index} is $9.50 a month, see acmecorp.com/plans for the details`;
    const list = Array.from({ length: 40 }, (_, index) => item(index)).join('\n');
    const chunks = chunkMarkdown(list, { maxWords: 50 });
    expect(chunks.length).toBeGreaterThan(1);
    const text = chunks.map((chunk) => chunk.text).join(' ');
    expect(text.match(/\$9\.50 a month/g)).toHaveLength(40);
    expect(text.match(/acmecorp\.com\/plans/g)).toHaveLength(40);
  });

  it('returns no chunks for an empty body and keeps text before the first heading', () => {
    expect(chunkMarkdown('')).toEqual([]);
    expect(chunkMarkdown('Preface.\n\n# Title\n\nBody.')).toEqual([
      { headingPath: [], text: 'Preface.' },
      { headingPath: ['Title'], text: 'Body.' },
    ]);
  });
});

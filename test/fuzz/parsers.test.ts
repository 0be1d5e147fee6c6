import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTranscripts } from '../../src/audit/transcripts.js';
import { countOption } from '../../src/cli/numeric-option.js';
import { chunkMarkdown } from '../../src/documents/chunk-markdown.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import type { InputError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';
import { deeplyNested, expectSeamOutcome, frontMatterYaml, fuzzParameters, textFrom } from './harness.js';

const yamlPieces = [
  'id: ',
  'title: ',
  'acl: ',
  'tags: ',
  'subjects: ',
  'effective_from: ',
  'effective_until: ',
  'collection: ',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: ',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ': ',
  '- ',
  '? ',
  '\n',
  '\n  ',
  '  ',
  '\t',
  '!!binary ',
  '!!js/function ',
  '!!set ',
  '!!timestamp ',
  '!custom ',
  '"',
  "'",
  '|',
  '>',
  '#',
  '%YAML 1.2\n',
  '---',
  '...',
  '2026-05-01',
  '2026-02-31',
  '1e999',
  '0x1F',
  '.inf',
  'null',
  '~',
  'é',
  '\u0000',
  '\uFEFF',
];
const markdownPieces = [
  '>',
  '> ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '9) ',
  '#',
  '# ',
  '###### ',
  '```',
  '~~~',
  '`',
  '[',
  ']',
  '(',
  ')',
  '![',
  '|',
  '| --- |',
  '---',
  '===',
  '\n',
  '\n\n',
  '    ',
  '\t',
  'word ',
  '<div>',
  '</div>',
  '<!--',
  '-->',
  '*',
  '**',
  '_',
  '__',
  '\\',
  '&amp;',
  '[^1]',
  '[x]: http://x',
  '<http://x>',
  '\r\n',
];

describe('fuzzing the parsers: accepted or refused with a Seam error, never a crash or a hang', () => {
  it('front matter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(frontMatterYaml(), textFrom(yamlPieces)),
        textFrom(markdownPieces, 40),
        async (yaml, body) => {
          const text = `---\n${yaml}\n---\n${body}`;
          await expectSeamOutcome(() => parseDocumentText(text, { file: 'fuzz.md', fallbackId: 'fuzz' }), text);
        },
      ),
      fuzzParameters,
    );
  });

  it('markdown chunking never throws, even 3,000 levels deep', async () => {
    const markdown = fc.oneof(
      textFrom(markdownPieces, 400),
      deeplyNested(['>', '> ', '- ', '> - ', '1. ', '  ', '[', '*']),
    );
    await fc.assert(
      fc.asyncProperty(markdown, async (text) => {
        let chunks: unknown;
        await expectSeamOutcome(() => {
          chunks = chunkMarkdown(text, { maxWords: 20 });
        }, text);
        expect(Array.isArray(chunks)).toBe(true);
      }),
      fuzzParameters,
    );
  });

  it('JSONL transcript lines: every bad line is a located InputError, never a crash', async () => {
    const root = tempDir('seam-fuzz-jsonl-');
    const value = fc.jsonValue({ maxDepth: 3 });
    const line = fc.oneof(
      value.map((json) => JSON.stringify(json)),
      fc
        .record({ question: fc.string(), answer: fc.string(), at: fc.oneof(fc.string(), fc.jsonValue()) })
        .map((json) => JSON.stringify(json)),
      textFrom(['{', '}', '"answer"', ':', '"', '[', ']', ',', '\\u', '\\', 'messages', 'null']),
    );
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (lines) => {
        const path = join(root, `t${file++}.jsonl`);
        writeFileSync(path, lines.join('\n'));
        const problems: InputError[] = [];
        await expectSeamOutcome(async () => {
          for await (const _answer of readTranscripts(path, problems));
        }, lines);
        for (const problem of problems) expect(problem.line).toBeGreaterThan(0);
      }),
      fuzzParameters,
    );
  });

  it('numeric option values', async () => {
    const parse = countOption('--k', { min: 1, max: 1000 });
    const value = fc.oneof(fc.string(), fc.integer().map(String), fc.double().map(String), fc.bigInt().map(String));
    await fc.assert(
      fc.asyncProperty(value, async (text) => {
        let parsed: number | undefined;
        await expectSeamOutcome(() => {
          parsed = parse(text);
        }, text);
        if (parsed !== undefined) {
          expect(Number.isInteger(parsed) && parsed >= 1 && parsed <= 1000).toBe(true);
          expect(String(parsed)).toBe(text.trim().replace(/^0+(?=\d)/, ''));
        }
      }),
      fuzzParameters,
    );
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factLookup } from '../../src/lint/content-checks.js';
import { checkExample } from '../../src/lint/example.js';
import { lintDataset } from '../../src/lint/lint.js';
import { type BatchSettings, lintBatch } from '../../src/lint/lint-batch.js';
import { defaultEpochs, exampleTokens, packTokens, TokenStatsAccumulator } from '../../src/lint/tokens.js';
import { tempDir } from '../helpers/temp.js';

const noValues = { detect: () => [] };
const settings: BatchSettings = { format: 'chat', encoding: 'o200k_base', contextLimit: 16_385, formatOnly: true };
const lint = (lines: string[], overrides: Partial<BatchSettings> = {}) =>
  lintBatch(
    lines.map((text, index) => ({ line: index + 1, text })),
    { ...settings, ...overrides },
    noValues,
    factLookup(undefined),
  );
const codes = (lines: string[], overrides: Partial<BatchSettings> = {}) =>
  lint(lines, overrides).findings.map((finding) => [finding.line, finding.code, finding.message ?? null]);

const good = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello!' },
  ],
};

describe('format checks (the OpenAI cookbook checks, and what it predates)', () => {
  it('accepts a well-formed example without findings', () => {
    expect(codes([JSON.stringify(good)])).toEqual([]);
  });

  it.each([
    ['invalid_json', '{"messages": [', null],
    ['data_type', '[1, 2]', null],
    ['missing_messages_list', '{"messages": []}', null],
    ['message_missing_key', '{"messages": [{"content": "hi"}, {"role": "assistant", "content": "x"}]}', 0],
    [
      'message_unrecognized_key',
      '{"messages": [{"role": "user", "content": "hi", "mood": "happy"}, {"role": "assistant", "content": "x"}]}',
      0,
    ],
    [
      'unrecognized_role',
      '{"messages": [{"role": "customer", "content": "hi"}, {"role": "assistant", "content": "x"}]}',
      0,
    ],
    ['missing_content', '{"messages": [{"role": "user", "content": 42}, {"role": "assistant", "content": "x"}]}', 0],
    ['example_missing_assistant_message', '{"messages": [{"role": "user", "content": "hi"}]}', null],
    [
      'invalid_weight',
      '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x", "weight": 0.5}]}',
      1,
    ],
    [
      'weight_on_non_assistant',
      '{"messages": [{"role": "user", "content": "hi", "weight": 1}, {"role": "assistant", "content": "x"}]}',
      0,
    ],
    [
      'no_trainable_message',
      '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x", "weight": 0}]}',
      null,
    ],
    [
      'invalid_tool_call',
      '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": null, "tool_calls": [{"type": "function"}]}]}',
      1,
    ],
    [
      'tool_arguments_not_json',
      '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "order=1"}}]}]}',
      1,
    ],
    [
      'unknown_tool_call_id',
      '{"messages": [{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "nope", "content": "{}"}, {"role": "assistant", "content": "x"}]}',
      1,
    ],
    [
      'unknown_tool',
      '{"tools": [{"type": "function", "function": {"name": "lookup"}}], "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "delete_everything", "arguments": "{}"}}]}]}',
      1,
    ],
    [
      'invalid_tools',
      '{"tools": "lookup", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "x"}]}',
      null,
    ],
    ['empty_line', '   ', null],
  ])('reports %s with its line', (code, text, message) => {
    const found = codes([JSON.stringify(good), text]);
    expect(found).toContainEqual([2, code, message]);
    expect(found.every(([line]) => line === 2)).toBe(true);
  });

  it('reports a line that is not valid UTF-8 by its number, and still checks the rest of it', async () => {
    const path = join(tempDir('seam-utf8-'), 'latin1.jsonl');
    const good = JSON.stringify({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ],
    });
    const [before, after] = good.split('Hello');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from(`${good}\n${before}Caf`), Buffer.from([0xe9]), Buffer.from(`${after}\n${good}\n`)]),
    );
    const result = await lintDataset({ path, jobs: 0 });
    expect(result.findings.map((finding) => [finding.line, finding.code])).toEqual([[2, 'invalid_utf8']]);
    expect(result.summary.examples).toBe(3);
  });

  it('accepts tool calls answered by tool messages, and content-part lists', () => {
    const example = {
      tools: [{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object' } } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Where is my order?' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup_order', arguments: '{"id": "A1"}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"status": "shipped"}' },
        { role: 'assistant', content: 'It has shipped.' },
      ],
    };
    expect(codes([JSON.stringify(example)])).toEqual([]);
  });

  it('detects preference data per file and refuses a chat line inside it', () => {
    const preference = {
      input: { messages: [{ role: 'user', content: 'Refund?' }] },
      preferred_output: [{ role: 'assistant', content: 'Yes, within the current window.' }],
      non_preferred_output: [{ role: 'assistant', content: 'no' }],
    };
    expect(codes([JSON.stringify(preference)], { format: 'preference' })).toEqual([]);
    expect(codes([JSON.stringify(good)], { format: 'preference' })).toEqual([[1, 'mixed_formats', null]]);
    expect(codes(['{"input": {"messages": []}, "preferred_output": []}'], { format: 'preference' })).toEqual([
      [1, 'invalid_preference', null],
    ]);
    const checked = checkExample(preference, 1, 'preference');
    expect(checked.example?.messages.map((message) => [message.part, message.index, message.target])).toEqual([
      ['input', 0, false],
      ['preferred_output', 0, true],
      ['non_preferred_output', 0, false],
    ]);
  });

  it('marks assistant messages with weight 0 as context, not targets', () => {
    const example = checkExample(
      {
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b', weight: 0 },
          { role: 'user', content: 'c' },
          { role: 'assistant', content: 'd' },
        ],
      },
      1,
      'chat',
    ).example;
    expect(example?.messages.map((message) => message.target)).toEqual([false, false, false, true]);
  });
});

describe('tokens and the billing estimate', () => {
  it('counts tokens with the real tokenizer, as the cookbook does', () => {
    const example = checkExample(good, 1, 'chat').example;
    if (!example) throw new Error('example expected');
    const tokens = exampleTokens(example, 'cl100k_base');
    // 3 per message + role + content, plus 3 for the reply: cl100k encodes "Be brief." as 3 tokens, "Hi" 1, "Hello!" 2.
    expect(tokens.total).toBe(3 + (3 + 1 + 3) + (3 + 1 + 1) + (3 + 1 + 2));
    expect(tokens.assistant).toBe(2);
  });

  it.each([
    [1, 25],
    [10, 10],
    [33, 3],
    [34, 3],
    [5000, 3],
    [8334, 2],
    [30000, 1],
  ])('%i examples train for %i epochs by default', (examples, epochs) => {
    expect(defaultEpochs(examples)).toBe(epochs);
  });

  it('flags examples over the context limit and bills the clipped length times the epochs', () => {
    const long = {
      messages: [
        { role: 'user', content: 'word '.repeat(300) },
        { role: 'assistant', content: 'ok' },
      ],
    };
    const result = lint([JSON.stringify(good), JSON.stringify(long)], { contextLimit: 100 });
    expect(result.findings.map((finding) => [finding.line, finding.code])).toEqual([[2, 'over_token_limit']]);
    const stats = new TokenStatsAccumulator('o200k_base', 100);
    stats.addPacked(packTokens(result.examples));
    const summary = stats.result();
    expect(summary.examples_over_limit).toBe(1);
    expect(summary.epochs).toBe(25);
    const shortTotal = result.examples[0]?.total ?? 0;
    expect(summary.billed_tokens).toBe((shortTotal + 100) * 25);
    expect(summary.missing_system).toBe(1);
  });
});

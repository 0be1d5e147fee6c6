import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { fixDataset } from '../../src/lint/fix-dataset.js';
import { type LintResult, lintDataset } from '../../src/lint/lint.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';

const dir = tempDir('seam-lint-');
const chat = (...turns: [string, string][]) =>
  JSON.stringify({ messages: turns.map(([role, content]) => ({ role, content })) });
const dataset = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
const found = (result: LintResult, kind?: string) =>
  result.findings
    .filter((finding) => kind === undefined || finding.kind === kind)
    .map((finding) => [finding.line, finding.kind, finding.value]);

describe('seam lint content checks, against a knowledge store', () => {
  let store: KnowledgeStore;
  beforeAll(async () => {
    store = openSqliteStore({ path: join(dir, 'kb.db') });
    const author = { reader: operator, author: 'maria' };
    await store.put(doc('refund-policy', '## Window\n\nItems can be returned within 30 days of delivery.'), author);
    await store.put(doc('refund-policy', '## Window\n\nItems can be returned within 14 days of delivery.'), author);
    await store.put(
      doc('pricing', '## Premium\n\nThe Premium plan costs $8 per month.', { collection: 'product' }),
      author,
    );
  });

  it('links a current value to the document version that states it, across surface forms', async () => {
    const path = dataset('frozen.jsonl', [
      chat(['user', 'How long do I have to return it?'], ['assistant', 'You can return it within fourteen days.']),
      chat(['user', 'Price?'], ['assistant', 'Premium is $8.00 a month.']),
      chat(['user', 'Price?'], ['assistant', 'Premium is 8 dollars.']),
    ]);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    const frozen = result.findings.filter((finding) => finding.kind === 'frozen_fact');
    expect(frozen.map((finding) => [finding.line, finding.value, finding.source])).toEqual([
      [1, 'fourteen days', { id: 'refund-policy', version: 2 }],
      [2, '$8.00', { id: 'pricing', version: 1 }],
      [3, '8 dollars', { id: 'pricing', version: 1 }],
    ]);
    const first = frozen[0];
    expect(first?.severity).toBe('error');
    expect(first?.message).toBe(1);
    const content = 'You can return it within fourteen days.';
    expect(content.slice(first?.start, first?.end)).toBe('fourteen days');
  });

  it('reports a value only an older version stated as superseded, with what the document says now', async () => {
    const path = dataset('superseded.jsonl', [
      chat(['user', 'Return window?'], ['assistant', 'Returns are accepted within 30 days.']),
      chat(['user', 'Return window?'], ['assistant', 'You have a 30-day window.']),
    ]);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    const superseded = result.findings.filter((finding) => finding.kind === 'superseded_fact');
    expect(superseded.map((finding) => [finding.line, finding.value, finding.source, finding.now])).toEqual([
      [1, '30 days', { id: 'refund-policy', version: 1 }, ['14 days']],
      [2, '30-day', { id: 'refund-policy', version: 1 }, ['14 days']],
    ]);
  });

  it('leaves values the context supplies as grounded, and ignores weight-0 turns', async () => {
    const path = dataset('grounded.jsonl', [
      chat(
        ['system', 'Policy: items can be returned within 14 days.'],
        ['user', 'Window?'],
        ['assistant', 'You have 14 days.'],
      ),
      chat(['user', 'Where is order 4471-AX?'], ['assistant', 'Order 4471-AX left our warehouse.']),
      JSON.stringify({
        messages: [
          { role: 'user', content: 'Price?' },
          { role: 'assistant', content: 'It was $8.', weight: 0 },
          { role: 'user', content: 'Thanks' },
          { role: 'assistant', content: 'You are welcome!' },
        ],
      }),
    ]);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    expect(result.summary.errors).toBe(0);
    expect(found(result, 'grounded')).toEqual([
      [1, 'grounded', '14 days'],
      [2, 'grounded', '4471-AX'],
    ]);
  });

  it('flags business state, private data in every message, and values nothing supplies', async () => {
    const path = dataset('state.jsonl', [
      chat(
        ['user', 'Hi, this is Maria Gonzalez, maria.gonzalez@example.com, call me on 415-555-0134.'],
        ['assistant', 'Thanks Maria! Your order #58812 ships tomorrow; the upgrade costs $199.'],
      ),
    ]);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    const kinds = result.findings.map((finding) => [finding.kind, finding.code, finding.message]);
    expect(kinds).toContainEqual(['private_data', 'person', 0]);
    expect(kinds).toContainEqual(['private_data', 'email', 0]);
    expect(kinds).toContainEqual(['private_data', 'phone', 0]);
    expect(kinds).toContainEqual(['private_data', 'person', 1]);
    expect(kinds).toContainEqual(['business_state', 'order_id', 1]);
    expect(kinds).toContainEqual(['time_sensitive', 'money', 1]);
    expect(result.summary.by_kind.time_sensitive).toBe(1);
  });

  it('works without a store: facts are time-sensitive only', async () => {
    const path = dataset('nostore.jsonl', [
      chat(['user', 'Window?'], ['assistant', 'You can return it within 14 days.']),
    ]);
    const result = await lintDataset({ path, jobs: 0 });
    expect(found(result)).toEqual([[1, 'time_sensitive', '14 days']]);
  });

  it('gives the same findings on worker threads as on the calling thread, across many small chunks', async () => {
    const lines = Array.from({ length: 1200 }, (_, index) =>
      chat(
        ['user', `Order ${10_000 + index}?`],
        ['assistant', `Order ${10_000 + index} is refundable within 30 days, Jane.`],
      ),
    );
    // A CRLF line ending, a malformed line and a last line without a newline must keep their line numbers.
    lines[500] = `${lines[500]}\r`;
    lines[700] = '{"messages": [';
    const path = dataset('many.jsonl', lines);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n$/, ''));
    const inline = await lintDataset({ path, store, reader: operator, jobs: 0 });
    const threaded = await lintDataset({ path, store, reader: operator, jobs: 2, chunkBytes: 4096 });
    expect(threaded.summary).toEqual(inline.summary);
    expect(threaded.findings).toEqual(inline.findings);
    expect(inline.summary.lines).toBe(1200);
    expect(inline.summary.by_kind.superseded_fact).toBe(1199);
    expect(inline.findings.filter((finding) => finding.kind === 'format').map((finding) => finding.line)).toEqual([
      701,
    ]);
    expect(inline.findings.some((finding) => finding.line === 1200 && finding.kind === 'superseded_fact')).toBe(true);
  }, 120_000);

  it('--fix writes a dataset that lints clean, with consistent placeholders and the current passage as context', async () => {
    const path = dataset('to-fix.jsonl', [
      chat(
        ['user', 'Hi, I am Jane Doe (jane@example.com). Can I still return it?'],
        [
          'assistant',
          'Hi Jane Doe! Returns are accepted within 30 days. I emailed jane@example.com about order #58812.',
        ],
      ),
      chat(['user', 'Price?'], ['assistant', 'Premium is $8 per month.']),
      '{"messages": "broken"}',
    ]);
    const out = join(dir, 'fixed.jsonl');
    const summary = await fixDataset({ path, out, store, reader: operator, drop: true });
    expect(summary).toMatchObject({ examples: 3, written: 2, changed: 2, dropped: 1 });
    const after = await lintDataset({ path: out, store, reader: operator, jobs: 0 });
    expect(after.summary.errors).toBe(0);
    const [first, second] = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // Only the sentence that states the value, with the version it comes from: not the section.
    expect(first.messages[0].content).toBe(
      'Reference (refund-policy@2): Items can be returned within 14 days of delivery.',
    );
    expect(first.messages[1].content).toBe('Hi, I am {person_1} ({email_1}). Can I still return it?');
    expect(first.messages[2].content).toBe(
      'Hi {person_1}! Returns are accepted within 14 days. I emailed {email_1} about order #{order_id_1}.',
    );
    expect(second.messages[0]).toMatchObject({ role: 'system' });
    expect(second.messages[0].content).toBe('Reference (pricing@1): The Premium plan costs $8 per month.');
    expect(second.messages[2].content).toBe('Premium is $8 per month.');
    const changes = readFileSync(summary.changes_file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(changes).toContainEqual({
      line: 1,
      message: 1,
      kind: 'superseded_fact',
      action: 'updated',
      from: '30 days',
      to: '14 days',
      source: { id: 'refund-policy', version: 1 },
      reference: { id: 'refund-policy', version: 2 },
    });
    expect(changes).toContainEqual({ line: 3, kind: 'format', action: 'dropped' });
  });

  it('checks and fixes tool-call arguments and content parts, with offsets in the text they point at', async () => {
    const example = {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Where is my parcel? I am Jane Doe.' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'find_order', arguments: '{"email":"jane@example.com","order_id":"58812"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"status":"shipped"}' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Thanks for waiting.' },
            { type: 'text', text: 'Jane, order 58812 has shipped.' },
          ],
        },
      ],
    };
    const path = dataset('tools.jsonl', [JSON.stringify(example)]);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    const located = result.findings.map((finding) => [
      finding.kind,
      finding.message,
      finding.content_part,
      finding.tool_call,
      finding.value,
      finding.start,
    ]);
    expect(located).toContainEqual(['private_data', 0, 0, undefined, 'Jane Doe', 25]);
    expect(located).toContainEqual(['private_data', 1, undefined, 0, 'jane@example.com', 10]);
    // The model is trained to produce the call, and nothing before it supplies the order id.
    expect(located).toContainEqual(['business_state', 1, undefined, 0, '58812', 40]);
    expect(located).toContainEqual(['private_data', 3, 1, undefined, 'Jane', 0]);
    for (const finding of result.findings) {
      const message = example.messages[finding.message ?? -1];
      const text =
        finding.tool_call !== undefined
          ? message?.tool_calls?.[finding.tool_call]?.function.arguments
          : finding.content_part !== undefined && Array.isArray(message?.content)
            ? message.content[finding.content_part]?.text
            : undefined;
      if (text !== undefined) expect(text.slice(finding.start, finding.end)).toBe(finding.value);
    }

    const out = join(dir, 'tools-fixed.jsonl');
    await fixDataset({ path, out, store, reader: operator });
    const fixed = JSON.parse(readFileSync(out, 'utf8'));
    expect(fixed.messages[0].content[0].text).toBe('Where is my parcel? I am {person_1}.');
    expect(JSON.parse(fixed.messages[1].tool_calls[0].function.arguments)).toEqual({
      email: '{email_1}',
      order_id: '{order_id_1}',
    });
    expect(fixed.messages[3].content[1].text).toBe('{person_1}, order {order_id_1} has shipped.');
    const after = await lintDataset({ path: out, store, reader: operator, jobs: 0 });
    expect(after.summary.errors).toBe(0);
  });

  it('--fix-facts rewrite removes the value instead', async () => {
    const path = dataset('rewrite.jsonl', [chat(['user', 'Price?'], ['assistant', 'Premium is $8 per month.'])]);
    const out = join(dir, 'rewritten.jsonl');
    await fixDataset({ path, out, store, reader: operator, strategy: 'rewrite' });
    expect(JSON.parse(readFileSync(out, 'utf8')).messages[1].content).toBe('Premium is the current price per month.');
  });
});

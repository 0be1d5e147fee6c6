import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { fixDataset } from '../../src/lint/fix-dataset.js';
import { lintDataset } from '../../src/lint/lint.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';

const dir = tempDir('seam-lint-context-');
const write = (name: string, examples: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${examples.map((example) => JSON.stringify(example)).join('\n')}\n`);
  return path;
};
const toolExample = {
  messages: [
    { role: 'user', content: 'Where is my parcel?' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'latest_order', arguments: '{}' } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: '{"order_id":"58812","status":"shipped"}' },
    { role: 'assistant', content: 'Your order #58812 has shipped.' },
  ],
};

describe('findings read the example and the store in context', () => {
  let store: KnowledgeStore;
  beforeAll(async () => {
    store = openSqliteStore({ path: join(dir, 'kb.db') });
    await store.put(doc('refund-policy', 'Unopened items can be refunded within 14 days of delivery.'), {
      reader: operator,
      author: 'maria',
    });
    await store.put(doc('refund-policy', 'Unopened items can be refunded within 30 days of delivery.'), {
      reader: operator,
      author: 'maria',
    });
    await store.put(doc('billing', 'The coffee subscription is billed every two weeks to the card on file.'), {
      reader: operator,
      author: 'maria',
    });
  });

  it('takes an id a tool result supplies (its JSON read as text) as grounded, and --fix leaves it', async () => {
    const path = write('tool.jsonl', [toolExample]);
    const result = await lintDataset({ path, store, reader: operator, jobs: 0 });
    expect(result.findings.map((finding) => [finding.kind, finding.value, finding.message])).toEqual([
      ['grounded', '58812', 3],
    ]);
    const out = join(dir, 'tool.fixed.jsonl');
    const summary = await fixDataset({ path, out, store, reader: operator });
    expect(summary.changed).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path, 'utf8'));
  });

  it('grounds a value only in earlier messages: a later one does not supply it', async () => {
    const later = {
      messages: [
        { role: 'user', content: 'Where is my parcel?' },
        { role: 'assistant', content: 'Your order #58812 has shipped.' },
        { role: 'user', content: 'Thanks, order 58812 is the one.' },
        { role: 'assistant', content: 'Glad to help.' },
      ],
    };
    const result = await lintDataset({ reader: operator, path: write('later.jsonl', [later]), store, jobs: 0 });
    expect(result.findings.map((finding) => [finding.kind, finding.value])).toEqual([['business_state', '58812']]);
  });

  it('links a stale refund window to the refund policy, not to a billing interval of the same length', async () => {
    const stale = {
      messages: [
        { role: 'user', content: 'Can I get my money back?' },
        { role: 'assistant', content: 'Yes, unopened items can be refunded within 14 days.' },
      ],
    };
    const result = await lintDataset({ reader: operator, path: write('stale.jsonl', [stale]), store, jobs: 0 });
    const finding = result.findings.find((candidate) => candidate.value === '14 days');
    expect([finding?.kind, finding?.source]).toEqual(['superseded_fact', { id: 'refund-policy', version: 1 }]);
    expect(finding?.now).toEqual(['30 days']);
  });

  it('links a value to no document when no document states it in the same setting', async () => {
    const unrelated = {
      messages: [
        { role: 'user', content: 'How long is the warranty on the grinder?' },
        { role: 'assistant', content: 'The grinder warranty lasts two weeks.' },
      ],
    };
    const result = await lintDataset({ reader: operator, path: write('unrelated.jsonl', [unrelated]), store, jobs: 0 });
    expect(result.findings.map((finding) => [finding.kind, finding.value, finding.source])).toEqual([
      ['time_sensitive', 'two weeks', undefined],
    ]);
  });
});

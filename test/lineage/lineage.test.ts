import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-lineage-');
const chat = (user: string, assistant: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: assistant },
    ],
  });
const lines = [
  chat('How long does shipping take?', 'Orders ship within two days.'),
  chat('My email is Dana.Whitfield@Example.com', 'Thanks, I updated dana.whitfield@example.com.'),
  chat('Call me on (415) 555-0142 please', 'I will call you back today.'),
  '',
].join('\n');

interface LineageJson {
  datasets: { path: string; sha256: string; lines: number[]; kinds: string[]; models: string[]; status: string }[];
  models: { id: string; datasets: string[] }[];
}

async function setup(name: string) {
  const db = join(root, name, 'seam.db');
  const run = (...args: string[]) => seam(args, { db, cwd: root });
  const doc = join(root, `${name}-doc.md`);
  writeFileSync(doc, '---\nid: shipping\ntitle: Shipping\n---\nOrders ship within two days.\n');
  expect((await run('kb', 'put', doc)).code).toBe(0);
  const dataset = join(root, `${name}.jsonl`);
  writeFileSync(dataset, lines);
  return { db, run, dataset };
}

describe('lineage: lint records keyed hashes of private values, never the values', () => {
  it('finds a dataset by a value in another surface form, with its lines, and the models tagged on it', async () => {
    const { db, run, dataset } = await setup('story');
    expect((await run('lint', dataset, '--json')).code).toBe(1);
    const stored = readFileSync(db).toString('latin1').toLowerCase();
    expect(stored).not.toContain('whitfield');
    expect(stored).not.toContain('555-0142');

    const byEmail = (await run('lineage', '--value', 'DANA.WHITFIELD@EXAMPLE.COM', '--json')).json() as LineageJson;
    expect(byEmail.datasets).toEqual([
      expect.objectContaining({ path: dataset, lines: [2], kinds: ['email'], models: [], status: 'unchanged' }),
    ]);
    const byPhone = (await run('lineage', '--value', '+14155550142', '--json')).json() as LineageJson;
    expect(byPhone.datasets.map((entry) => [entry.lines, entry.kinds])).toEqual([[[3], ['phone']]]);
    expect((await run('lineage', '--value', 'someone.else@example.com')).stdout).toContain('no recorded dataset');

    const tag = await run('dataset', 'tag', dataset, '--model', 'ft:gpt-4o-mini:acme:support:7', '--json');
    expect(tag.json()).toMatchObject({ status: 'created', linted: true });
    expect(
      (await run('dataset', 'tag', dataset, '--model', 'ft:gpt-4o-mini:acme:support:7', '--json')).json(),
    ).toMatchObject({
      status: 'unchanged',
    });
    const both = (
      await run('lineage', '--value', 'dana.whitfield@example.com', '--value', '415 555 0142', '--json')
    ).json() as LineageJson;
    expect(both.datasets[0]?.lines).toEqual([2, 3]);
    expect(both.models).toEqual([{ id: 'ft:gpt-4o-mini:acme:support:7', datasets: [both.datasets[0]?.sha256] }]);
    const text = await run('lineage', '--value', 'dana.whitfield@example.com');
    expect(text.stdout).toContain('1 line 2 (email)');
    expect(text.stdout).toContain('models trained on it: ft:gpt-4o-mini:acme:support:7');
  });

  it('says when the file changed since it was linted, and keeps the old content with its model', async () => {
    const { run, dataset } = await setup('changed');
    await run('lint', dataset);
    await run('dataset', 'tag', dataset, '--model', 'ft:old');
    writeFileSync(dataset, `${lines}${chat('Hello', 'Hi there.')}\n`);
    const tagged = await run('dataset', 'tag', dataset, '--model', 'ft:new', '--json');
    expect(tagged.json()).toMatchObject({ linted: false });
    expect(tagged.stderr).toContain('has not been linted as it is now');
    const lineage = (await run('lineage', '--value', 'dana.whitfield@example.com', '--json')).json() as LineageJson;
    expect(lineage.datasets.map((entry) => [entry.status, entry.models])).toEqual([['changed', ['ft:old']]]);
    const listed = (await run('dataset', 'list', '--json')).json() as {
      datasets: unknown[];
      models: { model: string }[];
    };
    expect(listed.datasets).toHaveLength(1);
    expect(listed.models.map((entry) => entry.model)).toEqual(['ft:old', 'ft:new']);
  });

  it('keys the hashes per store: the same value hashes differently in another store', async () => {
    const first = await setup('keyed-a');
    const second = await setup('keyed-b');
    await first.run('lint', first.dataset);
    await second.run('lint', second.dataset);
    const hashes = (db: string) => {
      const raw = new Database(db, { readonly: true });
      const rows = raw.prepare('SELECT hash FROM dataset_values ORDER BY hash').all() as { hash: string }[];
      raw.close();
      return rows.map((row) => row.hash);
    };
    expect(hashes(first.db)).toHaveLength(2);
    expect(hashes(first.db).filter((hash) => hashes(second.db).includes(hash))).toEqual([]);
  });

  it('records nothing with lint --no-store', async () => {
    const { run, dataset } = await setup('no-store');
    await run('lint', dataset, '--no-store');
    expect((await run('dataset', 'list')).stdout).toContain('no datasets recorded yet');
  });
});

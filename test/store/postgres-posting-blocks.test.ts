import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import type { DocumentInput, KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { blockPostings, blockSize, decodeBlock, type Posting } from '../../src/store/postings/posting-block.js';
import { createSchema, postgresBin } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/postgres-suite.js';
import { page, write } from '../sync/write-synced.cases.js';
import { doc } from './knowledge-store.suite.js';

const bin = postgresBin();
const author = { reader: operator, author: 'tester' };

/** Every term's postings as the blocks hold them, after checking each block's key, size and bounds. */
export async function blockLists(client: pg.ClientBase): Promise<Map<string, Posting[]>> {
  const { rows } = await client.query<{
    term: string;
    first_chunk: string;
    size: number;
    max_weight: number;
    min_tokens: number;
    data: Buffer;
  }>(
    'SELECT term, first_chunk, size, max_weight, min_tokens, data FROM seam_posting_blocks ORDER BY term, first_chunk',
  );
  const lists = new Map<string, Posting[]>();
  for (const row of rows) {
    const postings = blockPostings(decodeBlock(row.data));
    expect(postings.length).toBe(row.size);
    expect(row.size).toBeGreaterThan(0);
    expect(row.size).toBeLessThanOrEqual(blockSize);
    expect(postings[0]?.chunk).toBe(Number(row.first_chunk));
    expect(row.max_weight).toBe(Math.max(...postings.map((posting) => posting.weight)));
    expect(row.min_tokens).toBe(Math.min(...postings.map((posting) => posting.tokens)));
    const list = lists.get(row.term) ?? [];
    lists.set(row.term, list.concat(postings));
  }
  // Chunks ascend across a term's blocks (so each chunk has exactly one block).
  for (const [term, list] of lists) {
    for (let index = 1; index < list.length; index++) {
      if ((list[index - 1] as Posting).chunk >= (list[index] as Posting).chunk) {
        throw new Error(`${term}: chunk ${list[index]?.chunk} out of order`);
      }
    }
  }
  return lists;
}

/** What the blocks must hold: `seam_postings`, term by term, in chunk order. */
export async function rebuiltLists(client: pg.ClientBase): Promise<Map<string, Posting[]>> {
  const { rows } = await client.query<{
    term: string;
    chunk_id: string;
    weight: number;
    tokens: number;
    scope: number;
  }>('SELECT term, chunk_id, weight, tokens, scope FROM seam_postings ORDER BY term, chunk_id');
  const lists = new Map<string, Posting[]>();
  for (const row of rows) {
    const list = lists.get(row.term) ?? [];
    list.push({ chunk: Number(row.chunk_id), weight: row.weight, tokens: row.tokens, scope: row.scope });
    lists.set(row.term, list);
  }
  return lists;
}

const sorted = (lists: Map<string, Posting[]>) => [...lists.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Synthetic articles: a word every one holds (long lists, many blocks), a word in every seventh, and their own. */
function articles(count: number, from = 0): DocumentInput[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    const body = [
      `# Article ${index}`,
      `Common guidance for parcel number ${index}.${index % 7 === 0 ? ' Rare sevenfold wording.' : ''}`,
      `## Details\n\nUnique token word${index} and parcel again.`,
    ].join('\n\n');
    return doc(`article-${index}`, body, {
      acl: index % 3 === 0 ? ['billing'] : null,
      collection: index % 5 === 0 ? 'faq' : 'policy',
      subjects: index % 11 === 0 ? ['customer-1'] : [],
    });
  });
}

describe.skipIf(!bin)(bin ? 'PostgreSQL posting blocks' : 'PostgreSQL posting blocks (skipped: no PostgreSQL)', () => {
  const server = usePostgres(bin);
  const opened: KnowledgeStore[] = [];
  const clients: pg.Client[] = [];
  afterAll(async () => {
    for (const store of opened) await store.close();
    for (const client of clients) await client.end();
  });

  const open = async (name: string) => {
    const url = await createSchema(server().url, name);
    const store = await openPostgresStore({ url });
    opened.push(store);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    const check = async (after: string) => {
      const blocks = await blockLists(client);
      const rebuilt = await rebuiltLists(client);
      expect(sorted(blocks), after).toEqual(sorted(rebuilt));
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM seam_posting_removals');
      expect(rows[0]?.n, after).toBe(0);
      return rebuilt;
    };
    return { store, client, check, url };
  };

  it('equal a rebuild from the postings after every kind of write', async () => {
    const { store, client, check } = await open('blocks_writes');
    await store.putMany(articles(300), author);
    const imported = await check('import');
    // Not vacuous: the common words span several blocks.
    expect((imported.get('parcel') ?? []).length).toBe(600); // two chunks an article
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM seam_posting_blocks WHERE term = 'parcel'",
    );
    expect(rows[0]?.n).toBeGreaterThan(2);

    await store.putMany(articles(150, 300), author);
    await check('a second import (appending past full blocks)');
    await store.put(doc('article-5', '# Article 5\n\nRewritten parcel guidance, fewer words.'), author);
    await check('an edit');
    await store.put(doc('article-6', '# Article 6\n\nParcel moved.', { collection: 'faq' }), author);
    await check('a collection change');
    await store.put(doc('article-7', '# Article 7\n\nParcel restricted.', { acl: ['support'] }), author);
    await check('an access change');
    await store.revert('article-5', 1, author);
    await check('a revert');
    await store.put(doc('article-8', '# Article 8\n\nLater parcel text.', { effective_from: '2027-01-01' }), author);
    await check('a scheduled version (both served)');
    await store.put(doc('article-8', '# Article 8\n\nReplacing parcel text.'), author);
    await check('a version that supersedes every other');
    await store.remove('article-9', { reader: operator });
    await check('a delete');
    // Many deletes across the start of the lists: blocks emptied and merged.
    for (let index = 10; index < 60; index++) await store.remove(`article-${index}`, { reader: operator });
    await check('fifty deletes');
    const forgotten = await store.forgetSubject({
      reader: operator,
      subject: 'customer-1',
      redact: (text) => (text.includes('sevenfold') ? text.replaceAll('sevenfold', '[redacted]') : undefined),
      dryRun: false,
      receipt: 'receipt-1',
    });
    expect(forgotten.documents_deleted.length).toBeGreaterThan(5);
    expect(forgotten.documents_redacted.length).toBeGreaterThan(5);
    const afterForget = await check('a forget (deleted and redacted)');
    expect(afterForget.has('sevenfold')).toBe(false);
    await store.writeSynced(
      {
        writes: [write(page('help/a', '# A\n\nParcel help.')), write(page('help/b', '# B\n\nParcel again.'))],
        records: [],
      },
      { reader: operator },
    );
    await check('a sync batch');
    // A transaction that fails leaves the blocks as they were.
    await expect(store.put(doc('bad', 'nul \0 here'), author)).rejects.toThrow();
    await check('a refused write');
  }, 120_000);

  it('are built from the postings when an existing store is upgraded', async () => {
    const { store, client, check, url } = await open('blocks_upgrade');
    await store.putMany(articles(200), author);
    const before = await check('import');
    // As a store at schema 7 would be: no blocks; the migration builds them.
    await client.query(
      'DROP TABLE seam_posting_blocks, seam_posting_removals; DROP FUNCTION seam_record_removals CASCADE',
    );
    await client.query('DELETE FROM seam_migrations WHERE version = 8');
    const upgraded = await openPostgresStore({ url });
    opened.push(upgraded);
    expect(sorted(await check('upgrade'))).toEqual(sorted(before));
    await upgraded.put(doc('article-1', '# Article 1\n\nParcel after the upgrade.'), author);
    await check('a write after the upgrade');
  }, 120_000);
});

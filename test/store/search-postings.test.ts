import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { chunkTerms } from '../../src/store/bm25-terms.js';
import { blockPostings, blockSize, decodeBlock, type Posting } from '../../src/store/postings/posting-block.js';
import { indexTotals } from '../../src/store/sqlite/posting-search.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from './knowledge-store.suite.js';

/**
 * The search's posting lists (`search-postings.ts`) are kept beside FTS5 in every writing transaction. After
 * imports, edits that shrink and grow documents, reverts, dated versions, deletions and a forget that
 * redacts titles and bodies in place, they must hold exactly the postings a fresh tokenization of the
 * chunks now indexed gives, and the counts FTS5 itself gives.
 */

const dir = tempDir('seam-postings-');
const write = { reader: operator, author: 'tester' };

function body(words: string[], sections: number): string {
  return Array.from(
    { length: sections },
    (_, index) => `## Part ${index} ${words[index % words.length]}\n\n${words.join(' ')} step ${index}.`,
  ).join('\n\n');
}

/** Every posting, per term, read from the blocks (checking each block's order, size and key). */
function storedPostings(db: Database.Database): Map<string, Posting[]> {
  const rows = db
    .prepare('SELECT term, first_chunk, size, data FROM search_postings ORDER BY term, first_chunk')
    .all() as {
    term: string;
    first_chunk: number;
    size: number;
    data: Buffer;
  }[];
  const byTerm = new Map<string, Posting[]>();
  for (const row of rows) {
    const postings = blockPostings(decodeBlock(row.data));
    expect(postings.length).toBe(row.size);
    expect(postings.length).toBeLessThanOrEqual(blockSize);
    expect(postings[0]?.chunk).toBe(row.first_chunk);
    const list = byTerm.get(row.term) ?? [];
    list.push(...postings);
    byTerm.set(row.term, list);
  }
  for (const list of byTerm.values()) {
    for (let index = 1; index < list.length; index++) {
      expect(list[index]?.chunk).toBeGreaterThan(list[index - 1]?.chunk ?? 0);
    }
  }
  return byTerm;
}

/** The postings a fresh tokenization of the chunks now indexed gives (scope ids aside). */
function expectedPostings(db: Database.Database): Map<string, Omit<Posting, 'scope'>[]> {
  const chunks = db
    .prepare(
      `SELECT c.id, c.heading_path, c.text, v.title, v.acl FROM chunks c
       JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version ORDER BY c.id`,
    )
    .all() as { id: number; heading_path: string; text: string; title: string; acl: string | null }[];
  const terms = chunkTerms(chunks.map((chunk) => ({ ...chunk, headingPath: JSON.parse(chunk.heading_path) })));
  const byTerm = new Map<string, Omit<Posting, 'scope'>[]>();
  chunks.forEach((chunk, index) => {
    const entry = terms[index];
    if (!entry) return;
    const grants = chunk.acl === null ? 1 : (JSON.parse(chunk.acl) as string[]).length;
    entry.terms.forEach((term, position) => {
      const list = byTerm.get(term) ?? [];
      list.push({ chunk: chunk.id, weight: entry.weights[position] ?? 0, tokens: entry.tokens + grants + 1 });
      byTerm.set(term, list);
    });
  });
  return byTerm;
}

/** The terms kept per chunk (`search_chunk_terms`), by chunk id. */
function keptTerms(db: Database.Database): Map<number, string[]> {
  const rows = db.prepare('SELECT chunk, terms FROM search_chunk_terms ORDER BY chunk').all() as {
    chunk: number;
    terms: string;
  }[];
  return new Map(rows.map((row) => [row.chunk, row.terms.split(' ').sort()]));
}

/** Each indexed chunk's distinct terms from a fresh tokenization. */
function freshTerms(db: Database.Database): Map<number, string[]> {
  const chunks = db
    .prepare(
      'SELECT c.id, c.heading_path, c.text, v.title FROM chunks c JOIN versions v USING (doc_id, version) ORDER BY c.id',
    )
    .all() as { id: number; heading_path: string; text: string; title: string }[];
  const terms = chunkTerms(chunks.map((chunk) => ({ ...chunk, headingPath: JSON.parse(chunk.heading_path) })));
  return new Map(chunks.map((chunk, index) => [chunk.id, [...(terms[index]?.terms ?? [])].sort()]));
}

/** The postings and counts must be what the indexed chunks give. */
function expectInStep(db: Database.Database): void {
  const stored = storedPostings(db);
  const expected = expectedPostings(db);
  expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [term, postings] of expected) {
    expect(stored.get(term)?.map(({ scope: _, ...rest }) => rest)).toEqual(postings);
  }
  const frequencies = db.prepare('SELECT term, chunks FROM search_terms').all() as { term: string; chunks: number }[];
  expect(frequencies.length).toBe(expected.size);
  for (const { term, chunks } of frequencies) expect(chunks).toBe(expected.get(term)?.length);
  expectTotals(db);
}

/**
 * BM25's N and average length, as the search reads them, must be a fresh count of the chunks indexed now
 * and of their lengths (every column, `scope` too: one token per grant and one for the collection).
 */
function expectTotals(db: Database.Database): void {
  const chunks = db
    .prepare(
      `SELECT c.heading_path, c.text, v.title, v.acl FROM chunks c
       JOIN versions v ON v.doc_id = c.doc_id AND v.version = c.version`,
    )
    .all() as { heading_path: string; text: string; title: string; acl: string | null }[];
  const terms = chunkTerms(chunks.map((chunk) => ({ ...chunk, headingPath: JSON.parse(chunk.heading_path) })));
  const tokens = chunks.reduce((sum, chunk, index) => {
    const grants = chunk.acl === null ? 1 : (JSON.parse(chunk.acl) as string[]).length;
    return sum + (terms[index]?.tokens ?? 0) + grants + 1;
  }, 0);
  expect(indexTotals(db) ?? { rows: 0, tokens: 0 }).toEqual({ rows: chunks.length, tokens });
}

describe('the search posting lists', () => {
  it('rank after a delete as before the write it undoes: N and the average length come down again', async () => {
    const path = join(dir, 'totals.db');
    const store = openSqliteStore({ path });
    await store.putMany(
      Array.from({ length: 12 }, (_, index) =>
        doc(`base-${index}`, body(index % 3 === 0 ? ['refund', 'parcel'] : ['window', 'ledger'], 1 + (index % 3))),
      ),
      write,
    );
    const scores = async () =>
      (await store.searchText({ text: 'refund parcel', reader: operator, k: 5, at: new Date().toISOString() })).map(
        (hit) => `${hit.id}#${hit.chunk} ${hit.score}`,
      );
    const before = await scores();
    await store.put(doc('extra', body(['courier', 'voucher', 'ledger', 'invoice'], 6)), write);
    expect(await scores()).not.toEqual(before);
    await store.remove('extra', { reader: operator });
    expect(await scores()).toEqual(before);
    // An edit that changes one section and puts it back again leaves the statistics as they were.
    await store.put(doc('base-1', body(['courier', 'voucher'], 4)), write);
    await store.put(doc('base-1', body(['window', 'ledger'], 2)), write);
    expect(await scores()).toEqual(before);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expectInStep(db);
    } finally {
      db.close();
    }
  });

  it('keep the index entries of sections an edit leaves as they were, and replace the changed one', async () => {
    const path = join(dir, 'reuse.db');
    const store = openSqliteStore({ path });
    const sections = (changed: string) =>
      ['alpha', 'bravo', 'charlie', 'delta', 'echo']
        .map((word, index) => `## Part ${word}\n\n${index === 2 ? changed : `${word} refund steps`}.`)
        .join('\n\n');
    await store.put(doc('guide', sections('charlie parcel courier'), { acl: ['billing'] }), write);
    const chunkIds = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare("SELECT id, version, ordinal FROM chunks WHERE doc_id = 'guide' ORDER BY ordinal").all() as {
          id: number;
          version: number;
          ordinal: number;
        }[];
      } finally {
        db.close();
      }
    };
    const before = chunkIds();
    await store.put(doc('guide', sections('charlie voucher ledger'), { acl: ['billing'] }), write);
    const after = chunkIds();
    expect(after.map((row) => row.version)).toEqual(before.map(() => 2));
    // Four sections are the very same index entries; the edited one is a new row.
    const kept = after.filter((row, index) => row.id === before[index]?.id);
    expect(kept.map((row) => row.ordinal)).toEqual(before.map((row) => row.ordinal).filter((ordinal) => ordinal !== 2));
    expect(after[2]?.id).not.toBe(before[2]?.id);
    // An access change is a change of every chunk's index entry: nothing is kept.
    await store.put(doc('guide', sections('charlie voucher ledger'), { acl: ['support'] }), write);
    const moved = chunkIds();
    expect(moved.filter((row, index) => row.id === after[index]?.id)).toEqual([]);
    const found = async (word: string) =>
      (await store.searchText({ text: word, reader: operator, k: 5, at: new Date().toISOString() })).map(
        (hit) => hit.id,
      );
    expect(await found('voucher')).toEqual(['guide']);
    expect(await found('parcel')).toEqual([]);
    expect(await found('bravo')).toEqual(['guide']);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expectInStep(db);
      expect(keptTerms(db)).toEqual(freshTerms(db));
    } finally {
      db.close();
    }
  });

  it('are counted afresh when a store written before schema 12 is upgraded', async () => {
    const path = join(dir, 'schema-11.db');
    const store = openSqliteStore({ path });
    await store.putMany(
      Array.from({ length: 20 }, (_, index) => doc(`d-${index}`, body(['refund', 'courier'], 1 + (index % 4)))),
      write,
    );
    for (let index = 0; index < 20; index += 2) await store.remove(`d-${index}`, { reader: operator });
    await store.close();
    // As schema 11 left it: no totals of its own, and FTS5's record counting every chunk ever indexed.
    const raw = new Database(path);
    raw.exec('DROP TABLE search_totals');
    raw.pragma('user_version = 11');
    const stale = indexTotals(raw);
    raw.close();
    const reopened = openSqliteStore({ path });
    await reopened.put(doc('d-1', body(['ledger'], 2)), write);
    await reopened.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(stale?.rows).toBeGreaterThan((indexTotals(db)?.rows ?? 0) + 10);
      expectInStep(db);
    } finally {
      db.close();
    }
  });

  it('take out chunks indexed before their terms were kept (schema 10) by tokenizing them again', async () => {
    const path = join(dir, 'older.db');
    const words = ['refund', 'window', 'courier', 'voucher', 'invoice'];
    const store = openSqliteStore({ path });
    await store.putMany(
      Array.from({ length: 40 }, (_, index) =>
        doc(`old-${index}`, body(words.slice(index % 3, (index % 3) + 3), 1 + (index % 5))),
      ),
      write,
    );
    await store.close();
    // As a store upgraded from schema 10 has it: postings, but no terms kept for its chunks.
    const raw = new Database(path);
    raw.exec('DROP TABLE search_chunk_terms');
    raw.pragma('user_version = 10');
    raw.close();
    const reopened = openSqliteStore({ path });
    for (let index = 0; index < 40; index += 3) {
      await reopened.put(doc(`old-${index}`, body(['ledger', 'refund'], 1 + (index % 4))), write);
    }
    await reopened.remove('old-1', { reader: operator });
    await reopened.close();
    const db = new Database(path, { readonly: true });
    try {
      expectInStep(db);
      // Chunks indexed since keep their terms; the older ones still indexed have none.
      const kept = keptTerms(db);
      const fresh = freshTerms(db);
      expect(kept.size).toBeGreaterThan(0);
      expect(kept.size).toBeLessThan(fresh.size);
      for (const [chunk, terms] of kept) expect(terms).toEqual(fresh.get(chunk));
    } finally {
      db.close();
    }
  });

  it('stay exactly in step with the chunks and with FTS5 through every kind of write', async () => {
    const path = join(dir, 'postings.db');
    const store = openSqliteStore({ path });
    const words = ['refund', 'window', 'courier', 'voucher', 'warranty', 'invoice', 'ledger', 'parcel'];
    await store.putMany(
      Array.from({ length: 60 }, (_, index) =>
        doc(`doc-${index}`, body(words.slice(index % 5, (index % 5) + 3), 1 + (index % 7)), {
          title: `Guide ${words[index % words.length]}`,
          acl: index % 3 === 0 ? ['billing'] : null,
          subjects: index % 10 === 0 ? ['customer-7'] : [],
        }),
      ),
      write,
    );
    // Shrink, grow, date, revert and delete: blocks change in the middle of their lists.
    for (let index = 0; index < 60; index += 4) {
      await store.put(doc(`doc-${index}`, body(['ledger', 'parcel'], 1 + (index % 3)), { title: 'Short' }), write);
    }
    for (let index = 1; index < 60; index += 9) {
      await store.put(
        doc(`doc-${index}`, body(['courier', 'voucher', 'window'], 9), { effective_from: '2030-01-01' }),
        write,
      );
    }
    await store.revert('doc-8', 1, write);
    await store.remove('doc-5', { reader: operator });
    await store.forgetSubject({
      reader: operator,
      subject: 'customer-7',
      redact: (text) => (text.includes('voucher') ? text.replaceAll('voucher', '[redacted]') : undefined),
      dryRun: false,
      receipt: 'receipt-1',
    });
    await store.close();

    const db = new Database(path, { readonly: true });
    try {
      const stored = storedPostings(db);
      const expected = expectedPostings(db);
      expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [term, postings] of expected) {
        expect(stored.get(term)?.map(({ scope: _, ...rest }) => rest)).toEqual(postings);
      }
      // The counts FTS5 ranks with: the chunks holding each term in a text column.
      const frequencies = db.prepare('SELECT term, chunks FROM search_terms').all() as {
        term: string;
        chunks: number;
      }[];
      const count = db.prepare(
        "SELECT count(*) AS n FROM chunks_fts WHERE chunks_fts MATCH '{title headings body} : ' || ?",
      );
      expect(frequencies.length).toBe(expected.size);
      for (const { term, chunks } of frequencies) {
        expect(chunks).toBe(expected.get(term)?.length);
        expect((count.get(`"${term}"`) as { n: number }).n).toBe(chunks);
      }
      // Each indexed chunk's terms are kept for its deletion: exactly the chunks indexed, with their terms.
      expect(keptTerms(db)).toEqual(freshTerms(db));
      // The forget rewrote every 'voucher' in place: its postings went with the old text.
      expect(expected.has('voucher')).toBe(false);
      expect(expected.has('redact')).toBe(true);
      expectTotals(db);
    } finally {
      db.close();
    }
  });
});

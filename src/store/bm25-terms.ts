import Database from 'better-sqlite3';

/**
 * The terms BM25 ranks by, identical on every backend. The SQLite store's full-text index tokenizes with
 * FTS5's `porter unicode61 remove_diacritics 2` and ranks with FTS5's `bm25()`; a backend that ranks
 * elsewhere (PostgreSQL) gets its terms from the very same tokenizer, run on a private in-memory SQLite
 * database, so the two agree on every token, stem and length by construction rather than by a port.
 *
 * The ranking constants are FTS5's, and the column weights are the SQLite store's (`sqlite/search.ts`):
 * a match in the title counts 4 times, one in a heading twice, one in the body once.
 */
export const bm25 = { k1: 1.2, b: 0.75, title: 4, headings: 2, body: 1 } as const;

/** The fields a chunk is indexed under: its version's title, its heading path and its text. */
export interface ChunkFields {
  title: string;
  headingPath: readonly string[];
  text: string;
}

/** A chunk's terms: each distinct term with its weighted frequency (title 4, headings 2, body 1). */
export interface ChunkTerms {
  terms: string[];
  weights: number[];
  /** Tokens in the title, headings and text together. */
  tokens: number;
}

interface Tokenizer {
  db: Database.Database;
  insert: Database.Statement;
  instances: Database.Statement;
  clear: Database.Statement;
}

let tokenizer: Tokenizer | undefined;

function open(): Tokenizer {
  if (tokenizer) return tokenizer;
  const db = new Database(':memory:');
  // Contentless, so clearing it ('delete-all') drops the index without tokenizing every row again.
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, headings, body, content = '', tokenize = 'porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);`);
  tokenizer = {
    db,
    insert: db.prepare('INSERT INTO t (rowid, title, headings, body) VALUES (?, ?, ?, ?)'),
    // In the vocabulary's own order (term, then row), so nothing is sorted; each row's terms come in order.
    instances: db.prepare('SELECT doc, col, term, count(*) AS n FROM v GROUP BY term, doc, col'),
    clear: db.prepare("INSERT INTO t (t) VALUES ('delete-all')"),
  };
  return tokenizer;
}

const columnWeight: Record<string, number> = { title: bm25.title, headings: bm25.headings, body: bm25.body };

/** Tokenize rows of (title, headings, body) text; per row, each term's count per column. */
function tokenizeRows(rows: readonly (readonly [string, string, string])[]): Map<string, Record<string, number>>[] {
  const { db, insert, instances, clear } = open();
  const counts = rows.map(() => new Map<string, Record<string, number>>());
  db.transaction(() => {
    for (const [index, row] of rows.entries()) insert.run(index + 1, ...row);
    for (const entry of instances.iterate() as Iterable<{ doc: number; col: string; term: string; n: number }>) {
      const terms = counts[entry.doc - 1];
      const perColumn = terms?.get(entry.term) ?? {};
      perColumn[entry.col] = entry.n;
      terms?.set(entry.term, perColumn);
    }
    clear.run();
  })();
  return counts;
}

/** Each chunk's terms, weights and token count, exactly as the SQLite store's index counts them. */
export function chunkTerms(chunks: readonly ChunkFields[]): ChunkTerms[] {
  const counts = tokenizeRows(chunks.map((chunk) => [chunk.title, chunk.headingPath.join(' / '), chunk.text]));
  return counts.map((terms) => {
    const result: ChunkTerms = { terms: [], weights: [], tokens: 0 };
    for (const [term, perColumn] of terms) {
      let weight = 0;
      for (const [column, count] of Object.entries(perColumn)) {
        weight += (columnWeight[column] ?? 0) * count;
        result.tokens += count;
      }
      result.terms.push(term);
      result.weights.push(weight);
    }
    return result;
  });
}

/**
 * The index terms of each query word (`queryTerms` in `content.ts`), in order and with repeats, as FTS5
 * reads a quoted word: usually one term; a word the tokenizer splits gives each of its terms.
 */
export function queryIndexTerms(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  const counts = tokenizeRows(words.map((word) => ['', '', word]));
  return counts.flatMap((terms) => [...terms.keys()]);
}

/**
 * Each query word's index terms, one list per word: `[term]` when the tokenizer reads the word as one
 * token, several (or none) when FTS5 would read it as a phrase of that many tokens.
 */
export function wordIndexTerms(words: readonly string[]): string[][] {
  const unknown = [...new Set(words.filter((word) => !wordTerms.has(word)))];
  if (unknown.length > 0) {
    if (wordTerms.size + unknown.length > wordTermsKept) wordTerms.clear();
    tokenizeRows(unknown.map((word) => ['', '', word])).forEach((terms, index) => {
      const tokens = [...terms.entries()].flatMap(([term, perColumn]) =>
        Array.from({ length: perColumn.body ?? 0 }, () => term),
      );
      wordTerms.set(unknown[index] as string, tokens);
    });
  }
  return words.map((word) => [...(wordTerms.get(word) ?? [])]);
}

/** Words tokenized before (a search's words recur), forgotten all at once when full. */
const wordTerms = new Map<string, string[]>();
const wordTermsKept = 20_000;

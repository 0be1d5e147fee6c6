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

/**
 * Each chunk's terms, weights and token count, exactly as the SQLite store's index counts them. A chunk
 * whose text is all ASCII is split here (unicode61 reads ASCII as runs of letters and digits, lower-cased)
 * and each distinct word is stemmed by the tokenizer once, then remembered: reading every token back from
 * FTS5's vocabulary costs ten times inserting it. Any other chunk is tokenized by FTS5 whole.
 */
export function chunkTerms(chunks: readonly ChunkFields[]): ChunkTerms[] {
  const rows = chunks.map((chunk) => [chunk.title, chunk.headingPath.join(' / '), chunk.text] as const);
  const words = rows.map((row) =>
    row.every(plainAscii) ? row.map((text) => text.toLowerCase().match(asciiWord) ?? []) : undefined,
  );
  stem(words.flatMap((columns) => columns?.flat() ?? []));
  const slow = rows.flatMap((_, index) => {
    const columns = words[index];
    return columns?.every((list) => list.every((word) => stems.get(word) !== undefined)) ? [] : [index];
  });
  const results: ChunkTerms[] = [];
  const bySlowPath = new Set(slow);
  words.forEach((columns, index) => {
    if (columns && !bySlowPath.has(index)) results[index] = asciiTerms(columns);
  });
  tokenizeRows(slow.map((index) => rows[index] as (typeof rows)[number])).forEach((terms, position) => {
    results[slow[position] as number] = fromCounts(terms);
  });
  return results;
}

/** The FTS5 path alone, for every chunk (the reference `chunkTerms` is checked against). */
export function chunkTermsByIndex(chunks: readonly ChunkFields[]): ChunkTerms[] {
  return tokenizeRows(chunks.map((chunk) => [chunk.title, chunk.headingPath.join(' / '), chunk.text])).map(fromCounts);
}

function fromCounts(terms: Map<string, Record<string, number>>): ChunkTerms {
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
}

/** ASCII with no NUL: what unicode61 splits as this module does. */
function plainAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0 || code > 0x7f) return false;
  }
  return true;
}
const asciiWord = /[a-z0-9]+/g;
const columnWeights = [bm25.title, bm25.headings, bm25.body];

/** Terms of a chunk split here: each word's stem, weighted by its column; terms in byte order, as FTS5's. */
function asciiTerms(columns: readonly (readonly string[])[]): ChunkTerms {
  const weights = new Map<string, number>();
  let tokens = 0;
  columns.forEach((list, column) => {
    const weight = columnWeights[column] ?? 0;
    tokens += list.length;
    for (const word of list) {
      const term = stems.get(word) as string;
      weights.set(term, (weights.get(term) ?? 0) + weight);
    }
  });
  const terms = [...weights.keys()].sort();
  return { terms, weights: terms.map((term) => weights.get(term) ?? 0), tokens };
}

/** The tokenizer's term for each lower-case ASCII word seen (`null`: it did not read it as one term). */
const stems = new Map<string, string | null>();
const stemsKept = 200_000;

function stem(words: readonly string[]): void {
  let unknown = [...new Set(words)].filter((word) => !stems.has(word));
  if (unknown.length === 0) return;
  if (stems.size + unknown.length > stemsKept) {
    stems.clear();
    unknown = [...new Set(words)];
  }
  tokenizeRows(unknown.map((word) => ['', '', word])).forEach((terms, index) => {
    const [only] = terms.entries();
    stems.set(unknown[index] as string, terms.size === 1 && only?.[1].body === 1 ? only[0] : null);
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

import type pg from 'pg';
import {
  blockBytes,
  type ColumnChange,
  columnBounds,
  cutBlock,
  mergeBlock,
  readBlock,
} from '../postings/block-columns.js';
import { blockSize, type PostingBlock } from '../postings/posting-block.js';

/**
 * PostgreSQL's posting blocks (migration 8): each term's postings of `seam_postings`, sorted by chunk id and
 * cut into blocks of at most 128 in the SQLite store's format (`../postings/posting-block.ts`), so a search
 * reads a few hundred rows per word and scores them with the SQLite store's scorer (`block-search.ts`)
 * instead of ranking every matching posting in SQL.
 *
 * - `seam_posting_blocks`: keyed by (term, first chunk id), with size, largest weight and smallest length.
 * - `seam_posting_removals`: postings deleted by the open transaction, appended by a trigger on every path
 *   that deletes postings (a chunk's postings go with it: `search-index.ts`), so a delete, a forget, a
 *   cascade or a version no longer served is seen without each path saying so.
 *
 * Postings added are recorded by `writePending` (the only writer of postings after migration 4), and the
 * store writes both into the blocks last in every write transaction (`flushPostingBlocks`), under a
 * transaction-level advisory lock: two writers never merge into the same block from stale reads, and a
 * chunk id given out by a concurrent writer is merged where it belongs whatever order they commit in.
 */
export const postingBlocksSql = `
CREATE TABLE seam_posting_blocks (
  term text NOT NULL,
  first_chunk bigint NOT NULL,
  size integer NOT NULL,
  max_weight real NOT NULL,
  min_tokens integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (term, first_chunk)
);
ALTER TABLE seam_posting_blocks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE seam_posting_removals (term text NOT NULL, chunk_id bigint NOT NULL);
CREATE FUNCTION seam_record_removals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO seam_posting_removals (term, chunk_id) SELECT term, chunk_id FROM changed;
  RETURN NULL;
END $$;
CREATE TRIGGER seam_postings_blocks_removed AFTER DELETE ON seam_postings
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION seam_record_removals();
`;

/** An arbitrary constant: the advisory lock that serializes writing the blocks across connections. */
const blocksLock = 736_153_922;

/** Postings inserted by a transaction, per term (chunk ids ascending within a term once sorted). */
interface Added {
  chunks: number[];
  weights: number[];
  tokens: number[];
  scopes: number[];
}

const added = new WeakMap<pg.ClientBase, Map<string, Added>>();

/** Record postings just inserted into `seam_postings` in the open transaction. */
export function recordAddedPostings(
  client: pg.ClientBase,
  postings: { term: string[]; chunk: string[]; weight: number[]; tokens: number[]; scope: number[] },
): void {
  let byTerm = added.get(client);
  if (!byTerm) {
    byTerm = new Map();
    added.set(client, byTerm);
  }
  postings.term.forEach((term, index) => {
    let entry = byTerm.get(term);
    if (!entry) {
      entry = { chunks: [], weights: [], tokens: [], scopes: [] };
      byTerm.set(term, entry);
    }
    entry.chunks.push(Number(postings.chunk[index]));
    entry.weights.push(postings.weight[index] ?? 0);
    entry.tokens.push(postings.tokens[index] ?? 0);
    entry.scopes.push(postings.scope[index] ?? 0);
  });
}

/** Forget what a transaction that rolled back recorded. */
export function discardAddedPostings(client: pg.ClientBase): void {
  added.delete(client);
}

/** One term's changes, sorted: chunks added (with their columns) and removed. */
type TermChange = ColumnChange & { removed: Set<number> };

interface BlockRow {
  first: number;
  size: number;
  data: Buffer;
  /** The next block's first chunk (the end of this block's range), or Infinity. */
  next: number;
  /** The term's first block. */
  lowest: boolean;
}

/**
 * Write the open transaction's posting changes into the blocks. The store calls it last in every write
 * transaction, after the postings are written.
 */
export async function flushPostingBlocks(client: pg.ClientBase): Promise<void> {
  const additions = added.get(client);
  added.delete(client);
  const { rows: removals } = await client.query<{ term: string; chunk_id: string }>(
    'DELETE FROM seam_posting_removals RETURNING term, chunk_id',
  );
  if (removals.length === 0 && (additions === undefined || additions.size === 0)) return;
  await client.query('SELECT pg_advisory_xact_lock($1)', [blocksLock]);
  const changes = new Map<string, TermChange>();
  const changeOf = (term: string): TermChange => {
    let change = changes.get(term);
    if (!change) {
      change = { chunks: [], weights: [], tokens: [], scopes: [], removed: new Set() };
      changes.set(term, change);
    }
    return change;
  };
  for (const row of removals) changeOf(row.term).removed.add(Number(row.chunk_id));
  for (const [term, entry] of additions ?? []) {
    const change = changeOf(term);
    const order = entry.chunks.map((_, index) => index).sort((a, b) => (entry.chunks[a] ?? 0) - (entry.chunks[b] ?? 0));
    for (const index of order) {
      change.chunks.push(entry.chunks[index] as number);
      change.weights.push(entry.weights[index] as number);
      change.tokens.push(entry.tokens[index] as number);
      change.scopes.push(entry.scopes[index] as number);
    }
  }
  await applyChanges(client, changes);
}

/** Which block each changed chunk belongs to (the last starting at or before it, else the first): looked up together. */
async function applyChanges(client: pg.ClientBase, changes: Map<string, TermChange>): Promise<void> {
  // Per term, its changed chunks ascending, and the blocks found so far by first chunk.
  const pending = new Map<string, number[]>();
  for (const [term, change] of changes) {
    pending.set(
      term,
      [...new Set([...change.chunks, ...change.removed])].sort((a, b) => a - b),
    );
  }
  const found = new Map<string, Map<number, BlockRow>>();
  const assigned = new Map<string, Map<number, number[]>>();
  // First round: each term's lowest removed and lowest added chunk (a version's chunks have neighbouring ids,
  // so they usually share a block, and added ones go to the end of the list); then, round by round, the lowest
  // chunk left beyond the blocks found.
  let ask: [string, number][] = [];
  for (const [term, change] of changes) {
    if (change.removed.size > 0) ask.push([term, [...change.removed].reduce((low, chunk) => Math.min(low, chunk))]);
    if (change.chunks.length > 0) ask.push([term, change.chunks[0] as number]);
  }
  while (ask.length > 0) {
    const { rows } = await client.query<{
      term: string;
      first_chunk: string;
      size: number;
      data: Buffer;
      next: string | null;
      lowest: boolean;
    }>(
      `SELECT DISTINCT ON (w.term, b.first_chunk) w.term, b.first_chunk, b.size, b.data,
         (SELECT min(y.first_chunk) FROM seam_posting_blocks y WHERE y.term = w.term AND y.first_chunk > b.first_chunk) AS next,
         NOT EXISTS (SELECT 1 FROM seam_posting_blocks y WHERE y.term = w.term AND y.first_chunk < b.first_chunk) AS lowest
       FROM unnest($1::text[], $2::bigint[]) AS w(term, chunk)
       CROSS JOIN LATERAL (
         (SELECT x.first_chunk, x.size, x.data FROM seam_posting_blocks x
          WHERE x.term = w.term AND x.first_chunk <= w.chunk ORDER BY x.first_chunk DESC LIMIT 1)
         UNION ALL
         (SELECT x.first_chunk, x.size, x.data FROM seam_posting_blocks x WHERE x.term = w.term ORDER BY x.first_chunk LIMIT 1)
         LIMIT 1
       ) b`,
      [ask.map(([term]) => term), ask.map(([, chunk]) => chunk)],
    );
    const asked = new Set(ask.map(([term]) => term));
    for (const row of rows) {
      let blocks = found.get(row.term);
      if (!blocks) {
        blocks = new Map();
        found.set(row.term, blocks);
      }
      const first = Number(row.first_chunk);
      blocks.set(first, {
        first,
        size: row.size,
        data: row.data,
        next: row.next === null ? Number.POSITIVE_INFINITY : Number(row.next),
        lowest: row.lowest,
      });
    }
    ask = [];
    for (const term of asked) {
      const blocks = [...(found.get(term)?.values() ?? [])].sort((a, b) => a.first - b.first);
      let perBlock = assigned.get(term);
      if (!perBlock) {
        perBlock = new Map();
        assigned.set(term, perBlock);
      }
      const left: number[] = [];
      for (const chunk of pending.get(term) ?? []) {
        // A term without blocks: every change goes into new ones (key -1).
        if (blocks.length === 0) {
          push(perBlock, -1, chunk);
          continue;
        }
        // The block whose range [first, next) holds the chunk; the term's lowest block also takes what is below it.
        const floor = blocks.findLast((block) => block.first <= chunk);
        const block = floor ?? (blocks[0]?.lowest ? blocks[0] : undefined);
        if (block && chunk < block.next) push(perBlock, block.first, chunk);
        else left.push(chunk);
      }
      pending.set(term, left);
      if (left.length > 0) ask.push([term, left[0] as number]);
    }
  }
  await writeBlocks(client, changes, found, assigned);
}

function push(map: Map<number, number[]>, key: number, chunk: number): void {
  const list = map.get(key);
  if (list) list.push(chunk);
  else map.set(key, [chunk]);
}

/** Merge each touched block's changes and write: the old blocks deleted, their pieces inserted. */
async function writeBlocks(
  client: pg.ClientBase,
  changes: Map<string, TermChange>,
  found: Map<string, Map<number, BlockRow>>,
  assigned: Map<string, Map<number, number[]>>,
): Promise<void> {
  const deleted = { term: [] as string[], first: [] as number[] };
  const inserted = {
    term: [] as string[],
    first: [] as number[],
    size: [] as number[],
    maxWeight: [] as number[],
    minTokens: [] as number[],
    data: [] as Buffer[],
  };
  const insert = (term: string, piece: PostingBlock) => {
    const { maxWeight, minTokens } = columnBounds(piece);
    inserted.term.push(term);
    inserted.first.push(piece.chunks[0] as number);
    inserted.size.push(piece.length);
    inserted.maxWeight.push(maxWeight);
    inserted.minTokens.push(minTokens);
    inserted.data.push(blockBytes(piece));
  };
  for (const [term, perBlock] of assigned) {
    const change = changes.get(term) as TermChange;
    const index = new Map(change.chunks.map((chunk, at) => [chunk, at]));
    for (const [key, chunks] of perBlock) {
      const part: TermChange = { chunks: [], weights: [], tokens: [], scopes: [], removed: new Set() };
      for (const chunk of chunks) {
        if (change.removed.has(chunk)) part.removed.add(chunk);
        const at = index.get(chunk);
        if (at !== undefined) {
          part.chunks.push(chunk);
          part.weights.push(change.weights[at] as number);
          part.tokens.push(change.tokens[at] as number);
          part.scopes.push(change.scopes[at] as number);
        }
      }
      const row = key === -1 ? undefined : found.get(term)?.get(key);
      const appended =
        part.removed.size === 0 && (row === undefined || (part.chunks[0] ?? 0) > lastChunk(row.data, row.size));
      if (row && appended && row.size >= blockSize) {
        // A full block followed by new chunks: they start the next block, the full one is left as it is.
        for (const piece of cutBlock(mergeBlock(readBlock(undefined), part), { appended })) insert(term, piece);
        continue;
      }
      const merged = mergeBlock(readBlock(row?.data), part);
      if (row) {
        deleted.term.push(term);
        deleted.first.push(row.first);
      }
      for (const piece of cutBlock(merged, { appended })) insert(term, piece);
    }
  }
  if (deleted.term.length > 0) {
    await client.query(
      `DELETE FROM seam_posting_blocks b USING unnest($1::text[], $2::bigint[]) AS d(term, first_chunk)
       WHERE b.term = d.term AND b.first_chunk = d.first_chunk`,
      [deleted.term, deleted.first],
    );
  }
  if (inserted.term.length > 0) {
    await client.query(
      `INSERT INTO seam_posting_blocks (term, first_chunk, size, max_weight, min_tokens, data)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::real[], $5::int[], $6::bytea[])`,
      [inserted.term, inserted.first, inserted.size, inserted.maxWeight, inserted.minTokens, inserted.data],
    );
  }
}

/** A stored block's last chunk id (its chunk column's last value, little-endian). */
function lastChunk(data: Buffer, size: number): number {
  return size === 0 ? -1 : data.readUInt32LE(4 * (size - 1));
}

/**
 * Migration 8's backfill: every term's postings cut into blocks, a few hundred terms at a time.
 */
export async function backfillPostingBlocks(client: pg.ClientBase): Promise<void> {
  const { rows: terms } = await client.query<{ term: string }>(
    'SELECT term FROM seam_postings GROUP BY term ORDER BY term COLLATE "C"',
  );
  for (let start = 0; start < terms.length; start += 500) {
    const batch = terms.slice(start, start + 500).map((row) => row.term);
    const { rows } = await client.query<{
      term: string;
      chunks: string[];
      weights: number[];
      tokens: number[];
      scopes: number[];
    }>(
      `SELECT term, array_agg(chunk_id ORDER BY chunk_id) AS chunks, array_agg(weight ORDER BY chunk_id) AS weights,
         array_agg(tokens ORDER BY chunk_id) AS tokens, array_agg(scope ORDER BY chunk_id) AS scopes
       FROM seam_postings WHERE term = ANY($1::text[]) GROUP BY term`,
      [batch],
    );
    const changes = new Map<string, TermChange>();
    for (const row of rows) {
      changes.set(row.term, {
        chunks: row.chunks.map(Number),
        weights: row.weights,
        tokens: row.tokens,
        scopes: row.scopes,
        removed: new Set(),
      });
    }
    const assigned = new Map<string, Map<number, number[]>>();
    for (const [term, change] of changes) assigned.set(term, new Map([[-1, change.chunks]]));
    await writeBlocks(client, changes, new Map(), assigned);
  }
}

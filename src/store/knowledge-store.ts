import type { Reader } from '../access.js';
import type { ForgetMethods } from './forget-store.js';
import type { SyncMethods } from './sync-store.js';
import type { ServedInterval } from './timeline.js';

/**
 * The knowledge store specification.
 *
 * Every backend (the embedded SQLite store today, PostgreSQL next) implements `KnowledgeStore`, and
 * the shared conformance suite in `test/store/knowledge-store.suite.ts` runs against each of them.
 * Nothing backend-specific may appear here: no SQL, no file paths, no synchronous results.
 *
 * Result objects use the snake_case field names of the JSON contract (`../shared/BRIEF.md`), so that
 * what the library returns is exactly what `--json` prints and scripts rely on.
 */

/** A validated document as it enters the store: front matter plus markdown body. */
export interface DocumentInput {
  /** Stable identifier: front matter `id`, else the path relative to the imported folder without `.md`. */
  id: string;
  title: string;
  /** A grouping such as `policy` or `product`; `general` when the front matter names none. */
  collection: string;
  /**
   * Roles that may read this version, in lower case (stores normalize them). `null` means everyone (the
   * front matter had no `acl`); an empty list is refused with an `InputError` (see `src/access.ts`).
   */
  acl: string[] | null;
  /** ISO date (`2026-05-01`) or date-time from which this version is in effect; `null`: always was. */
  effective_from: string | null;
  /** ISO date or date-time at which this version stops being in effect; `null`: open-ended. */
  effective_until: string | null;
  /** Identifiers of the people this document is about, so they can be found and deleted on request. */
  subjects: string[];
  tags: string[];
  /** Front-matter keys Seam does not interpret, kept verbatim. */
  extra: Record<string, unknown>;
  /** The markdown body, front matter removed. */
  body: string;
  /** Where the document was read from (informational; lets `kb put` find the id of a re-put file). */
  source?: string | undefined;
}

/** One stored version of a document. */
export interface DocumentVersion extends Omit<DocumentInput, 'source'> {
  version: number;
  created_at: string;
  author: string;
  message: string;
  /** Where the version was read from; shown to the operator only (`null` for a principal). */
  source: string | null;
}

/** A line of `history`: who changed what, when. */
export interface VersionSummary {
  version: number;
  created_at: string;
  author: string;
  message: string;
  title: string;
  effective_from: string | null;
  effective_until: string | null;
  /** The receipt id of the `seam forget` that rewrote this version in place, when one did. */
  redacted_by?: string | null | undefined;
}

export interface DocumentSummary {
  id: string;
  /** The newest version the reader may read (which may be scheduled for the future). */
  version: number;
  title: string;
  collection: string;
  acl: string[] | null;
  updated_at: string;
  /** Where that version was read from, when it came from a file (operator only; `null` for a principal). */
  source: string | null;
}

export interface WriteOptions {
  /**
   * Who is writing. A document whose current version this reader may not read is refused with a
   * `NotFoundError`, exactly as if it did not exist (and `revert` may only restore a readable version).
   */
  reader: Reader;
  /** Who made the change; shown in history. */
  author: string;
  /** Why; shown in history. */
  message?: string | undefined;
  /**
   * Optimistic concurrency: refuse with `ConflictError` unless the document's newest version is this one
   * (0 means "the document must not exist yet").
   */
  ifVersion?: number | undefined;
}

export interface PutResult {
  id: string;
  /** The newest version after the write (unchanged content leaves it as it was). */
  version: number;
  /** `created`: a new document; `updated`: a new version; `unchanged`: identical content, no version made. */
  status: 'created' | 'updated' | 'unchanged';
  /** Chunks now indexed for this document across the versions still in effect at some date. */
  chunks: number;
}

export interface RemoveResult {
  id: string;
  versions: number;
  chunks: number;
}

export interface TextQuery {
  text: string;
  /** Who is asking: only chunks of versions this reader may read are ranked (see `src/access.ts`). */
  reader: Reader;
  /** How many hits at most. */
  k: number;
  /** The instant whose documents are served: an ISO date-time (now) or date (`--as-of`). */
  at: string;
  collection?: string | undefined;
}

/** Words to count, for `termFrequencies`. */
export interface TermFrequencyQuery extends ReadOptions {
  /** Words as typed; each is stemmed as the index stems it. */
  words: readonly string[];
}

/** How common words are among the chunks a reader may read: the inputs of an IDF weight. */
export interface TermFrequencies {
  /** Chunks the reader may read. */
  chunks: number;
  /** Per word asked: how many of those chunks contain it (in the title, a heading or the text). */
  frequencies: Record<string, number>;
}

/** A chunk of a document version, returned by retrieval. */
export interface Hit {
  id: string;
  version: number;
  title: string;
  collection: string;
  /** Headings above the chunk, outermost first. */
  heading_path: string[];
  /**
   * Higher is better: FTS5's BM25 on both backends (the same terms and statistics give the same score),
   * comparable within one result list. A fused score when several legs run.
   */
  score: number;
  text: string;
  effective_from: string | null;
  effective_until: string | null;
  /** Position of the chunk in its version (0-based). */
  chunk: number;
}

export interface Principal {
  id: string;
  /** Role names, stored in lower case. */
  roles: string[];
}

/**
 * An API token as stored: the token itself never is. `prefix` (its first characters) finds the row;
 * `hash` (SHA-256 of the whole token, hex) is compared in constant time by the server.
 */
export interface StoredToken {
  /** Unique, chosen by the admin (`--name`) or generated; what `token revoke` takes. */
  name: string;
  /** The principal the token reads and writes as; its roles are looked up on every request. */
  principal: string;
  prefix: string;
  hash: string;
  created_at: string;
}

/**
 * A console session as stored: the SHA-256 of its id (hex), never the id, which only the browser's cookie
 * holds. Kept in the store so that every server on it serves the session, a restart keeps it, and signing
 * out or revoking its token ends it everywhere.
 */
export interface StoredSession {
  hash: string;
  principal: string;
  /** The token signed in with: the session lives only while this token does. */
  token_prefix: string;
  token_hash: string;
  /** ISO date-time after which the session is refused (and deleted). */
  expires_at: string;
  /** An admin viewing the console as another principal (reads only), or `null`. */
  view_as: string | null;
}

/** One answer given through the server: private data (question and asker), kept for a bounded time. */
export interface AnswerLogEntry {
  at: string;
  /** Who asked: the token's principal, or the admin signed in to the console (also when viewing as someone). */
  principal: string;
  /**
   * The principal whose permissions answered, when an admin asked while viewing the console as them;
   * absent or `null` when the asker asked as themselves.
   */
  viewed_as?: string | null | undefined;
  question: string;
  answer: string;
  refused: boolean;
  citations: { id: string; version: number }[];
}

export interface LoggedAnswer extends AnswerLogEntry {
  id: number;
  viewed_as: string | null;
}

/** Every version of one document a reader may read, for lint's and audit's fact lookups. */
export interface DocumentTimeline {
  id: string;
  /** The readable versions, oldest first. */
  versions: DocumentVersion[];
  /**
   * When each readable version is served (computed over every version, so an instant at which an
   * unreadable version is served has no interval here: nothing is served to this reader then).
   */
  served: ServedInterval[];
}

/** Options of every read: the reader, always. */
export interface ReadOptions {
  reader: Reader;
}

/**
 * Access: every method that reads takes the reader and applies the rule of `src/access.ts` per version,
 * inside its own query. A version the reader may not read is indistinguishable from one that does not
 * exist: it is not returned, counted or named, and asking for it is answered like asking for a missing one.
 */
export interface KnowledgeStore extends ForgetMethods, SyncMethods {
  readonly specificationVersion: 'seam-store-v1';

  /** Create a document or add a version. Chunks and index entries of versions no longer in effect at any date are replaced in the same transaction. */
  put(document: DocumentInput, options: WriteOptions): Promise<PutResult>;
  /** Like `put` for many documents, all or nothing. `ifVersion` is not accepted here. */
  putMany(documents: readonly DocumentInput[], options: Omit<WriteOptions, 'ifVersion'>): Promise<PutResult[]>;
  /** A given version, or without one the newest version the reader may read. `undefined` when there is none. */
  get(id: string, options: ReadOptions & { version?: number | undefined }): Promise<DocumentVersion | undefined>;
  /** The version served at an instant (effective dates applied), or `undefined` (also when the reader may not read it). */
  getServed(id: string, options: ReadOptions & { at: string }): Promise<DocumentVersion | undefined>;
  /** Every version the reader may read, oldest first; `undefined` when there is none. */
  history(id: string, options: ReadOptions): Promise<VersionSummary[] | undefined>;
  /** Every readable version of every document (or of one collection), with when each is served. */
  timelines(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentTimeline[]>;
  /** A new version carrying version `to`'s content. */
  revert(id: string, to: number, options: WriteOptions): Promise<PutResult>;
  /**
   * Delete every version, chunk and index entry. `undefined` when the document does not exist (or its
   * current version is unreadable to `reader`); `ConflictError` when `ifVersion` is given and is not the
   * current version. What a backend can promise about bytes left on disk differs (SQLite overwrites them;
   * PostgreSQL vacuums, see the README) and is documented per backend.
   */
  remove(id: string, options: ReadOptions & { ifVersion?: number | undefined }): Promise<RemoveResult | undefined>;
  /** Every document with a version the reader may read, described by the newest such version. */
  list(options: ReadOptions & { collection?: string | undefined }): Promise<DocumentSummary[]>;
  /**
   * Full-text retrieval with the access rule and effective dates applied inside the query. Query text is
   * words, never query syntax; stopword handling and ranking are the backend's own.
   */
  searchText(query: TextQuery): Promise<Hit[]>;
  /**
   * Document frequencies over the chunks the reader may read (the access rule applied inside the query,
   * as in `searchText`): how discriminating each of a question's words is. A chunk the reader may not
   * read is never counted, so nothing about it can be inferred from the weights.
   */
  termFrequencies(query: TermFrequencyQuery): Promise<TermFrequencies>;

  putPrincipal(principal: Principal): Promise<{ status: 'created' | 'updated' }>;
  getPrincipal(id: string): Promise<Principal | undefined>;
  listPrincipals(): Promise<Principal[]>;
  removePrincipal(id: string): Promise<boolean>;

  /** Add a token; `InputError` when its name (or prefix) is taken. */
  putToken(token: StoredToken): Promise<void>;
  /** The token whose prefix this is, if any. */
  findToken(prefix: string): Promise<StoredToken | undefined>;
  /** Every token, without hashes, oldest first. */
  listTokens(): Promise<Omit<StoredToken, 'hash'>[]>;
  /** Revoke a token; its console sessions end with it. */
  removeToken(name: string): Promise<boolean>;

  /** Add or replace a console session (by `hash`); expired sessions are deleted on the way. */
  putSession(session: StoredSession): Promise<void>;
  /** The session with this hash, if it exists and has not expired. */
  findSession(hash: string, options: { now: string }): Promise<StoredSession | undefined>;
  /** End a session (signing out). */
  removeSession(hash: string): Promise<boolean>;

  /** Record an answer, then keep only the newest `keep` entries (the log is bounded private data). */
  logAnswer(entry: AnswerLogEntry, options: { keep: number }): Promise<void>;
  /** The newest answers, optionally only those citing a document (or one version of it). */
  recentAnswers(options: {
    limit: number;
    citing?: { id: string; version?: number | undefined };
  }): Promise<LoggedAnswer[]>;
  /**
   * Delete logged answers (for `forget`): those asked by `principal` or by an admin viewing as them, and
   * those whose question or answer contains `containing` (case-insensitive). Returns how many were deleted; their bytes do not stay in the file.
   */
  removeAnswers(options: { principal?: string | undefined; containing?: string | undefined }): Promise<number>;

  /**
   * Whether the database answers now, for a readiness check (`GET /readyz`): resolves, or rejects with a
   * `StoreError`. Quick, and never queued behind other work. Optional: without it, a small read is used.
   */
  ping?(): Promise<void>;

  close(): Promise<void>;
}

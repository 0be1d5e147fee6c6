import type Database from 'better-sqlite3';
import { InputError } from '../../errors.js';
import type { AnswerLogEntry, LoggedAnswer, StoredSession, StoredToken } from '../knowledge-store.js';
import type { ServerTables } from '../server-tables.js';

/** `ServerTables` on this backend: the tokens and answer-log tables (schema step 4), the sessions table (step 7). */
export type SqliteServerTables = ServerTables;

/** A logged answer's row: SQLite keeps `refused` as 0 or 1, and the citations in a table of their own. */
type AnswerRow = Omit<LoggedAnswer, 'refused' | 'citations'> & { refused: number };

export function createSqliteServerTables(db: Database.Database): SqliteServerTables {
  // Checked on every authenticated request: prepared once.
  const findToken = db.prepare('SELECT * FROM tokens WHERE prefix = ?');
  const findSession = db.prepare('SELECT * FROM sessions WHERE hash = ? AND expires_at > ?');
  const citationsOf = (answerId: number) =>
    db
      .prepare('SELECT doc_id AS id, version FROM answer_citations WHERE answer_id = ? ORDER BY rowid')
      .all(answerId) as {
      id: string;
      version: number;
    }[];
  const toLogged = (row: AnswerRow): LoggedAnswer => ({
    id: row.id,
    at: row.at,
    principal: row.principal,
    viewed_as: row.viewed_as ?? null,
    question: row.question,
    answer: row.answer,
    refused: row.refused === 1,
    citations: citationsOf(row.id),
  });

  return {
    async putToken(token: StoredToken) {
      const taken = db.prepare('SELECT name FROM tokens WHERE name = ? OR prefix = ?').get(token.name, token.prefix);
      if (taken) throw new InputError(`a token named '${token.name}' already exists`, { field: '--name' });
      db.prepare(
        'INSERT INTO tokens (name, principal, prefix, hash, created_at) VALUES (@name, @principal, @prefix, @hash, @created_at)',
      ).run(token);
    },
    async findToken(prefix: string) {
      return findToken.get(prefix) as StoredToken | undefined;
    },
    async listTokens() {
      return db
        .prepare('SELECT name, principal, prefix, created_at FROM tokens ORDER BY created_at, name')
        .all() as Omit<StoredToken, 'hash'>[];
    },
    async removeToken(name: string) {
      const removed = db.transaction(() => {
        db.prepare('DELETE FROM sessions WHERE token_prefix IN (SELECT prefix FROM tokens WHERE name = ?)').run(name);
        return db.prepare('DELETE FROM tokens WHERE name = ?').run(name).changes > 0;
      })();
      if (removed) db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    },
    async putSession(session: StoredSession) {
      db.transaction(() => {
        db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date().toISOString());
        db.prepare(
          `INSERT OR REPLACE INTO sessions (hash, principal, token_prefix, token_hash, expires_at, view_as)
           VALUES (@hash, @principal, @token_prefix, @token_hash, @expires_at, @view_as)`,
        ).run(session);
      })();
    },
    async findSession(hash: string, options: { now: string }) {
      return findSession.get(hash, options.now) as StoredSession | undefined;
    },
    async removeSession(hash: string) {
      return db.prepare('DELETE FROM sessions WHERE hash = ?').run(hash).changes > 0;
    },
    async logAnswer(entry: AnswerLogEntry, options: { keep: number }) {
      db.transaction(() => {
        const { lastInsertRowid } = db
          .prepare(
            `INSERT INTO answer_log (at, principal, viewed_as, question, answer, refused)
             VALUES (@at, @principal, @viewed_as, @question, @answer, @refused)`,
          )
          .run({
            at: entry.at,
            principal: entry.principal,
            viewed_as: entry.viewed_as ?? null,
            question: entry.question,
            answer: entry.answer,
            refused: entry.refused ? 1 : 0,
          });
        const insert = db.prepare('INSERT INTO answer_citations (answer_id, doc_id, version) VALUES (?, ?, ?)');
        for (const citation of entry.citations) insert.run(lastInsertRowid, citation.id, citation.version);
        db.prepare('DELETE FROM answer_log WHERE id NOT IN (SELECT id FROM answer_log ORDER BY id DESC LIMIT ?)').run(
          options.keep,
        );
      }).immediate();
    },
    async recentAnswers(options) {
      const citing = options.citing;
      const rows = (
        citing === undefined
          ? db.prepare('SELECT * FROM answer_log ORDER BY id DESC LIMIT ?').all(options.limit)
          : db
              .prepare(
                `SELECT * FROM answer_log WHERE id IN (
                   SELECT answer_id FROM answer_citations WHERE doc_id = @id AND (@version IS NULL OR version = @version))
                 ORDER BY id DESC LIMIT @limit`,
              )
              .all({ id: citing.id, version: citing.version ?? null, limit: options.limit })
      ) as AnswerRow[];
      return rows.map(toLogged);
    },
    async removeAnswers(options) {
      if (options.principal === undefined && !options.containing) return 0;
      const removed = db
        .prepare(
          `DELETE FROM answer_log WHERE principal = @principal OR viewed_as = @principal
             OR (@containing IS NOT NULL AND (instr(lower(question), lower(@containing)) > 0
                                           OR instr(lower(answer), lower(@containing)) > 0))`,
        )
        .run({ principal: options.principal ?? null, containing: options.containing || null }).changes;
      if (removed > 0) db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    },
  };
}

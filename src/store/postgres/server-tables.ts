import type pg from 'pg';
import { InputError } from '../../errors.js';
import type { AnswerLogEntry, LoggedAnswer, StoredSession, StoredToken } from '../knowledge-store.js';
import type { ServerTables } from '../server-tables.js';

/** `ServerTables` on this backend: the tokens and answer-log tables (migration 2), the sessions table (5). */
export type PostgresServerTables = ServerTables;

/** How the store runs a statement, or a transaction, with its errors mapped (see `postgres-store.ts`). */
export interface Runner {
  run<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  transaction<T>(doing: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

/** A logged answer as `pg` returns it: the bigint id comes back as text. */
type AnswerRow = Omit<LoggedAnswer, 'id'> & { id: string };

const answerColumns = `a.id, a.at, a.principal, a.viewed_as, a.question, a.answer, a.refused,
  (SELECT coalesce(json_agg(json_build_object('id', c.doc_id, 'version', c.version) ORDER BY c.ordinal), '[]')
   FROM seam_answer_citations c WHERE c.answer_id = a.id) AS citations`;

function toLogged(row: AnswerRow): LoggedAnswer {
  return { ...row, id: Number(row.id) };
}

export function createPostgresServerTables(runner: Runner): PostgresServerTables {
  const query = <Row extends pg.QueryResultRow>(doing: string, text: string, values: unknown[] = []) =>
    runner.run(doing, async (client) => client.query<Row>(text, values));
  return {
    async putToken(token: StoredToken) {
      try {
        await query(
          'adding a token',
          'INSERT INTO seam_tokens (name, principal, prefix, hash, created_at) VALUES ($1, $2, $3, $4, $5)',
          [token.name, token.principal, token.prefix, token.hash, token.created_at],
        );
      } catch (error) {
        // A unique name or prefix already taken (also by a concurrent writer): the caller's input error.
        if ((error as { cause?: { code?: unknown } }).cause?.code === '23505') {
          throw new InputError(`a token named '${token.name}' already exists`, { field: '--name' });
        }
        throw error;
      }
    },
    async findToken(prefix: string) {
      const { rows } = await query<StoredToken>(
        'reading a token',
        'SELECT name, principal, prefix, hash, created_at FROM seam_tokens WHERE prefix = $1',
        [prefix],
      );
      return rows[0];
    },
    async listTokens() {
      const { rows } = await query<Omit<StoredToken, 'hash'>>(
        'listing tokens',
        'SELECT name, principal, prefix, created_at FROM seam_tokens ORDER BY created_at, name COLLATE "C"',
      );
      return rows;
    },
    async removeToken(name: string) {
      const { rowCount } = await query(
        'revoking a token',
        `WITH sessions AS (DELETE FROM seam_sessions WHERE token_prefix IN (SELECT prefix FROM seam_tokens WHERE name = $1))
         DELETE FROM seam_tokens WHERE name = $1`,
        [name],
      );
      if ((rowCount ?? 0) > 0) await query('vacuuming after a revocation', 'VACUUM seam_tokens, seam_sessions');
      return (rowCount ?? 0) > 0;
    },
    async putSession(session: StoredSession) {
      await runner.transaction('signing in', async (client) => {
        await client.query('DELETE FROM seam_sessions WHERE expires_at <= now()');
        await client.query(
          `INSERT INTO seam_sessions (hash, principal, token_prefix, token_hash, expires_at, view_as)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (hash) DO UPDATE SET principal = excluded.principal, token_prefix = excluded.token_prefix,
             token_hash = excluded.token_hash, expires_at = excluded.expires_at, view_as = excluded.view_as`,
          [
            session.hash,
            session.principal,
            session.token_prefix,
            session.token_hash,
            session.expires_at,
            session.view_as,
          ],
        );
      });
    },
    async findSession(hash: string, options: { now: string }) {
      const { rows } = await query<Omit<StoredSession, 'expires_at'> & { expires_at: Date }>(
        'reading a session',
        `SELECT hash, principal, token_prefix, token_hash, expires_at, view_as FROM seam_sessions
         WHERE hash = $1 AND expires_at > $2::timestamptz`,
        [hash, options.now],
      );
      const row = rows[0];
      return row && { ...row, expires_at: row.expires_at.toISOString() };
    },
    async removeSession(hash: string) {
      const { rowCount } = await query('signing out', 'DELETE FROM seam_sessions WHERE hash = $1', [hash]);
      return (rowCount ?? 0) > 0;
    },
    async logAnswer(entry: AnswerLogEntry, options: { keep: number }) {
      await runner.transaction('logging an answer', async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO seam_answer_log (at, principal, viewed_as, question, answer, refused)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [entry.at, entry.principal, entry.viewed_as ?? null, entry.question, entry.answer, entry.refused],
        );
        await client.query(
          `INSERT INTO seam_answer_citations (answer_id, ordinal, doc_id, version)
           SELECT $1, c.ordinal, c.doc_id, c.version FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS c(doc_id, version, ordinal)`,
          [
            rows[0]?.id,
            entry.citations.map((citation) => citation.id),
            entry.citations.map((citation) => citation.version),
          ],
        );
        await client.query(
          'DELETE FROM seam_answer_log WHERE id <= (SELECT id FROM seam_answer_log ORDER BY id DESC OFFSET $1 LIMIT 1)',
          [options.keep],
        );
      });
    },
    async recentAnswers(options) {
      const citing = options.citing;
      const { rows } = await query<AnswerRow>(
        'reading the answer log',
        `SELECT ${answerColumns} FROM seam_answer_log a
         WHERE $1::text IS NULL OR a.id IN (SELECT answer_id FROM seam_answer_citations
                                           WHERE doc_id = $1 AND ($2::int IS NULL OR version = $2))
         ORDER BY a.id DESC LIMIT $3`,
        [citing?.id ?? null, citing?.version ?? null, options.limit],
      );
      return rows.map(toLogged);
    },
    async removeAnswers(options) {
      if (options.principal === undefined && !options.containing) return 0;
      const { rowCount } = await query(
        'deleting answers',
        `DELETE FROM seam_answer_log WHERE principal = $1 OR viewed_as = $1
           OR ($2::text IS NOT NULL AND (strpos(lower(question), lower($2)) > 0 OR strpos(lower(answer), lower($2)) > 0))`,
        [options.principal ?? null, options.containing || null],
      );
      if ((rowCount ?? 0) > 0) {
        await query('vacuuming after a deletion', 'VACUUM seam_answer_log, seam_answer_citations');
      }
      return rowCount ?? 0;
    },
  };
}

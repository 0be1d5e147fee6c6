import type { QueryConfig } from 'pg';
import { IoError } from '../../errors.js';
import { redactMessage, redactUrl } from './redact-url.js';

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/**
 * Run a connector's query on PostgreSQL (node-postgres, loaded on first use) inside a READ ONLY
 * transaction that is always rolled back, with a statement timeout. `:principal` and `:now` (the only
 * names config validation allows) become `$1` and `$2`; text inside quotes is left alone.
 *
 * The query always goes over the extended protocol (Parse/Bind/Execute), whose prepared statement holds
 * exactly one command: `SELECT 1; COMMIT; UPDATE ...` is refused by the server instead of committing
 * the read-only transaction and running the write (the simple protocol, which node-postgres uses for a
 * query without values, runs every statement in the string). Errors never show the URL's password or
 * query string.
 */
export async function queryPostgres(options: {
  url: string;
  query: string;
  parameters: { principal: string; now: string };
  timeoutMs?: number;
}): Promise<Record<string, unknown>[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: options.url, statement_timeout: options.timeoutMs ?? 5000 });
  const shown = redactUrl(options.url);
  const clean = (error: unknown) => redactMessage(error instanceof Error ? error.message : String(error), options.url);
  // A connection error would otherwise be emitted on the client and crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new IoError(`cannot connect to ${shown}: ${clean(error)}`, shown);
  }
  try {
    await client.query('BEGIN READ ONLY');
    const { text, values } = numbered(options.query, options.parameters);
    const statement: QueryConfig & { queryMode: 'extended' } = { text, values, queryMode: 'extended' };
    const result = await client.query(statement);
    return result.rows as Record<string, unknown>[];
  } catch (error) {
    const problem = clean(error);
    const hint = /multiple commands/i.test(problem) ? ' (a connector query must be one statement)' : '';
    throw new IoError(`query failed on ${shown}: ${problem}${hint}`, shown);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** `:principal` / `:now` to `$1` / `$2`, skipping quoted text and `::casts`. */
export function numbered(
  query: string,
  parameters: { principal: string; now: string },
): { text: string; values: string[] } {
  const order: ('principal' | 'now')[] = [];
  const text = query.replace(
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:(principal|now)\b/g,
    (match, name?: 'principal' | 'now') => {
      if (!name) return match;
      let index = order.indexOf(name);
      if (index === -1) index = order.push(name) - 1;
      return `$${index + 1}`;
    },
  );
  return { text, values: order.map((name) => parameters[name]) };
}

import { IoError } from '../../errors.js';

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}

/**
 * Run a connector's query on PostgreSQL (node-postgres, loaded on first use) inside a READ ONLY
 * transaction that is always rolled back, with a statement timeout. `:principal` and `:now` (the only
 * names config validation allows) become `$1` and `$2`; text inside quotes is left alone.
 */
export async function queryPostgres(options: {
  url: string;
  query: string;
  parameters: { principal: string; now: string };
  timeoutMs?: number;
}): Promise<Record<string, unknown>[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: options.url, statement_timeout: options.timeoutMs ?? 5000 });
  const shown = redact(options.url);
  try {
    await client.connect();
  } catch (error) {
    throw new IoError(`cannot connect to ${shown}: ${message(error)}`, shown, { cause: error });
  }
  try {
    await client.query('BEGIN READ ONLY');
    const { text, values } = numbered(options.query, options.parameters);
    const result = await client.query(text, values);
    return result.rows as Record<string, unknown>[];
  } catch (error) {
    throw new IoError(`query failed on ${shown}: ${message(error)}`, shown, { cause: error });
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

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import Database from 'better-sqlite3';
import type { SeamConfig } from '../../config/behavior-config.js';
import { IoError } from '../../errors.js';
import { isPostgresUrl, queryPostgres } from './postgres-query.js';
import type { StateConnector } from './state-connector.js';

type SqlConfig = Extract<SeamConfig['connectors'][number], { kind: 'sql' }>;

/**
 * A read-only SQL query against a SQLite file or a PostgreSQL database (a `postgres://` URL). Its only parameters are `:principal` (the asking
 * principal's id) and `:now`, bound from the request; config validation refuses any other. The file is
 * opened read-only for each request and closed after it, so nothing is cached between principals.
 */
export function sqlConnector(config: SqlConfig): StateConnector {
  return {
    specificationVersion: 'seam-connector-v1',
    name: config.name,
    kind: 'sql',
    roles: config.roles,
    when: config.when,
    template: config.template,
    async fetch(request) {
      const parameters = { principal: request.principal.id, now: request.now };
      if (isPostgresUrl(config.database)) {
        const rows = await queryPostgres({ url: config.database, query: config.query, parameters });
        return rows.slice(0, config.max_records);
      }
      let database: Database.Database;
      try {
        database = new Database(config.database, { readonly: true, fileMustExist: true });
      } catch (error) {
        throw new IoError(`cannot open ${config.database}: ${message(error)}`, config.database, { cause: error });
      }
      try {
        const statement = database.prepare(config.query);
        if (!statement.reader) throw new IoError('the query must be a read-only SELECT', config.database);
        const rows = statement.all(parameters) as Record<string, unknown>[];
        return rows.slice(0, config.max_records);
      } catch (error) {
        if (IoError.isInstance(error)) throw error;
        throw new IoError(`query failed: ${message(error)}`, config.database, { cause: error });
      } finally {
        database.close();
      }
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

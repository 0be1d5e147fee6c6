import type Database from 'better-sqlite3';
import { normalizeAcl, rolePattern } from '../../access.js';
import { InputError } from '../../errors.js';
import type { Principal } from '../knowledge-store.js';

/** Principals and their roles (stored in lower case). */

export function putPrincipal(
  db: Database.Database,
  principal: Principal,
  now: string,
): { status: 'created' | 'updated' } {
  const bad = principal.roles.find((role) => !rolePattern.test(role));
  if (bad !== undefined) throw new InputError(`'${bad}' is not a valid role name`, { field: 'roles' });
  const existed = db.prepare('SELECT 1 FROM principals WHERE id = ?').get(principal.id) !== undefined;
  db.prepare(
    `INSERT INTO principals (id, roles, created_at, updated_at) VALUES (@id, @roles, @now, @now)
       ON CONFLICT(id) DO UPDATE SET roles = excluded.roles, updated_at = excluded.updated_at`,
  ).run({ id: principal.id, roles: JSON.stringify(normalizeAcl(principal.roles)), now });
  return { status: existed ? 'updated' : 'created' };
}

export function getPrincipal(db: Database.Database, id: string): Principal | undefined {
  const row = db.prepare('SELECT id, roles FROM principals WHERE id = ?').get(id) as
    | { id: string; roles: string }
    | undefined;
  return row && { id: row.id, roles: JSON.parse(row.roles) as string[] };
}

export function listPrincipals(db: Database.Database): Principal[] {
  const rows = db.prepare('SELECT id, roles FROM principals ORDER BY id').all() as {
    id: string;
    roles: string;
  }[];
  return rows.map((row) => ({ id: row.id, roles: JSON.parse(row.roles) as string[] }));
}

export function removePrincipal(db: Database.Database, id: string): boolean {
  return db.prepare('DELETE FROM principals WHERE id = ?').run(id).changes > 0;
}

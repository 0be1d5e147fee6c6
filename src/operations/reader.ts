import type { Reader } from '../access.js';
import { PermissionError } from '../errors.js';

/**
 * Roles the doors check for actions (reading is decided inside the store): `editor` writes documents it
 * may read; `admin` manages principals and tokens and sees the answer log. The operator holds every role.
 */
export type ActionRole = 'editor' | 'admin';

export function hasRole(reader: Reader, role: ActionRole): boolean {
  return reader.kind === 'operator' || reader.roles.includes(role);
}

/** Refuse (403) unless the reader holds the role. */
export function requireRole(reader: Reader, role: ActionRole, action: string): void {
  if (!hasRole(reader, role)) throw new PermissionError(`${action} needs the role '${role}'`);
}

import type { Command } from 'commander';
import { normalizeRole } from '../../access.js';
import { InputError, NotFoundError } from '../../errors.js';
import { emit, type Io, readStore, withStore } from '../context.js';
import { table } from '../format.js';

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

export function registerPrincipalCommands(program: Command, io: Io): void {
  const principal = program
    .command('principal')
    .description('who may read what: principals and their roles')
    .addHelpText(
      'after',
      `
A document's front matter lists the roles that may read it (acl); no acl means everyone.
Role names are case-insensitive (stored in lower case). A principal that was never added sees
public documents only.

Examples:
  $ seam principal add alice --roles support,billing
  $ seam principal add bob --roles support
  $ seam kb search "invoice" --as bob`,
    );

  principal
    .command('add')
    .description('add a principal, or replace the roles of an existing one')
    .argument('<id>', 'principal id (a user or service name)')
    .requiredOption('--roles <roles>', 'comma-separated roles, e.g. support,billing (an empty string for none)')
    .addHelpText('after', '\nExample:\n  $ seam principal add alice --roles support,billing')
    .action(async (id: string, flags: { roles: string }, command: Command) => {
      if (!namePattern.test(id))
        throw new InputError(`must use letters, digits, . _ @ or -, got '${id}'`, { field: '<id>' });
      const roles = [
        ...new Set(
          flags.roles
            .split(',')
            .map((role) => normalizeRole(role.trim()))
            .filter(Boolean),
        ),
      ].sort();
      const bad = roles.find((role) => !namePattern.test(role) || role === '*');
      if (bad !== undefined) throw new InputError(`'${bad}' is not a valid role name`, { field: '--roles' });
      const result = await withStore(command, io, (store) => store.putPrincipal({ id, roles }));
      emit(
        command,
        io,
        { id, roles, status: result.status },
        () => `${result.status} principal ${id} (roles: ${roles.join(', ') || 'none'})`,
      );
    });

  principal
    .command('list')
    .description('every principal and its roles')
    .addHelpText('after', '\nExamples:\n  $ seam principal list\n  $ seam principal list --json')
    .action(async (_flags: unknown, command: Command) => {
      const principals = await readStore(command, io, (store) => store.listPrincipals());
      emit(command, io, { principals }, () =>
        principals.length === 0
          ? 'no principals (add one with: seam principal add <id> --roles r1,r2)'
          : table(
              ['id', 'roles'],
              principals.map((entry) => [entry.id, entry.roles.join(', ')]),
            ),
      );
    });

  principal
    .command('rm')
    .description('remove a principal (it then sees public documents only)')
    .argument('<id>', 'principal id')
    .addHelpText('after', '\nExample:\n  $ seam principal rm bob')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const removed = await withStore(command, io, (store) => store.removePrincipal(id));
      if (!removed) throw new NotFoundError(id, `not found: no principal '${id}'`);
      emit(command, io, { removed: id }, () => `removed principal ${id}`);
    });
}

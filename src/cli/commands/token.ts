import type { Command } from 'commander';
import { createToken, revokeToken } from '../../server/tokens.js';
import { emit, type Io, withStore } from '../context.js';
import { shortTime, table } from '../format.js';

export function registerTokenCommands(program: Command, io: Io): void {
  const token = program
    .command('token')
    .description('API tokens for seam serve and MCP: each reads and writes as one principal')
    .addHelpText(
      'after',
      `
A token is printed once, when it is created; the store keeps only its hash. Its principal's roles decide
what it may do: reading follows the documents' acl, writing needs the role editor, principals and tokens
need the role admin.

Examples:
  $ seam principal add support-bot --roles support
  $ seam token create support-bot --name prod-bot
  $ curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8787/v1/search?q=refund"
  $ seam token list
  $ seam token revoke prod-bot`,
    );

  token
    .command('create')
    .description('create a token for a principal and print it (once)')
    .argument('<principal>', 'a principal added with seam principal add')
    .option('--name <name>', 'a name to list and revoke it by (default: principal and prefix)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ seam token create alice --name alice-laptop\n  $ seam token create bot --json | jq -r .token',
    )
    .action(async (principal: string, flags: { name?: string }, command: Command) => {
      const created = await withStore(command, io, (store) =>
        createToken({ store, principal, name: flags.name, now: io.now() }),
      );
      emit(
        command,
        io,
        created,
        () =>
          `${created.token}\n\ntoken '${created.name}' for ${created.principal}: copy it now, it is not shown again (only its hash is stored)`,
      );
    });

  token
    .command('list')
    .description('every token: name, principal, prefix, created (never the token)')
    .addHelpText('after', '\nExamples:\n  $ seam token list\n  $ seam token list --json')
    .action(async (_flags: unknown, command: Command) => {
      const tokens = await withStore(command, io, (store) => store.listTokens());
      emit(command, io, { tokens }, () =>
        tokens.length === 0
          ? 'no tokens (create one with: seam token create <principal>)'
          : table(
              ['name', 'principal', 'prefix', 'created'],
              tokens.map((entry) => [entry.name, entry.principal, `${entry.prefix}…`, shortTime(entry.created_at)]),
            ),
      );
    });

  token
    .command('revoke')
    .description('revoke a token by its name or the prefix token list shows; it stops working at once')
    .argument('<name-or-prefix>', 'the name, or a prefix such as seam_Ab12Cd')
    .addHelpText('after', '\nExamples:\n  $ seam token revoke prod-bot\n  $ seam token revoke seam_Ab12Cd34')
    .action(async (nameOrPrefix: string, _flags: unknown, command: Command) => {
      const revoked = await withStore(command, io, (store) => revokeToken(store, nameOrPrefix));
      emit(
        command,
        io,
        { revoked: revoked.name, principal: revoked.principal },
        () => `revoked token '${revoked.name}' (${revoked.principal})`,
      );
    });
}

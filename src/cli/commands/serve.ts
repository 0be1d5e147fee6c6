import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { globals, type Io, storePath } from '../context.js';

interface ServeFlags {
  host: string;
  port: string;
  config?: string;
}

export function registerServeCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('serve the HTTP API, MCP (at /mcp) and the web console (at /) until stopped')
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--port <port>', 'the port (0: any free port)', '8787')
    .option('--config <file>', 'behavior config for answers (default: seam.config.json here, if any)')
    .addHelpText(
      'after',
      `
Every route but GET /healthz needs Authorization: Bearer <token> (seam token create); the token's
principal is the reader. The console signs in with a token too. The OpenAPI description is at
/openapi.json. Stop with Ctrl-C.

Examples:
  $ seam principal add ops --roles admin,editor,support
  $ seam token create ops --name console
  $ seam serve --port 8787
  $ curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8787/v1/search?q=refund+window"`,
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new InputError(`must be a port number from 0 to 65535, got '${flags.port}'`, { field: '--port' });
      }
      const { loadConfig } = await import('../../config/load-config.js');
      const { createServices } = await import('../../server/services.js');
      const { startServer } = await import('../../server/serve.js');
      const { config } = await loadConfig({ path: flags.config, cwd: io.cwd });
      const store = openSqliteStore({ path: storePath(globals(command), io), now: io.now });
      const services = createServices({ store, config, env: io.env, now: io.now });
      const server = await startServer({ services, host: flags.host, port }).catch(async (error: unknown) => {
        await store.close();
        throw new InputError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`, {
          field: '--port',
        });
      });
      io.stdout(`seam serving ${server.url}  (API /v1, MCP /mcp, console /; Ctrl-C stops)\n`);
      await untilStopped();
      await server.close();
      await store.close();
    });
}

/** Resolves on SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

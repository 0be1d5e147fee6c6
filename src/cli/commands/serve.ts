import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { demoFolder, demoPaths, demoStorePath } from '../../demo/demo-home.js';
import { seedDemo } from '../../demo/seed-demo.js';
import { InputError } from '../../errors.js';
import type { KnowledgeStore } from '../../store/knowledge-store.js';
import { isStoreUrl, openStore } from '../../store/open-store.js';
import { globals, type Io, parseCount, storePath } from '../context.js';

interface ServeFlags {
  host: string;
  port: number;
  config?: string;
  demo?: boolean;
}

const demoAdmin = { id: 'demo-admin', roles: ['admin', 'billing', 'editor', 'support'] };

export function registerServeCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('serve the HTTP API, MCP (at /mcp) and the web console (at /) until stopped')
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--port <port>', 'the port (0: any free port)', parseCount('--port', { max: 65_535 }), 8787)
    .option('--config <file>', 'behavior config for answers (default: seam.config.json here, if any)')
    .option(
      '--demo',
      `serve the demo store (${join(demoFolder, 'seam.db')}, seeded if absent) and print a sign-in link for a demo admin`,
    )
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
  $ seam serve --demo                           # what npm start runs
  $ curl -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8787/v1/search?q=refund+window"`,
    )
    .action(async (flags: ServeFlags, command: Command) => {
      const { port } = flags;
      const { loadConfig } = await import('../../config/load-config.js');
      const { createServices } = await import('../../server/services.js');
      const { startServer } = await import('../../server/serve.js');
      const path = flags.demo ? demoStorePath(io.cwd) : storePath(globals(command), io);
      if (flags.demo && !existsSync(path)) await seedDemo({ paths: demoPaths(path), now: io.now });
      if (!isStoreUrl(path) && !existsSync(path)) {
        throw new InputError(`no store at ${path}: import documents first (seam kb import), or try seam serve --demo`, {
          field: '--db',
        });
      }
      const demoConfig = demoPaths(path).config;
      const configPath = flags.config ?? (flags.demo && existsSync(demoConfig) ? demoConfig : undefined);
      const { config } = await loadConfig({ path: configPath, cwd: io.cwd });
      const store = await openStore({
        location: path,
        cwd: io.cwd,
        now: io.now,
        pool: { readThreads: readThreads(io) },
      });
      const signIn = flags.demo ? await demoSignInToken(store, io) : undefined;
      const services = createServices({ store, config, env: io.env, now: io.now });
      const server = await startServer({ services, host: flags.host, port }).catch(async (error: unknown) => {
        await store.close();
        throw new InputError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`, {
          field: '--port',
        });
      });
      const signInLink = signIn === undefined ? undefined : `${server.url}/sign-in#token=${signIn}`;
      if (globals(command).json) {
        io.stdout(
          `${JSON.stringify({ url: server.url, store: path, ...(signInLink ? { sign_in: signInLink } : {}) })}\n`,
        );
      } else {
        io.stdout(`seam serving ${server.url}  (API /v1, MCP /mcp, console /; Ctrl-C stops)\n`);
        if (signInLink) {
          io.stdout(
            `\nDemo store: ${relative(io.cwd, path)}. Sign in to the console as ${demoAdmin.id} (roles: ${demoAdmin.roles.join(', ')}):\n  ${signInLink}\n`,
          );
        }
      }
      await untilStopped();
      await server.close();
      await store.close();
    });
}

/** The demo admin's console token: a fresh one each start (the previous one is revoked). */
async function demoSignInToken(store: KnowledgeStore, io: Io): Promise<string> {
  const { createToken } = await import('../../server/tokens.js');
  await store.putPrincipal(demoAdmin);
  await store.removeToken('demo-console');
  return (await createToken({ store, principal: demoAdmin.id, name: 'demo-console', now: io.now() })).token;
}

/** `SEAM_READ_THREADS`: how many threads read a SQLite store (default: the cores available, 2 to 4). */
function readThreads(io: Io): number | undefined {
  const value = Number(io.env.SEAM_READ_THREADS);
  if (io.env.SEAM_READ_THREADS === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new InputError(`SEAM_READ_THREADS must be a whole number from 1 to 64, got '${io.env.SEAM_READ_THREADS}'`, {
      field: 'SEAM_READ_THREADS',
    });
  }
  return value;
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

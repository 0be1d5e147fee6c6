import { existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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
  accessLog: string;
  trustProxy?: boolean;
  allowOrigin: string[];
  drainTimeout: number;
}

const demoAdmin = { id: 'demo-admin', roles: ['admin', 'billing', 'editor', 'support'] };

export function registerServeCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('serve the HTTP API, MCP (at /mcp) and the web console (at /) until stopped')
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--port <port>', 'the port (0: any free port)', parseCount('--port', { max: 65_535 }), 8787)
    .option(
      '--config <file>',
      'behavior config for answers, and the sync sources to run (default: seam.config.json here, if any)',
    )
    .option(
      '--demo',
      `serve the demo store (${join(demoFolder, 'seam.db')}, seeded if absent) and print a sign-in link for a demo admin`,
    )
    .option('--access-log <where>', 'one JSON line per request: stderr, off, or a file to append to', 'stderr')
    .option('--trust-proxy', 'believe X-Forwarded-For/-Proto/-Host (only behind a reverse proxy that sets them)')
    .option(
      '--allow-origin <origin>',
      'a browser origin besides this server allowed to call /mcp (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--drain-timeout <seconds>',
      'on SIGTERM/SIGINT, how long requests in flight may take to finish',
      parseCount('--drain-timeout', { max: 3600 }),
      10,
    )
    .addHelpText(
      'after',
      `
Every route but GET /healthz needs Authorization: Bearer <token> (seam token create); the token's
principal is the reader. The console signs in with a token too. The OpenAPI description is at
/openapi.json. Ctrl-C (or SIGTERM) stops accepting, lets requests in flight finish, then closes the
store; a second Ctrl-C cuts them. The access log goes to stderr unless --access-log says otherwise.
More: docs/serve.md.

Examples:
  $ seam principal add ops --roles admin,editor,support
  $ seam token create ops --name console
  $ seam serve --port 8787
  $ seam serve --demo                           # what npm start runs
  $ seam serve --trust-proxy --access-log /var/log/seam/access.jsonl
  $ seam serve --allow-origin https://assistant.example.com
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
      const sync =
        config.sources.length > 0
          ? new (await import('../../sync/runner.js')).SyncRunner({
              store,
              sources: config.sources,
              settings: config.sync,
              env: io.env,
              now: io.now,
              onReport: (report) => {
                if (!report.ok) io.stderr(`sync: ${report.source}: ${report.error}\n`);
              },
            })
          : undefined;
      const services = createServices({ store, config, env: io.env, now: io.now, sync });
      const accessLog = await accessLogFor(flags.accessLog, io.cwd);
      const policy = { trustProxy: flags.trustProxy === true, allowedOrigins: flags.allowOrigin, accessLog };
      const drainMs = flags.drainTimeout * 1000;
      const server = await startServer({ services, host: flags.host, port, policy, drainMs }).catch(
        async (error: unknown) => {
          await store.close();
          throw new InputError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`, {
            field: '--port',
          });
        },
      );
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
      // Sources are polled from now on (the first run in the background: the server already answers).
      const syncing = sync?.start().catch(() => undefined);
      if (sync && !globals(command).json) {
        io.stdout(`syncing ${sync.names().join(', ')} (webhooks at POST /sync/<source>/webhook; seam sync status)\n`);
      }
      await untilStopped();
      // Drain (stop accepting, finish what is in flight), then close the store; a second signal cuts the drain.
      const again = () => void server.close({ drainMs: 0 });
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      await syncing;
      await sync?.stop();
      await server.close();
      await store.close();
      accessLog?.flush();
      process.off('SIGINT', again);
      process.off('SIGTERM', again);
    });
}

/** `--access-log`: `stderr`, `off`, or a file (created with its folder, appended to), opened now so a bad path is exit 2. */
async function accessLogFor(where: string, cwd: string) {
  if (where === 'off') return undefined;
  const { createAccessLogger } = await import('../../server/middleware/access-log.js');
  if (where === 'stderr' || where === '-') return createAccessLogger('stderr');
  const path = resolve(cwd, where);
  try {
    mkdirSync(dirname(path), { recursive: true });
    return createAccessLogger({ fd: openSync(path, 'a') });
  } catch (error) {
    throw new InputError(`cannot open the access log ${path}: ${(error as Error).message}`, { field: '--access-log' });
  }
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
export function untilStopped(): Promise<void> {
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

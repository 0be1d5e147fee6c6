import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where PostgreSQL's server binaries are on this machine (Debian's layout), if anywhere. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => join(root, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
}

export interface TestPostgres {
  url: string;
  stop: () => void;
  /** `pg_ctl stop -m fast`: the server ends every session (57P01) and goes away; the data stays. */
  halt: () => void;
  /** Start the halted server again on the same port and data. */
  restart: () => void;
}

/**
 * Start a throwaway PostgreSQL server on 127.0.0.1 (trust authentication, user `seam`), in a temporary
 * folder. PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
 * Tests run with `fsync=off`; `durable: true` keeps PostgreSQL's default (benchmarks compare it to SQLite).
 */
export async function startPostgres(bin: string, options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'seam-pg-'));
  const asRoot = userInfo().uid === 0;
  const run = (program: string, args: string[]) => {
    const command = asRoot
      ? ['runuser', '-u', 'postgres', '--', join(bin, program), ...args]
      : [join(bin, program), ...args];
    execFileSync(command[0] as string, command.slice(1), { stdio: 'pipe', timeout: 60_000 });
  };
  if (asRoot) {
    const postgres = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    chownSync(dir, postgres, postgres);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'seam', '--no-sync']);
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.durable ? '' : ' -c fsync=off'}`,
      'start',
    ]);
  start();
  return {
    url: `postgres://seam@127.0.0.1:${port}/postgres`,
    halt: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    restart: start,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A fresh, empty store on a test server, as a URL: its own schema, selected with libpq's `options`
 * parameter (much cheaper than a database per test).
 */
export async function createSchema(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const created = new URL(url);
  created.searchParams.set('options', `-c search_path=${name}`);
  return created.toString();
}

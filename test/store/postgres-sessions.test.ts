import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';

const bin = postgresBin();
const seamBin = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));

interface Serving {
  url: string;
  child: ChildProcess;
}

/** Start `seam serve --json` as its own process on the store; resolves with the URL it prints. */
function serve(db: string): Promise<Serving> {
  const child = spawn(process.execPath, [seamBin, 'serve', '--port', '0', '--json', '--db', db], {
    env: { ...process.env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`seam serve exited with ${code}: ${output}`)));
  });
}

async function stop(serving: Serving): Promise<void> {
  const exited = new Promise((resolve) => serving.child.on('exit', resolve));
  serving.child.kill('SIGTERM');
  await exited;
}

/** Sign in on a server as a browser posts the form; the session cookie. */
async function signIn(server: Serving, token: string): Promise<string> {
  const response = await fetch(`${server.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  expect(response.status).toBe(303);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A console page with the cookie: 200 when signed in, a redirect to /sign-in when not. */
const page = (server: Serving, path: string, cookie: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { cookie, origin: server.url, ...(init.headers as object) },
  });

/** Two `seam serve` processes on one PostgreSQL database behave as one service for a signed-in user. */
describe.skipIf(!bin)(
  bin ? 'console sessions across seam serve processes' : 'sessions (skipped: no PostgreSQL)',
  () => {
    let database: TestPostgres;
    let db = '';
    const running: Serving[] = [];
    let token = '';
    beforeAll(async () => {
      database = await startPostgres(bin as string);
      db = await createSchema(database.url, 'sessions');
      expect((await seam(['principal', 'add', 'eve', '--roles', 'editor,admin'], { db })).code).toBe(0);
      token = (
        (await seam(['token', 'create', 'eve', '--name', 'eve-laptop', '--json'], { db })).json() as { token: string }
      ).token;
      running.push(await serve(db), await serve(db));
    }, 120_000);
    afterAll(async () => {
      await Promise.all(running.map((serving) => stop(serving).catch(() => undefined)));
      database?.stop();
    });

    it('signed in on one server, the console works on the other; signing out on it ends the session on both', async () => {
      const [first, second] = running as [Serving, Serving];
      const cookie = await signIn(first, token);
      const documents = await page(second, '/documents', cookie);
      expect(documents.status).toBe(200);
      expect(await documents.text()).toContain('eve');
      // View-as is session state too: set on one server, seen on the other.
      expect((await seam(['principal', 'add', 'bob', '--roles', 'support'], { db })).code).toBe(0);
      const viewAs = await page(first, '/view-as', cookie, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ principal: 'bob' }),
      });
      expect(viewAs.status).toBe(303);
      expect(await (await page(second, '/documents', cookie)).text()).toContain('viewing as bob');

      const signedOut = await page(second, '/sign-out', cookie, { method: 'POST' });
      expect([signedOut.status, signedOut.headers.get('location')]).toEqual([303, '/sign-in']);
      for (const server of [first, second]) {
        const refused = await page(server, '/documents', cookie);
        expect([refused.status, refused.headers.get('location')]).toEqual([302, '/sign-in']);
      }
    });

    it('a restarted server keeps the session; revoking the token ends it on every server', async () => {
      const cookie = await signIn(running[0] as Serving, token);
      await stop(running[0] as Serving);
      running[0] = await serve(db);
      const [first, second] = running as [Serving, Serving];
      expect((await page(first, '/documents', cookie)).status).toBe(200);

      expect((await seam(['token', 'revoke', 'eve-laptop'], { db })).code).toBe(0);
      for (const server of [first, second]) {
        const refused = await page(server, '/documents', cookie);
        expect([refused.status, refused.headers.get('location')]).toEqual([302, '/sign-in']);
      }
    });
  },
);

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';
import { seedFixtureStore } from './fixture.js';

/**
 * A real `seam serve` (the built `bin/seam.js`, as a user runs it) whose store another process holds
 * locked for writing. The server's answers are put in order against that process's "released": what
 * must not wait for the lock answers before it, whatever the machine's speed.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'seam.js');
let db: string;
let server: ChildProcessWithoutNullStreams;
let url: string;
let tokens: Awaited<ReturnType<typeof seedFixtureStore>>['tokens'];

beforeAll(async () => {
  db = join(tempDir('seam-event-loop-'), 'seam.db');
  const seeded = await seedFixtureStore(db);
  tokens = seeded.tokens;
  await seeded.store.close();
  server = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, SEAM_DB: db, SEAM_READ_THREADS: '2' },
  });
  url = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/seam serving (http:\/\/\S+)/);
      if (match?.[1]) resolve(match[1]);
    });
    server.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.on('exit', (code) => reject(new Error(`seam serve exited with ${code}: ${output}`)));
  });
});

afterAll(async () => {
  const exited = new Promise((resolve) => server.on('exit', resolve));
  server.kill('SIGTERM');
  await exited;
});

/**
 * Another process that takes the write lock (`BEGIN IMMEDIATE`) and holds it until told to let go, or for
 * `maxMs` at most: less than the server's 5 s wait, so a write of the server that waits for it succeeds.
 */
async function holdWriteLock(maxMs: number): Promise<{ release(): void; released: Promise<void> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    const release = () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); };
    setTimeout(release, Number(process.argv[2]));
    process.stdin.on('data', release);`;
  const holder = spawn(process.execPath, ['-e', script, db, String(maxMs)], { cwd: root });
  const lines = (async function* () {
    let buffered = '';
    for await (const chunk of holder.stdout) {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        yield buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
      }
    }
  })();
  expect((await lines.next()).value).toBe('locked');
  const released = lines.next().then(({ value }) => expect(value).toBe('released'));
  return { release: () => holder.stdin.write('go\n'), released };
}

const markdown = (body: string) =>
  `---\nid: lock-test\ntitle: Lock test\ncollection: policy\n---\n# Lock test\n\n${body}\n`;

describe('seam serve while another process holds the write lock', () => {
  it('answers /healthz, /readyz and a search before the lock is released; the waiting write lands after', async () => {
    const order: string[] = [];
    const lock = await holdWriteLock(4500);
    const lockReleased = lock.released.then(() => order.push('released'));
    const auth = (name: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[name]}` });

    const write = fetch(`${url}/v1/documents/lock-test`, {
      method: 'PUT',
      headers: { ...auth('ada'), 'content-type': 'text/markdown' },
      body: markdown('Written while another process held the lock.'),
    }).then((response) => {
      order.push('put');
      return response;
    });
    // Let the write reach the server and start waiting for the lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const probe = (name: string, path: string, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, { headers }).then(async (response) => {
        order.push(name);
        return { status: response.status, body: await response.json() };
      });
    const [health, ready, search] = await Promise.all([
      probe('healthz', '/healthz'),
      probe('readyz', '/readyz'),
      probe('search', '/v1/search?q=refund+window', auth('sam')),
    ]);
    lock.release();
    const written = await write;
    await lockReleased;

    expect(health).toEqual({ status: 200, body: { ok: true } });
    expect(ready.status).toBe(200);
    expect(search.status).toBe(200);
    expect((search.body as { hits: { id: string }[] }).hits.map((hit) => hit.id)).toContain('refund-policy');
    for (const early of ['healthz', 'readyz', 'search']) {
      expect(order.indexOf(early), `${early} answered before the lock was released: ${order}`).toBeLessThan(
        order.indexOf('released'),
      );
    }
    expect(written.status).toBe(200);
    expect(order.indexOf('put'), `the write waited for the lock: ${order}`).toBeGreaterThan(order.indexOf('released'));
  });

  it('/readyz answers 503 with Retry-After while the database file cannot be read, and 200 again after', async () => {
    const ready = () => fetch(`${url}/readyz`);
    expect((await ready()).status).toBe(200);
    const aside = `${db}.aside`;
    renameSync(db, aside);
    try {
      writeFileSync(db, 'this is not a SQLite database, whatever its name says'.repeat(100));
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      const body = (await down.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).not.toContain(db);
      rmSync(db);
      expect((await ready()).status).toBe(503);
    } finally {
      rmSync(db, { force: true });
      renameSync(aside, db);
    }
    expect((await ready()).status).toBe(200);
    // Liveness never depended on the database.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

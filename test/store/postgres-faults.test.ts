import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { createToken } from '../../src/server/tokens.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';

/**
 * A real `seam serve` process on a real PostgreSQL, under search and write load, while its sessions are
 * killed (`pg_terminate_backend`) and the database is stopped (`pg_ctl stop -m fast`) and started again.
 * The process must live through it, answer 503 with Retry-After (naming no URL) while the database is
 * away and 200 once it is back, and keep every write it acknowledged.
 */

const bin = postgresBin();
const seam = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!bin)(
  bin ? 'seam serve through PostgreSQL faults' : 'PostgreSQL faults (skipped: no PostgreSQL)',
  () => {
    let database: TestPostgres;
    let url = '';
    let token = '';
    let child: ChildProcess;
    let base = '';
    let stderr = '';

    beforeAll(async () => {
      database = await startPostgres(bin as string);
      url = await createSchema(database.url, 'faults');
      const store = await openPostgresStore({ url });
      await store.putPrincipal({ id: 'eve', roles: ['editor', 'support'] });
      token = (await createToken({ store, principal: 'eve', name: 'eve', now: new Date() })).token;
      await store.close();
      child = spawn(process.execPath, [seam, 'serve', '--db', url, '--port', '0', '--json', '--access-log', 'off']);
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      base = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
          if (line) resolve((JSON.parse(line) as { url: string }).url);
        });
        child.on('exit', (code) => reject(new Error(`seam serve exited with ${code}: ${stderr}`)));
      });
    }, 120_000);
    afterAll(() => {
      child?.kill('SIGKILL');
      database?.stop();
    });

    const headers = () => ({ authorization: `Bearer ${token}` });
    const statuses = new Map<string, number>();
    const acknowledged: { id: string; marker: string }[] = [];
    let running = true;

    /** Searches and writes from 8 clients until told to stop; every outcome is counted. */
    async function load(): Promise<void> {
      const count = (outcome: string) => statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
      const searcher = async () => {
        while (running) {
          const response = await fetch(`${base}/v1/search?q=refund+window+parcel`, { headers: headers() }).catch(
            (error: Error) => error,
          );
          if (response instanceof Error) count(`network: ${response.message}`);
          else {
            count(String(response.status));
            await response.arrayBuffer();
          }
        }
      };
      const writer = async (name: string) => {
        for (let index = 0; running; index++) {
          const id = `${name}-${index}`;
          const marker = `marker ${name} ${index}`;
          const body = `---\nid: ${id}\ntitle: Note ${index}\n---\n# Note\n\nRefund window note, ${marker}.\n`;
          const response = await fetch(`${base}/v1/documents/${id}`, {
            method: 'PUT',
            headers: { ...headers(), 'content-type': 'text/markdown' },
            body,
          }).catch((error: Error) => error);
          if (response instanceof Error) count(`network: ${response.message}`);
          else {
            count(String(response.status));
            if (response.status === 200) acknowledged.push({ id, marker });
            await response.arrayBuffer();
          }
        }
      };
      await Promise.all([...Array.from({ length: 6 }, searcher), writer('a'), writer('b')]);
    }

    it('lives through killed sessions and a stop/start: 503 while away, 200 after, no acknowledged write lost', async () => {
      const loading = load();
      await sleep(1000);

      // 1. Kill every session of the server, three times, under load.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      for (let round = 0; round < 3; round++) {
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'seam' AND pid <> pg_backend_pid()",
        );
        await sleep(300);
      }
      await admin.end();
      await sleep(500);
      expect(child.exitCode, stderr).toBeNull();

      // 2. Stop the database (fast: sessions are terminated) under load; the server answers 503.
      database.halt();
      await sleep(500);
      const away = await fetch(`${base}/v1/search?q=refund`, { headers: headers() });
      const awayBody = await away.text();
      expect(away.status).toBe(503);
      expect(away.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(JSON.parse(awayBody)).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
      const stranger = await fetch(`${base}/v1/documents`, {
        headers: { authorization: `Bearer seam_${'Z'.repeat(43)}` },
      });
      const strangerBody = await stranger.text();
      expect(stranger.status).toBe(503);
      const { hostname, port, username } = new URL(database.url);
      for (const secret of [`${hostname}:${port}`, port, `${username}@`, 'postgres://', 'faults']) {
        expect(awayBody).not.toContain(secret);
        expect(strangerBody).not.toContain(secret);
      }
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(child.exitCode, stderr).toBeNull();

      // 3. Start it again: the server recovers by itself.
      database.restart();
      let recovered = 0;
      for (let attempt = 0; attempt < 40 && recovered !== 200; attempt++) {
        recovered = (await fetch(`${base}/v1/search?q=refund`, { headers: headers() })).status;
        if (recovered !== 200) await sleep(250);
      }
      expect(recovered).toBe(200);
      await sleep(1000);
      running = false;
      await loading;

      expect(child.exitCode, stderr).toBeNull();
      const outcomes = Object.fromEntries(statuses);
      expect(
        Object.keys(outcomes).filter((outcome) => outcome !== '200' && outcome !== '503'),
        JSON.stringify(outcomes),
      ).toEqual([]);
      expect(outcomes['200']).toBeGreaterThan(0);
      expect(outcomes['503']).toBeGreaterThan(0);
      expect(acknowledged.length).toBeGreaterThan(0);

      const store = await openPostgresStore({ url });
      try {
        const lost = [];
        for (const { id, marker } of acknowledged) {
          const stored = await store.get(id, { reader: operator });
          if (!stored?.body.includes(marker)) lost.push(id);
        }
        expect(lost).toEqual([]);
      } finally {
        await store.close();
      }
    });
  },
);

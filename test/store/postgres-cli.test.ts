import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seam } from '../helpers/cli.js';
import { createSchema, postgresBin, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp.js';

const bin = postgresBin();
const seamBin = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));
const run = promisify(execFile);

const policy = (days: number) =>
  `---\nid: refund-policy\ntitle: Refunds\ncollection: policy\n---\n\n# Refunds\n\n## Window\n\nCustomers may return items within ${days} days of delivery.\n`;

describe.skipIf(!bin)(
  bin ? 'the command line on a PostgreSQL URL' : 'CLI on PostgreSQL (skipped: no PostgreSQL)',
  () => {
    let server: TestPostgres;
    let counter = 0;
    const root = tempDir('seam-pg-cli-');
    const write = (path: string, content: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
      return join(root, path);
    };
    beforeAll(async () => {
      server = await startPostgres(bin as string);
    }, 120_000);
    afterAll(() => server?.stop());
    const fresh = () => createSchema(server.url, `cli_${counter++}`);

    it('imports, searches as two principals, edits, refuses a stale --if-version, reverts and deletes', async () => {
      const db = await fresh();
      const kb = (...args: string[]) => seam(args, { db, cwd: root });
      write('docs/policies/refunds.md', policy(30));
      write(
        'docs/billing/chargebacks.md',
        '---\ntitle: Chargebacks\nacl: [billing]\n---\n\nRefund no order with an open chargeback.\n',
      );
      expect((await kb('kb', 'import', join(root, 'docs'))).code).toBe(0);
      await kb('principal', 'add', 'alice', '--roles', 'billing');
      const ids = async (who: string) =>
        ((await kb('kb', 'search', 'refund order', '--as', who, '--json')).json() as { hits: { id: string }[] }).hits
          .map((hit) => hit.id)
          .sort();
      expect(await ids('alice')).toEqual(['billing/chargebacks', 'refund-policy']);
      expect(await ids('bob')).toEqual(['refund-policy']);

      write('docs/policies/refunds.md', policy(14));
      const file = join(root, 'docs/policies/refunds.md');
      expect((await kb('kb', 'put', file, '--if-version', '1', '--json')).json()).toMatchObject({ version: 2 });
      const stale = await kb('kb', 'put', file, '--if-version', '1');
      expect(stale.code).toBe(2);
      expect(stale.stderr).toContain('conflict');
      expect((await kb('kb', 'revert', 'refund-policy', '--to', '1', '--json')).json()).toMatchObject({ version: 3 });
      const removed = await kb('kb', 'rm', 'refund-policy');
      expect(removed.code).toBe(0);
      expect((await kb('kb', 'show', 'refund-policy')).code).toBe(2);
      expect(readdirSync(root).filter((name) => name.startsWith('postgres'))).toEqual([]);
    });

    it('SEAM_DB=postgres://… seam kb import kb/ writes to the server, never to a folder named postgres:', async () => {
      const url = await fresh();
      const cwd = tempDir('seam-pg-env-');
      mkdirSync(join(cwd, 'kb'));
      writeFileSync(join(cwd, 'kb', 'refunds.md'), policy(30));
      const env = { ...process.env, SEAM_DB: url };
      await run(process.execPath, [seamBin, 'kb', 'import', 'kb/'], { cwd, env });
      const shown = await run(process.execPath, [seamBin, 'kb', 'show', 'refund-policy', '--json'], { cwd, env });
      expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'refund-policy', version: 1 });
      expect(readdirSync(cwd)).toEqual(['kb']);
    });

    it('names the server without its password when it cannot be reached', async () => {
      const result = await seam(['kb', 'list'], { db: 'postgres://seam:hunter2secret@127.0.0.1:1/seam', cwd: root });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('postgres://seam:***@127.0.0.1:1/seam');
      expect(result.stderr + result.stdout).not.toContain('hunter2secret');
      expect(readdirSync(root).filter((name) => name.startsWith('postgres'))).toEqual([]);
    });

    it('8 `seam kb put --if-version 1` processes at once: one succeeds, seven exit 2 with a conflict', async () => {
      const db = await fresh();
      const file = write('race/refunds.md', policy(30));
      await run(process.execPath, [seamBin, 'kb', 'import', file, '--db', db]);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, index) => {
          const edit = write(`race/edit-${index}.md`, policy(10 + index));
          return run(process.execPath, [seamBin, 'kb', 'put', edit, '--if-version', '1', '--json', '--db', db]).then(
            ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
            (error: { code: number; stdout: string; stderr: string }) => error,
          );
        }),
      );
      expect(outcomes.map((outcome) => outcome.code).sort()).toEqual([0, 2, 2, 2, 2, 2, 2, 2]);
      for (const outcome of outcomes.filter((entry) => entry.code === 2)) {
        expect(JSON.parse(outcome.stdout)).toMatchObject({ error: { code: 'conflict', actual_version: 2 } });
      }
      const history = await run(process.execPath, [seamBin, 'kb', 'history', 'refund-policy', '--json', '--db', db]);
      expect((JSON.parse(history.stdout) as { versions: unknown[] }).versions).toHaveLength(2);
      // Eight command lines start at once: on a busy 2-core machine that alone can take half a minute.
    }, 120_000);
  },
);

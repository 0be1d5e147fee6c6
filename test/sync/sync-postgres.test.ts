import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { forget } from '../../src/forget/forget.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SyncRunner } from '../../src/sync/runner.js';
import { folderSourceSchema } from '../../src/sync/sync-config.js';
import { createSchema, postgresBin } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/postgres-suite.js';
import { tempDir } from '../helpers/temp.js';
import { checkWriteSynced } from './write-synced.cases.js';

const bin = postgresBin();

describe.skipIf(!bin)(
  bin ? 'seam sync on PostgreSQL' : 'seam sync on PostgreSQL (skipped: no PostgreSQL binaries)',
  () => {
    const server = usePostgres(bin);

    it('keeps the same records, the conflict rule and the forget purge as SQLite', async () => {
      const folder = join(tempDir('seam-sync-pg-'), 'kb');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'policy.md'), '# Policy\n\nThe window is 30 days.\n');
      writeFileSync(join(folder, 'vip.md'), '# VIP\n\nCall Dana Whitfield for VIP refunds.\n');
      const store = await openPostgresStore({ url: await createSchema(server().url, 'sync_pg'), poolSize: 2 });
      try {
        const runner = new SyncRunner({
          store,
          sources: [folderSourceSchema.parse({ name: 'files', kind: 'folder', path: folder })],
          settings: { poll_seconds: 60 },
          env: {},
        });
        expect((await runner.runOnce())[0]).toMatchObject({ ok: true, counts: { created: 2 } });
        const records = await store.syncRecords({ reader: operator, source: 'files' });
        expect(records.map((record) => [record.doc_id, record.upstream_id, record.synced_version])).toEqual([
          ['policy', 'policy.md', 1],
          ['vip', 'vip.md', 1],
        ]);

        const head = await store.get('vip', { reader: operator });
        const edited = { ...(head as NonNullable<typeof head>), body: '# VIP\n\nAsk the VIP desk.', source: undefined };
        await store.put(edited, { reader: operator, author: 'dana' });
        writeFileSync(join(folder, 'vip.md'), '# VIP\n\nCall Dana Whitfield for VIP refunds, any day.\n');
        writeFileSync(join(folder, 'policy.md'), '# Policy\n\nThe window is 60 days.\n');
        const [second] = await runner.runOnce();
        expect(second?.conflicts).toEqual([{ id: 'vip', reason: 'edited_in_seam' }]);
        expect(second?.counts).toMatchObject({ updated: 1, conflict: 1 });
        expect((await store.get('vip', { reader: operator }))?.body).toContain('VIP desk');
        const [held] = (await store.syncRecords({ reader: operator })).filter((record) => record.state === 'conflict');
        expect(held?.held?.body).toContain('any day');
        expect((await store.syncSources({ reader: operator }))[0]).toMatchObject({ name: 'files', runs: 2 });

        // The held upstream version holds the name: forget reaches it too.
        const receipt = await forget({
          store,
          reader: operator,
          subject: 'nobody',
          values: ['Dana Whitfield'],
          dryRun: false,
          now: new Date(),
        });
        expect(receipt.purged).toMatchObject({ sync_documents: 1 });
        expect((await store.syncRecords({ reader: operator })).map((record) => record.doc_id)).toEqual(['policy']);
        expect(JSON.stringify(await store.get('vip', { reader: operator, version: 1 }))).not.toContain(
          'Dana Whitfield',
        );
      } finally {
        await store.close();
      }
    });

    it('writes a batch of synced documents all or nothing, as on SQLite', async () => {
      const store = await openPostgresStore({ url: await createSchema(server().url, 'sync_batch'), poolSize: 2 });
      try {
        await checkWriteSynced(store);
      } finally {
        await store.close();
      }
    });
  },
);

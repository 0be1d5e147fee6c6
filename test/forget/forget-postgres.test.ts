import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { PermissionError } from '../../src/errors.js';
import { forget } from '../../src/forget/forget.js';
import { hashForms, lineageOf } from '../../src/lineage/lineage.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSchema, postgresBin } from '../helpers/postgres.js';
import { usePostgres } from '../helpers/postgres-suite.js';
import { tempDir } from '../helpers/temp.js';
import { doc } from '../store/knowledge-store.suite.js';
import { customer } from './story.js';

const bin = postgresBin();
const dir = tempDir('seam-forget-pg-');
const write = { reader: operator, author: 'tester' };

describe.skipIf(!bin)(
  bin ? 'seam forget on PostgreSQL' : 'seam forget on PostgreSQL (skipped: no PostgreSQL binaries)',
  () => {
    const server = usePostgres(bin);

    it('deletes, redacts in place, purges the answer log, finds the dataset and model, and says it cannot scan', async () => {
      const url = await createSchema(server().url, 'forget_full');
      const store = await openPostgresStore({ url, poolSize: 2 });
      try {
        await store.put(
          doc('notes', 'Dana Whitfield, dana.whitfield@example.com', { subjects: [customer.subject] }),
          write,
        );
        await store.put(doc('vip', 'Refunds within 30 days. Except Ms. Dana Whitfield, (415) 555-0142.'), write);
        await store.put(doc('vip', 'Refunds within 21 days. Except Ms. Dana Whitfield, (415) 555-0142.'), write);
        await store.put(doc('keep', 'Parcel lockers are free.'), write);
        const entry = (principal: string, answer: string) =>
          store.logAnswer(
            { at: '2026-11-20', principal, question: 'q', answer, refused: false, citations: [] },
            { keep: 10 },
          );
        await entry(customer.subject, 'Within 21 days.');
        await entry('agent', 'Call 415.555.0142.');
        await entry('agent', 'Two days.');
        const secret = await store.lineageSecret({ reader: operator });
        expect(secret.length).toBe(32);
        const [hash = ''] = await hashForms(store, operator, ['email:dana.whitfield@example.com']);
        await store.recordDataset(
          {
            path: join(dir, 'gone.jsonl'),
            sha256: 'a'.repeat(64),
            size: 10,
            scanned_at: '2026-11-25',
            complete: true,
            values: [{ hash, kind: 'email', lines: [2, 5] }],
          },
          { reader: operator },
        );
        await store.tagModel(
          { path: join(dir, 'gone.jsonl'), sha256: 'a'.repeat(64), model: 'ft:m', tagged_at: '2026-11-25' },
          { reader: operator },
        );

        const receipt = await forget({
          store,
          reader: operator,
          subject: customer.subject,
          values: [customer.email, customer.phone, customer.name],
          dryRun: false,
          now: new Date('2026-11-25T12:00:00Z'),
        });
        expect(receipt.documents_deleted).toEqual([{ id: 'notes', versions: 1 }]);
        expect(receipt.documents_redacted).toEqual([{ id: 'vip', versions: [1, 2] }]);
        expect(receipt.purged).toEqual({ answer_log: 2, sync_documents: 0 });
        expect(receipt.datasets.map((dataset) => [dataset.lines, dataset.models, dataset.status])).toEqual([
          [[2, 5], ['ft:m'], 'missing'],
        ]);
        expect(receipt.residual).toBeNull();
        expect(receipt.warnings.join('\n')).toContain('cannot scan');
        expect(await store.get('notes', { reader: operator })).toBeUndefined();
        expect((await store.get('vip', { reader: operator, version: 1 }))?.body).toBe(
          'Refunds within 30 days. Except [redacted], [redacted].',
        );
        expect((await store.history('vip', { reader: operator }))?.map((version) => version.redacted_by)).toEqual([
          receipt.receipt,
          receipt.receipt,
        ]);
        const at = new Date().toISOString();
        expect(await store.searchText({ text: 'whitfield', reader: operator, k: 5, at })).toEqual([]);
        expect(
          (await store.searchText({ text: 'refunds', reader: operator, k: 5, at })).map((hit) => hit.text),
        ).toEqual(['Refunds within 21 days. Except [redacted], [redacted].']);
        expect((await store.recentAnswers({ limit: 10 })).map((answer) => answer.answer)).toEqual(['Two days.']);
        expect((await store.listReceipts({ reader: operator }))[0]?.receipt).toMatchObject({
          receipt: receipt.receipt,
        });
        const lineage = await lineageOf(store, operator, [hash]);
        expect(lineage.models).toEqual([{ id: 'ft:m', datasets: ['a'.repeat(64)] }]);
        await expect(
          store.listReceipts({ reader: { kind: 'principal', id: 'x', known: true, roles: ['admin'] } }),
        ).rejects.toThrowError(PermissionError);
      } finally {
        await store.close();
      }
    }, 60_000);
  },
);

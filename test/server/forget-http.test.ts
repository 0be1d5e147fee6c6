import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { startFixtureServer } from './fixture.js';

const fixture = await startFixtureServer();
const email = 'rowan.pike@example.net';
const other = 'rhea.quill@example.org';
const put = (text: string) =>
  fixture.store.put(parseDocumentText(text, { file: 'forget.md', fallbackId: 'forget' }), {
    reader: operator,
    author: 'dana',
  });
await put(
  `---\nid: notes-c77\ntitle: Notes\ncollection: policy\nsubjects: [c77]\n---\n# Notes\n\nWrites from ${email}.\n`,
);
await put(
  `---\nid: escalations\ntitle: Escalations\ncollection: policy\n---\n# Escalations\n\nCall back ${email} on Monday.\n`,
);

const forget = (as: 'ada' | 'eve', body: Record<string, unknown>) =>
  fixture.request('/v1/forget', {
    as,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const receipts = (as: 'ada' | 'eve' | 'sam', query = '') => fixture.request(`/v1/forget/receipts${query}`, { as });
const ids = (list: unknown) => (list as { id: string }[]).map((entry) => entry.id);

describe('POST /v1/forget', () => {
  it('refuses a principal without admin (403) and changes nothing', async () => {
    const refused = await forget('eve', { subject: 'c77', values: [email] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('permission');
    expect(await fixture.store.get('notes-c77', { reader: operator })).toBeDefined();
  });

  it('a dry run answers the receipt and changes nothing; the real run deletes, redacts and scans to residual 0', async () => {
    const dry = await forget('ada', { subject: 'c77', values: [email], dry_run: true });
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as Record<string, unknown>;
    expect(preview).toMatchObject({ dry_run: true, subject: 'c77', value_count: 1, residual: null });
    expect(ids(preview.documents_deleted)).toEqual(['notes-c77']);
    expect(ids(preview.documents_redacted)).toEqual(['escalations']);
    expect(await fixture.store.get('notes-c77', { reader: operator })).toBeDefined();
    expect((await fixture.store.get('escalations', { reader: operator }))?.body).toContain(email);

    const done = await forget('ada', { subject: 'c77', values: [email] });
    expect(done.status).toBe(200);
    const receipt = (await done.json()) as Record<string, unknown>;
    expect(receipt).toMatchObject({ dry_run: false, residual: 0 });
    expect(ids(receipt.documents_deleted)).toEqual(['notes-c77']);
    expect(await fixture.store.get('notes-c77', { reader: operator })).toBeUndefined();
    const escalations = await fixture.store.get('escalations', { reader: operator });
    expect(escalations?.body).not.toContain(email);
    expect(escalations?.body).toContain('[redacted]');
  });

  it('rejects a body without a subject (400) and is listed in /openapi.json', async () => {
    expect((await forget('ada', { values: [email] })).status).toBe(400);
    const spec = (await (await fixture.request('/openapi.json', { as: 'ada' })).json()) as { paths: object };
    expect(Object.keys(spec.paths)).toContain('/v1/forget');
  });
});

describe('GET /v1/forget/receipts', () => {
  it('lists the stored receipts to an admin, as seam forget --list --json, without the forgotten values', async () => {
    const before = (await (await receipts('ada')).json()) as { receipts: Record<string, unknown>[] };
    await put(`---\nid: notes-r5\ntitle: Notes\ncollection: policy\nsubjects: [r5]\n---\n# Notes\n\nFrom ${other}.\n`);
    const done = (await (await forget('ada', { subject: 'r5', values: [other] })).json()) as { receipt: string };

    const listed = await receipts('ada');
    expect(listed.status).toBe(200);
    const text = await listed.text();
    const { receipts: after } = JSON.parse(text) as { receipts: Record<string, unknown>[] };
    expect(after.length).toBe(before.receipts.length + 1);
    expect(after[0]).toMatchObject({
      receipt: done.receipt,
      dry_run: false,
      value_count: 1,
      residual: 0,
      documents_deleted: [{ id_hash: expect.stringMatching(/^[0-9a-f]{16,}$/), versions: 1 }],
    });
    for (const forgotten of [other, 'rhea.quill', 'notes-r5', '"r5"', 'subject', 'warnings']) {
      expect(text.toLowerCase()).not.toContain(forgotten);
    }
    const mine = (await (await receipts('ada', '?subject=r5')).json()) as { receipts: { receipt: string }[] };
    expect(mine.receipts.map((receipt) => receipt.receipt)).toEqual([done.receipt]);
    const nobody = (await (await receipts('ada', '?subject=zz0')).json()) as { receipts: unknown[] };
    expect(nobody.receipts).toEqual([]);
  });

  it('refuses an editor and a reader (403), and is listed in /openapi.json', async () => {
    for (const as of ['eve', 'sam'] as const) {
      const refused = await receipts(as);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('permission');
    }
    const spec = (await (await fixture.request('/openapi.json', { as: 'ada' })).json()) as { paths: object };
    expect(Object.keys(spec.paths)).toContain('/v1/forget/receipts');
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import { createApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/services.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openStore } from '../../src/store/open-store.js';
import { SyncRunner } from '../../src/sync/runner.js';
import type { ZendeskArticle } from '../../src/sync/sources/zendesk.js';
import { zendeskSourceSchema } from '../../src/sync/sync-config.js';
import { tempDir } from '../helpers/temp.js';
import { type FakeServer, fakeZendesk, zendeskSignature } from './fake-help-centers.js';

const env = { ZENDESK_API_TOKEN: 'zd-token', ZENDESK_WEBHOOK_SECRET: 'whsec' };
const articles = new Map<number, ZendeskArticle>();
const article = (id: number, fields: Partial<ZendeskArticle>): ZendeskArticle => ({
  id,
  html_url: `https://help.example.com/hc/en-us/articles/${id}`,
  title: `Article ${id}`,
  body: `<p>Body of article ${id}.</p>`,
  locale: 'en-us',
  draft: false,
  // A second apart, as edits are: the export pages by time.
  updated_at: `2026-11-01T10:00:${String(id - 100).padStart(2, '0')}Z`,
  user_segment_id: null,
  ...fields,
});

let zendesk: FakeServer;
let store: KnowledgeStore;
let runner: SyncRunner;
const customer: Reader = { kind: 'principal', id: 'cust', known: true, roles: [] };
const agent: Reader = { kind: 'principal', id: 'agent', known: true, roles: ['agents'] };
const ids = async (reader: Reader, text: string) =>
  (await store.searchText({ text, reader, k: 10, at: new Date().toISOString() })).map((hit) => hit.id).sort();

beforeAll(async () => {
  articles.set(
    101,
    article(101, { title: 'Refund window', body: '<p>Refunds within <b>30 days</b> of delivery.</p>' }),
  );
  articles.set(
    102,
    article(102, { title: 'Agent macros', body: '<p>Escalation macros for refunds.</p>', user_segment_id: 9 }),
  );
  articles.set(
    103,
    article(103, { title: 'Beta refunds', body: '<p>Beta program refunds.</p>', user_segment_id: 777 }),
  );
  articles.set(104, article(104, { title: 'Draft refunds', body: '<p>Unreleased refunds text.</p>', draft: true }));
  articles.set(105, article(105, { title: 'Shipping', body: '<p>Ships in two days.</p>' }));
  zendesk = await fakeZendesk({ articles, email: 'bot@example.com', token: env.ZENDESK_API_TOKEN });
  store = await openStore({ location: join(tempDir('seam-sync-zendesk-'), 'seam.db') });
  runner = new SyncRunner({
    store,
    sources: [
      zendeskSourceSchema.parse({
        name: 'guide',
        kind: 'zendesk',
        base_url: zendesk.url,
        email: 'bot@example.com',
        webhook_secret_env: 'ZENDESK_WEBHOOK_SECRET',
        segments: { '9': ['agents'] },
      }),
    ],
    settings: { poll_seconds: 60 },
    env,
  });
});
afterAll(async () => {
  await store.close();
  await zendesk.close();
});

describe('Zendesk Guide', () => {
  it('exports every article page by page, through a 429, with segments as roles and drafts left out', async () => {
    zendesk.throttle(1, '0');
    const [report] = await runner.runOnce();
    expect(report).toMatchObject({ ok: true, counts: { created: 4 } });
    expect(zendesk.requests[0]).toBe('GET /api/v2/help_center/incremental/articles?start_time=0');
    expect(zendesk.requests[1]).toBe(zendesk.requests[0]); // tried again after the 429
    expect(zendesk.requests.filter((line) => line.includes('incremental')).length).toBeGreaterThanOrEqual(4);

    expect(await ids(customer, 'refunds')).toEqual(['guide/101']);
    expect(await ids(agent, 'refunds')).toEqual(['guide/101', 'guide/102']);
    expect(await ids(operator, 'refunds')).toEqual(['guide/101', 'guide/102', 'guide/103']);
    expect((await store.get('guide/103', { reader: operator }))?.acl).toEqual(['guide-segment-777']);
    const shown = await store.get('guide/101', { reader: operator });
    expect(shown).toMatchObject({ title: 'Refund window', collection: 'guide', author: 'sync:guide' });
    expect(shown?.body).toBe('# Refund window\n\nRefunds within **30 days** of delivery.');
    const [record] = (await store.syncRecords({ reader: operator })).filter((entry) => entry.doc_id === 'guide/101');
    expect(record).toMatchObject({
      source: 'guide',
      upstream_id: '101',
      url: 'https://help.example.com/hc/en-us/articles/101',
      upstream_updated_at: '2026-11-01T10:00:01Z',
    });
  });

  it('resumes from the stored cursor: an edit, a publish-to-draft and an archive each arrive at the next poll', async () => {
    const [state] = await store.syncSources({ reader: operator });
    expect(Number(state?.cursor)).toBeGreaterThan(Date.parse('2026-11-01T10:00:00Z') / 1000);
    articles.set(
      101,
      article(101, {
        title: 'Refund window',
        body: '<p>Refunds within 14 days.</p>',
        updated_at: '2026-11-02T09:00:00Z',
      }),
    );
    articles.set(105, article(105, { title: 'Shipping', draft: true, updated_at: '2026-11-02T09:00:00Z' }));
    articles.delete(103);
    zendesk.requests.length = 0;
    const [report] = await runner.runOnce();
    expect(report).toMatchObject({ ok: true, counts: { updated: 1, removed: 2 } });
    expect(zendesk.requests[0]).toBe(`GET /api/v2/help_center/incremental/articles?start_time=${state?.cursor}`);
    expect((await store.get('guide/101', { reader: operator }))?.body).toContain('14 days');
    expect(await store.get('guide/103', { reader: operator })).toBeUndefined();
    expect(await store.get('guide/105', { reader: operator })).toBeUndefined();
  });

  it('takes a signed webhook and serves the changed article before answering; refuses a forged one', async () => {
    const app = createApp({ services: createServices({ store, env, sync: runner }) });
    articles.set(
      101,
      article(101, {
        title: 'Refund window',
        body: '<p>Refunds within 21 days.</p>',
        updated_at: '2026-11-03T09:00:00Z',
      }),
    );
    const body = JSON.stringify({
      type: 'zen:event-type:article.published',
      subject: 'zen:article:101',
      detail: { id: '101', brand_id: '1' },
      event: {},
    });
    const forged = await app.request('/sync/guide/webhook', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...zendeskSignature(body, 'not-the-secret') },
    });
    expect(forged.status).toBe(401);
    expect((await store.get('guide/101', { reader: operator }))?.body).toContain('14 days');

    const stale = await app.request('/sync/guide/webhook', {
      method: 'POST',
      body,
      headers: { ...zendeskSignature(body, env.ZENDESK_WEBHOOK_SECRET, '2020-01-01T00:00:00Z') },
    });
    expect(stale.status).toBe(401);

    const signed = await app.request('/sync/guide/webhook', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...zendeskSignature(body, env.ZENDESK_WEBHOOK_SECRET) },
    });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ source: 'guide', ids: ['101'], ok: true, counts: { updated: 1 } });
    expect((await store.get('guide/101', { reader: operator }))?.body).toContain('21 days');
    expect((await app.request('/sync/nope/webhook', { method: 'POST', body })).status).toBe(404);
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import { createApp } from '../../src/server/app.js';
import { createServices } from '../../src/server/services.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openStore } from '../../src/store/open-store.js';
import { SyncRunner } from '../../src/sync/runner.js';
import type { IntercomArticle } from '../../src/sync/sources/intercom.js';
import { intercomSourceSchema } from '../../src/sync/sync-config.js';
import { tempDir } from '../helpers/temp.js';
import { type FakeServer, fakeIntercom, intercomSignature } from './fake-help-centers.js';

const env = { INTERCOM_ACCESS_TOKEN: 'ic-token', INTERCOM_CLIENT_SECRET: 'client-secret' };
const articles = new Map<string, IntercomArticle>();
const article = (id: string, fields: Partial<IntercomArticle>): IntercomArticle => ({
  id,
  title: `Article ${id}`,
  body: `<p>Body ${id}</p>`,
  state: 'published',
  updated_at: 1_790_000_000 + Number(id),
  url: `https://intercom.help/example/en/articles/${id}`,
  ...fields,
});

let intercom: FakeServer;
let store: KnowledgeStore;
let runner: SyncRunner;
const visitor: Reader = { kind: 'principal', id: 'visitor', known: true, roles: [] };
const ids = async (reader: Reader, text: string) =>
  (await store.searchText({ text, reader, k: 10, at: new Date().toISOString() })).map((hit) => hit.id).sort();

beforeAll(async () => {
  articles.set('1', article('1', { title: 'Pricing', body: '<p>The Pro plan costs <b>49 EUR</b> a month.</p>' }));
  articles.set(
    '2',
    article('2', {
      title: 'Internal pricing',
      body: '<p>Pricing exceptions for agents.</p>',
      tags: { tags: [{ name: 'internal' }] },
    }),
  );
  articles.set('3', article('3', { title: 'Upcoming pricing', body: '<p>Pricing draft.</p>', state: 'draft' }));
  articles.set('4', article('4', { title: 'Invoices', body: '<p>Invoices are emailed monthly.</p>' }));
  intercom = await fakeIntercom({ articles, token: env.INTERCOM_ACCESS_TOKEN, perPage: 2 });
  store = await openStore({ location: join(tempDir('seam-sync-intercom-'), 'seam.db') });
  runner = new SyncRunner({
    store,
    sources: [
      intercomSourceSchema.parse({
        name: 'articles',
        kind: 'intercom',
        base_url: intercom.url,
        client_secret_env: 'INTERCOM_CLIENT_SECRET',
        tag_roles: { internal: ['agents'] },
      }),
    ],
    settings: { poll_seconds: 60 },
    env,
  });
});
afterAll(async () => {
  await store.close();
  await intercom.close();
});

describe('Intercom Articles', () => {
  it('lists every page, serves published articles only, and restricts tagged ones to their roles', async () => {
    const [report] = await runner.runOnce();
    expect(report).toMatchObject({ ok: true, counts: { created: 3 } });
    expect(intercom.requests).toEqual(['GET /articles?page=1&per_page=250', 'GET /articles?page=2&per_page=2']);
    expect(await ids(visitor, 'pricing')).toEqual(['articles/1']);
    expect(await ids(operator, 'pricing')).toEqual(['articles/1', 'articles/2']);
    expect((await store.get('articles/2', { reader: operator }))?.acl).toEqual(['agents']);
    expect((await store.get('articles/1', { reader: operator }))?.body).toBe(
      '# Pricing\n\nThe Pro plan costs **49 EUR** a month.',
    );
  });

  it('converts only what changed, and removes an article deleted or set back to draft', async () => {
    articles.set(
      '1',
      article('1', { title: 'Pricing', body: '<p>The Pro plan costs 59 EUR a month.</p>', updated_at: 1_790_100_000 }),
    );
    articles.set('4', article('4', { title: 'Invoices', state: 'draft', updated_at: 1_790_100_001 }));
    articles.delete('2');
    const [report] = await runner.runOnce();
    expect(report).toMatchObject({ ok: true, counts: { updated: 1, removed: 2 } });
    expect((await store.get('articles/1', { reader: operator }))?.body).toContain('59 EUR');
    expect(await ids(operator, 'pricing invoices')).toEqual(['articles/1']);
    const [state] = await store.syncSources({ reader: operator });
    expect(state?.cursor).toBe('1790100001');
  });

  it('pulls the article a signed notification names; refuses an unsigned one', async () => {
    const app = createApp({ services: createServices({ store, env, sync: runner }) });
    articles.set(
      '1',
      article('1', { title: 'Pricing', body: '<p>The Pro plan costs 69 EUR a month.</p>', updated_at: 1_790_200_000 }),
    );
    const body = JSON.stringify({
      type: 'notification_event',
      topic: 'article.updated',
      data: { item: { type: 'article', id: '1' } },
    });
    expect((await app.request('/sync/articles/webhook', { method: 'POST', body })).status).toBe(401);
    const signed = await app.request('/sync/articles/webhook', {
      method: 'POST',
      body,
      headers: intercomSignature(body, env.INTERCOM_CLIENT_SECRET),
    });
    expect(signed.status).toBe(200);
    expect((await store.get('articles/1', { reader: operator }))?.body).toContain('69 EUR');
  });
});

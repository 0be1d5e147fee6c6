import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openStore } from '../../src/store/open-store.js';
import { SyncRunner } from '../../src/sync/runner.js';
import { websiteSourceSchema } from '../../src/sync/sync-config.js';
import { generatedSite, type SiteServer, serveSite } from '../helpers/site-server.js';
import { tempDir } from '../helpers/temp.js';

let site: SiteServer;
let store: KnowledgeStore;
const folder = tempDir('seam-sync-website-');
const found = async (text: string) =>
  (await store.searchText({ text, reader: operator, k: 5, at: new Date().toISOString() })).map((hit) => hit.id);

beforeAll(async () => {
  const pages = generatedSite(12);
  pages.set('/private/staff-notes', {
    path: '/private/staff-notes',
    title: 'Staff notes',
    paragraphs: ['secretword lives here'],
  });
  site = await serveSite({ pages, robots: 'User-agent: *\nDisallow: /private/\n' });
  store = await openStore({ location: join(folder, 'seam.db') });
});
afterAll(async () => {
  await store.close();
  await site.close();
});

const runner = (source: Record<string, unknown>) =>
  new SyncRunner({
    store,
    sources: [websiteSourceSchema.parse({ name: 'help', kind: 'website', ...source })],
    settings: { poll_seconds: 60 },
    env: {},
  });

describe('a website by its sitemap', () => {
  it('syncs every page the sitemap lists and robots.txt allows, main content only', async () => {
    const [report] = await runner({ sitemap: `${site.url}/sitemap.xml` }).runOnce();
    expect(report).toMatchObject({ ok: true, complete: true, counts: { created: 12, disallowed: 1 } });
    expect(site.requests).not.toContain('/private/staff-notes');
    expect(await found('secretword')).toEqual([]);
    expect(await found('token5x')).toEqual(['help/articles/topic-5']);
    const page = await store.get('help/articles/topic-5', { reader: operator });
    expect(page?.title).toBe('Topic 5 answers');
    expect(page?.body).not.toContain('cookies');
    const record = (await store.syncRecords({ reader: operator })).find(
      (entry) => entry.doc_id === 'help/articles/topic-5',
    );
    expect(record).toMatchObject({ url: `${site.url}/articles/topic-5`, etag: expect.stringMatching(/^"/) });
  });

  it('asks with If-None-Match: unchanged pages cost a 304; an edit is a new version; a page gone is removed', async () => {
    site.pages.set('/articles/topic-3', {
      path: '/articles/topic-3',
      title: 'Topic 3 answers',
      paragraphs: ['Now token3x ships in 1 day.'],
    });
    site.pages.delete('/articles/topic-4');
    const before = site.notModified();
    const [report] = await runner({ sitemap: `${site.url}/sitemap.xml` }).runOnce();
    expect(site.notModified() - before).toBe(10);
    expect(report).toMatchObject({ ok: true, counts: { not_modified: 10, updated: 1, removed: 1 } });
    expect(await found('token4x')).toEqual([]);
    expect((await store.get('help/articles/topic-3', { reader: operator }))?.version).toBe(2);
  });

  it('stops at the request budget and then removes nothing it did not see', async () => {
    const [report] = await runner({ sitemap: `${site.url}/sitemap.xml`, max_requests: 5 }).runOnce();
    expect(report).toMatchObject({ ok: true, complete: false, counts: { requests: 5 } });
    expect(await found('token9x')).toEqual(['help/articles/topic-9']);
  });
});

describe('a website by crawling from a start page', () => {
  it('follows same-origin links to every page', async () => {
    const crawled = await openStore({ location: join(folder, 'crawl.db') });
    try {
      const crawler = new SyncRunner({
        store: crawled,
        sources: [websiteSourceSchema.parse({ name: 'crawl', kind: 'website', start_url: `${site.url}/` })],
        settings: { poll_seconds: 60 },
        env: {},
      });
      const [report] = await crawler.runOnce();
      expect(report).toMatchObject({ ok: true, complete: true });
      const listed = (await crawled.list({ reader: operator })).map((document) => document.id);
      expect(listed).toContain('crawl/index');
      expect(listed).toContain('crawl/articles/topic-11');
      expect(listed).not.toContain('crawl/private/staff-notes');
    } finally {
      await crawled.close();
    }
  });
});

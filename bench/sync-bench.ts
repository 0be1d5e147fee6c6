/**
 * `npm run bench:sync`: how current `seam sync` keeps the store.
 * - A 5,000-page website served on loopback from its own process (the pages are BEIR SciFact abstracts, real text nobody here
 *   wrote, inside a help-site page template; generated pages when ../shared/data is absent): pages/s of the
 *   first sync and of a re-sync answered with 304s, and the process's peak memory.
 * - Upstream edit to visible in search: through a signed Zendesk webhook to `seam serve`'s HTTP endpoint,
 *   through polling (poll interval shortened for the bench), and through a watched folder. p50 / p99.
 * - Deletion: an article archived upstream is never served after the next poll.
 * The peer of the first sync, in the same run: the raw fetch rate of the same site (every page requested and
 * read, as many at a time as the sync asks, nothing done with it), the physical limit of a sync here.
 * Aims (issue #24): webhook p99 ≤ 2 s; ≥ 50 pages/s; deletion served 0 times after its sync. Anchors:
 * Intercom Fin syncs Zendesk hourly, Zendesk AI agents about every 24 h, Onyx prunes deletions within 7 days.
 * SYNC_BENCH_PAGES, SYNC_BENCH_EDITS shrink it while developing.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { operator } from '../src/access.js';
import { startServer } from '../src/server/serve.js';
import { createServices } from '../src/server/services.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { openStore } from '../src/store/open-store.js';
import { SyncRunner } from '../src/sync/runner.js';
import type { ZendeskArticle } from '../src/sync/sources/zendesk.js';
import { folderSourceSchema, websiteSourceSchema, zendeskSourceSchema } from '../src/sync/sync-config.js';
import { fakeZendesk, zendeskSignature } from '../test/sync/fake-help-centers.js';
import { round, saveResults, summarize } from './stats.js';

const pagesWanted = Number(process.env.SYNC_BENCH_PAGES ?? 5000);
const edits = Number(process.env.SYNC_BENCH_EDITS ?? 100);
const work = mkdtempSync(join(tmpdir(), 'seam-sync-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

async function visibleWithin(store: KnowledgeStore, word: string, deadlineMs: number, started: number) {
  for (;;) {
    const hits = await store.searchText({ text: word, reader: operator, k: 1, at: new Date().toISOString() });
    if (hits.length > 0) return performance.now() - started;
    if (performance.now() - started > deadlineMs) return Number.POSITIVE_INFINITY;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function websiteFigures() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sync-site.ts')], {
    env: { ...process.env, SYNC_BENCH_PAGES: String(pagesWanted) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const site = JSON.parse(line) as { url: string; pages: number; source: string };
  const pages = { size: site.pages };
  const source = site.source;
  const store = await openStore({ location: join(work, 'site.db') });
  const config = websiteSourceSchema.parse({ name: 'site', kind: 'website', sitemap: `${site.url}/sitemap.xml` });
  const runner = new SyncRunner({
    store,
    sources: [config],
    settings: { poll_seconds: 3600 },
    env: {},
  });
  const peer = await rawFetchRate(`${site.url}/sitemap.xml`, config.concurrency);
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const cpu = process.cpuUsage();
  const [first] = await runner.runOnce();
  const cpuUsed = process.cpuUsage(cpu);
  const firstPeak = peakRss;
  const [second] = await runner.runOnce();
  await store.close();
  child.kill('SIGTERM');
  const seconds = (ms: number) => ms / 1000;
  const firstRate = pages.size / seconds(first?.duration_ms ?? 1);
  return {
    pages_source: source,
    pages: pages.size,
    raw_fetch_peer: { pages_per_second: round(peer, 1), concurrency: config.concurrency },
    first_sync: {
      seconds: round(seconds(first?.duration_ms ?? 0), 2),
      pages_per_second: round(firstRate, 1),
      share_of_raw_fetch: round(firstRate / peer, 2),
      cpu_ms_per_page: round((cpuUsed.user + cpuUsed.system) / 1000 / pages.size, 2),
      counts: first?.counts,
    },
    resync_304: {
      seconds: round(seconds(second?.duration_ms ?? 0), 2),
      pages_per_second: round(pages.size / seconds(second?.duration_ms ?? 1), 1),
      counts: second?.counts,
    },
    rss_mb: { before: round(rssBefore / 1e6, 1), peak: round(firstPeak / 1e6, 1) },
  };
}

/** Pages per second of requesting and reading every page of the sitemap, `concurrency` at a time. */
async function rawFetchRate(sitemap: string, concurrency: number): Promise<number> {
  const xml = await (await fetch(sitemap)).text();
  const urls = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] as string);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) await (await fetch(urls[next++] as string)).arrayBuffer();
    }),
  );
  return urls.length / ((performance.now() - started) / 1000);
}

async function zendeskFigures() {
  const articles = new Map<number, ZendeskArticle>();
  for (let id = 1; id <= 200; id++) {
    articles.set(id, {
      id,
      html_url: `https://help.example.com/hc/en-us/articles/${id}`,
      title: `Article ${id}`,
      body: `<p>Article ${id} explains plan ${id}.</p>`,
      draft: false,
      updated_at: new Date(Date.now() - 86_400_000 + id * 1000).toISOString(),
      user_segment_id: null,
    });
  }
  const env = { ZENDESK_API_TOKEN: 'token', ZENDESK_WEBHOOK_SECRET: 'secret' };
  const zendesk = await fakeZendesk({
    articles,
    email: 'bot@example.com',
    token: env.ZENDESK_API_TOKEN,
    pageSize: 100,
  });
  const store = await openStore({ location: join(work, 'zendesk.db') });
  const pollSeconds = 1;
  const source = zendeskSourceSchema.parse({
    name: 'guide',
    kind: 'zendesk',
    base_url: zendesk.url,
    email: 'bot@example.com',
    webhook_secret_env: 'ZENDESK_WEBHOOK_SECRET',
    poll_seconds: pollSeconds,
  });
  const webhookRunner = new SyncRunner({ store, sources: [source], settings: { poll_seconds: 3600 }, env });
  await webhookRunner.runOnce();
  const server = await startServer({
    services: createServices({ store, env, sync: webhookRunner }),
    host: '127.0.0.1',
    port: 0,
  });
  const edit = (id: number, word: string) => {
    const article = articles.get(id) as ZendeskArticle;
    articles.set(id, {
      ...article,
      body: `<p>Article ${id} now says ${word}.</p>`,
      updated_at: new Date().toISOString(),
    });
  };
  const webhook: number[] = [];
  for (let index = 0; index < edits; index++) {
    const id = (index % 200) + 1;
    const word = `hookword${index}z`;
    const started = performance.now();
    edit(id, word);
    const body = JSON.stringify({ type: 'zen:event-type:article.published', detail: { id: String(id) } });
    const response = await fetch(`${server.url}/sync/guide/webhook`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...zendeskSignature(body, env.ZENDESK_WEBHOOK_SECRET) },
    });
    await response.arrayBuffer();
    webhook.push(await visibleWithin(store, word, 10_000, started));
  }
  await server.close();

  // Polling: the runner's own timer, interval shortened to 1 s for the bench (default 60 s).
  const poller = new SyncRunner({
    store,
    sources: [source],
    settings: { poll_seconds: pollSeconds },
    env,
    onReport: (report) => process.env.SYNC_BENCH_DEBUG && console.log(JSON.stringify(report)),
  });
  await poller.start();
  const polling: number[] = [];
  const pollEdits = Math.max(5, Math.min(20, Math.round(edits / 5)));
  for (let index = 0; index < pollEdits; index++) {
    const word = `pollword${index}z`;
    const started = performance.now();
    edit(index + 1, word);
    polling.push(await visibleWithin(store, word, 10_000, started));
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
  }
  // Deletion: archive an article, then check every search until and after the next poll.
  let servedAfterSync = 0;
  const victim = 150;
  articles.delete(victim);
  const deletedAt = performance.now();
  const removedAfter = await (async () => {
    for (;;) {
      const hits = await store.searchText({
        text: `plan ${victim}`,
        reader: operator,
        k: 3,
        at: new Date().toISOString(),
      });
      if (!hits.some((hit) => hit.id === `guide/${victim}`)) return performance.now() - deletedAt;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  for (let check = 0; check < 50; check++) {
    const hits = await store.searchText({
      text: `plan ${victim}`,
      reader: operator,
      k: 3,
      at: new Date().toISOString(),
    });
    if (hits.some((hit) => hit.id === `guide/${victim}`)) servedAfterSync++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await poller.stop();
  await store.close();
  await zendesk.close();
  return {
    webhook_edit_to_visible_ms: summarize(webhook),
    polling_edit_to_visible_ms: { ...summarize(polling), poll_seconds: pollSeconds },
    deletion: { removed_after_ms: round(removedAfter, 0), served_after_removal: servedAfterSync },
  };
}

async function folderFigures() {
  const folder = join(work, 'folder');
  mkdirSync(folder, { recursive: true });
  for (let index = 0; index < 50; index++)
    writeFileSync(join(folder, `doc-${index}.md`), `# Doc ${index}\n\nfirst text ${index}\n`);
  const store = await openStore({ location: join(work, 'folder.db') });
  const runner = new SyncRunner({
    store,
    sources: [folderSourceSchema.parse({ name: 'files', kind: 'folder', path: folder })],
    settings: { poll_seconds: 3600 },
    env: {},
  });
  await runner.start();
  const latencies: number[] = [];
  for (let index = 0; index < Math.min(edits, 50); index++) {
    const word = `fileword${index}z`;
    const started = performance.now();
    writeFileSync(join(folder, `doc-${index}.md`), `# Doc ${index}\n\nnow ${word}\n`);
    latencies.push(await visibleWithin(store, word, 5000, started));
  }
  await runner.stop();
  await store.close();
  return { watched_file_edit_to_visible_ms: summarize(latencies), debounce_ms: 150 };
}

const loadBefore = loadavg().map((value) => round(value, 1));
const website = await websiteFigures();
console.log('website', JSON.stringify(website, null, 2));
const zendesk = await zendeskFigures();
console.log('zendesk', JSON.stringify(zendesk, null, 2));
const folder = await folderFigures();
console.log('folder', JSON.stringify(folder, null, 2));
clearInterval(sampler);

const aims = {
  webhook_p99_under_2s: zendesk.webhook_edit_to_visible_ms.p99 <= 2000,
  pages_per_second_at_least_50: website.first_sync.pages_per_second >= 50,
  deletion_never_served_after_sync: zendesk.deletion.served_after_removal === 0,
  polling_within_one_interval:
    zendesk.polling_edit_to_visible_ms.p99 <= zendesk.polling_edit_to_visible_ms.poll_seconds * 1000 * 1.5,
};
console.log('aims', aims);
console.log(
  'anchors: Intercom Fin syncs Zendesk articles hourly (3,600,000 ms); Zendesk AI agents ~24 h; Onyx serves a deleted document up to 7 days',
);
const load_average = {
  before: loadBefore,
  after: loadavg().map((value) => round(value, 1)),
  cores: availableParallelism(),
};
console.log('load average (1, 5, 15 min)', load_average);
saveResults('sync', { website, zendesk, folder, aims, load_average });

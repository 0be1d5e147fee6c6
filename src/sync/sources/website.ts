import { XMLParser } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import robotsParserModule from 'robots-parser';
import { convertDocument } from '../../documents/convert/convert.js';
import type { Outcome } from '../apply.js';
import { request, statusError } from '../http.js';
import type { RunContext, SyncSource } from '../source.js';
import type { WebsiteSource } from '../sync-config.js';
import { applyDefaults } from './defaults.js';
import { pageId, sameOriginPage } from './urls.js';

/** robots-parser is CommonJS (`module.exports = function`); its typings declare it otherwise. */
const robotsParser = robotsParserModule as unknown as (
  url: string,
  text: string,
) => { isAllowed(url: string, agent: string): boolean | undefined };

/** What one run knows about the site: robots.txt, the request budget, links found (kept between runs). */
interface Crawl {
  context: RunContext;
  robots: { isAllowed(url: string, agent: string): boolean | undefined };
  requests: number;
  exhausted: boolean;
}

/**
 * A website: the pages of a sitemap, or those reached from a start page by following same-origin links.
 * Every page is fetched with the validators of the last fetch (`If-None-Match`, `If-Modified-Since`), so an
 * unchanged page costs a 304 and no conversion; robots.txt is obeyed for the configured user agent; a run
 * stops at `max_requests`. A page answering 404 or 410, or gone from the sitemap, is removed; when the
 * budget ran out, pages not reached are left as they are (never removed for not being seen).
 */
export function websiteSource(config: WebsiteSource): SyncSource {
  /** Links found on each page, kept between runs of a long-lived process so a 304 page's links are known. */
  const links = new Map<string, string[]>();

  async function get(crawl: Crawl, url: string, headers: Record<string, string> = {}): Promise<Response | undefined> {
    if (crawl.requests >= config.max_requests) {
      crawl.exhausted = true;
      return undefined;
    }
    return request(
      url,
      { headers: { 'user-agent': config.user_agent, ...headers }, redirect: 'follow' },
      {
        timeoutMs: config.timeout_ms,
        fetch: crawl.context.fetch,
        onRequest: () => {
          crawl.requests++;
          crawl.context.applier.count('requests');
        },
      },
    );
  }

  async function fetchPage(
    crawl: Crawl,
    url: string,
  ): Promise<{ outcome?: Outcome | undefined; found: string[]; seen: boolean }> {
    const { applier } = crawl.context;
    if (crawl.robots.isAllowed(url, config.user_agent) === false) {
      applier.count('disallowed');
      return { found: [], seen: false };
    }
    const known = applier.record(url);
    const cachedLinks = links.get(url);
    // A crawl needs a page's links: ask for a 304 only when they are known from an earlier fetch.
    const conditional = known && (config.sitemap !== undefined || cachedLinks !== undefined);
    const headers: Record<string, string> = {};
    if (conditional && known.etag) headers['if-none-match'] = known.etag;
    if (conditional && known.last_modified) headers['if-modified-since'] = known.last_modified;
    const response = await get(crawl, url, headers);
    if (!response) return { found: [], seen: true };
    if (response.status === 304) {
      await response.body?.cancel();
      applier.count('not_modified');
      return { outcome: await applier.unchanged(url), found: cachedLinks ?? [], seen: true };
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return { outcome: await applier.remove(url), found: [], seen: false };
    }
    if (!response.ok) {
      applier.problems.push((await statusError(response, url)).message);
      applier.count('errors');
      return { found: [], seen: true };
    }
    const type = response.headers.get('content-type') ?? '';
    if (!/html/i.test(type)) {
      await response.body?.cancel();
      applier.count('skipped');
      return { found: [], seen: false };
    }
    const html = await response.text();
    const found = config.start_url ? linksOf(html, response.url || url) : [];
    links.set(url, found);
    const converted = await convertDocument({
      bytes: new TextEncoder().encode(html),
      format: 'html',
      file: url,
      fallbackId: pageId(config.name, url),
      mainContent: config.main_content,
    });
    if ('skipped' in converted) {
      applier.count('skipped');
      return { found, seen: false };
    }
    const outcome = await applier.upsert({
      upstream_id: url,
      url,
      updated_at: toIso(response.headers.get('last-modified')),
      document: applyDefaults({ ...converted.document, source: url }, config),
      etag: response.headers.get('etag'),
      last_modified: response.headers.get('last-modified'),
    });
    return { outcome, found, seen: true };
  }

  async function start(context: RunContext): Promise<Crawl> {
    const origin = new URL(config.sitemap ?? config.start_url ?? '').origin;
    const crawl: Crawl = { context, robots: { isAllowed: () => true }, requests: 0, exhausted: false };
    const robotsUrl = `${origin}/robots.txt`;
    const response = await get(crawl, robotsUrl);
    if (response?.ok) crawl.robots = robotsParser(robotsUrl, await response.text());
    else await response?.body?.cancel();
    return crawl;
  }

  return {
    config,
    async run(context) {
      const crawl = await start(context);
      const seen = new Set<string>();
      let complete: boolean;
      if (config.sitemap) {
        const listed = await sitemapPages(crawl, config.sitemap, get);
        const pages = listed.pages.slice(0, config.max_pages);
        await pool(pages, config.concurrency, async (url) => {
          if ((await fetchPage(crawl, url)).seen) seen.add(url);
        });
        complete = listed.complete && pages.length === listed.pages.length && !crawl.exhausted;
      } else {
        const start = config.start_url ?? '';
        const queued = new Set([start]);
        let frontier = [start];
        while (frontier.length > 0 && queued.size <= config.max_pages && !crawl.exhausted) {
          const next: string[] = [];
          await pool(frontier, config.concurrency, async (url) => {
            const result = await fetchPage(crawl, url);
            if (result.seen) seen.add(url);
            for (const link of result.found) {
              const page = sameOriginPage(link, start);
              if (page && !queued.has(page) && queued.size < config.max_pages) {
                queued.add(page);
                next.push(page);
              }
            }
          });
          frontier = next;
        }
        complete = frontier.length === 0 && !crawl.exhausted;
      }
      if (complete) await context.applier.removeMissing(seen);
      else context.applier.count('incomplete');
      return { cursor: null, complete };
    },
    async pull(context, urls) {
      const crawl = await start(context);
      const outcomes: Outcome[] = [];
      for (const url of urls) {
        const { outcome } = await fetchPage(crawl, url);
        if (outcome) outcomes.push(outcome);
      }
      return outcomes;
    },
  };
}

const xml = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'url' || name === 'sitemap' });

/** The page URLs of a sitemap (following a sitemap index one level down), on the sitemap's origin. */
async function sitemapPages(
  crawl: Crawl,
  sitemap: string,
  get: (crawl: Crawl, url: string) => Promise<Response | undefined>,
): Promise<{ pages: string[]; complete: boolean }> {
  const origin = new URL(sitemap).origin;
  const pages: string[] = [];
  let complete = true;
  const queue = [sitemap];
  for (let index = 0; index < queue.length && index < 1000; index++) {
    const url = queue[index] ?? '';
    const response = await get(crawl, url);
    if (!response) return { pages, complete: false };
    if (!response.ok) throw await statusError(response, url);
    const parsed = xml.parse(await response.text()) as {
      urlset?: { url?: { loc?: string }[] };
      sitemapindex?: { sitemap?: { loc?: string }[] };
    };
    if (!parsed.urlset && !parsed.sitemapindex) complete = false;
    for (const entry of parsed.sitemapindex?.sitemap ?? []) if (entry.loc) queue.push(entry.loc.trim());
    for (const entry of parsed.urlset?.url ?? []) {
      const loc = entry.loc?.trim();
      if (loc && new URL(loc, url).origin === origin) pages.push(new URL(loc, url).toString());
    }
  }
  return { pages: [...new Set(pages)], complete };
}

function linksOf(html: string, base: string): string[] {
  const { document } = parseHTML(html);
  const found: string[] = [];
  for (const anchor of document.querySelectorAll('a[href]')) {
    const href = anchor.getAttribute('href');
    if (!href || /^(mailto|tel|javascript):/i.test(href)) continue;
    try {
      found.push(new URL(href, base).toString());
    } catch {
      // A malformed link is not a page.
    }
  }
  return found;
}

function toIso(value: string | null): string | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Run `work` over `items`, at most `concurrency` at a time. After a failure no new item is started; the
 * ones under way finish, then the first error is thrown (nothing keeps running after the caller is told).
 */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && !failure) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure.error;
}

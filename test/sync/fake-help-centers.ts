import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IntercomArticle } from '../../src/sync/sources/intercom.js';
import type { ZendeskArticle } from '../../src/sync/sources/zendesk.js';

/**
 * Local stand-ins for Zendesk's Help Center API and Intercom's Articles API, answering with the shapes their
 * public references document (pagination, auth, 404, 429 with Retry-After). Only what Seam calls.
 */
export interface FakeServer {
  url: string;
  /** Every request's method and path, in order. */
  requests: string[];
  /** Answer the next `count` requests with 429 and `Retry-After`. */
  throttle(count: number, retryAfter?: string): void;
  close(): Promise<void>;
}

async function listen(
  handle: (request: IncomingMessage, url: URL, response: ServerResponse) => void,
  check: (request: IncomingMessage) => boolean,
): Promise<FakeServer> {
  const requests: string[] = [];
  let throttled = 0;
  let retryAfter = '0';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (!check(request)) return send(401, { error: 'Couldn’t authenticate you' });
    if (throttled > 0) {
      throttled--;
      return send(429, { error: 'TooManyRequests' }, { 'retry-after': retryAfter });
    }
    handle(request, url, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    throttle(count, after = '0') {
      throttled = count;
      retryAfter = after;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Zendesk Guide: incremental export (time-based, `end_time`, `next_page`), cursor-paginated list, show. */
export async function fakeZendesk(options: {
  articles: Map<number, ZendeskArticle>;
  email: string;
  token: string;
  pageSize?: number;
}): Promise<FakeServer> {
  const pageSize = options.pageSize ?? 2;
  const basic = `Basic ${Buffer.from(`${options.email}/token:${options.token}`).toString('base64')}`;
  const epoch = (article: ZendeskArticle) => Math.floor(Date.parse(article.updated_at) / 1000);
  let base = '';
  const fake = await listen(
    (_request, url, response) => {
      const all = [...options.articles.values()];
      if (url.pathname === '/api/v2/help_center/incremental/articles') {
        const start = Number(url.searchParams.get('start_time') ?? 0);
        const changed = all.filter((article) => epoch(article) >= start).sort((a, b) => epoch(a) - epoch(b));
        const page = changed.slice(0, pageSize);
        const endTime = page.length > 0 ? epoch(page[page.length - 1] as ZendeskArticle) : start;
        // Like Zendesk: `end_time` is the time of the page's last article, and the next page starts there
        // (start_time is inclusive, so the last article may come again).
        return reply(response, 200, {
          articles: page,
          count: page.length,
          end_time: endTime,
          next_page: `${base}/api/v2/help_center/incremental/articles?start_time=${endTime}`,
        });
      }
      if (url.pathname === '/api/v2/help_center/articles') {
        const size = Number(url.searchParams.get('page[size]') ?? 30);
        const after = Number(url.searchParams.get('page[after]') ?? 0);
        const sorted = all.sort((a, b) => a.id - b.id).filter((article) => article.id > after);
        const page = sorted.slice(0, size);
        const hasMore = sorted.length > size;
        return reply(response, 200, {
          articles: page,
          meta: { has_more: hasMore, after_cursor: String(page.at(-1)?.id ?? '') },
          links: {
            next: hasMore
              ? `${base}/api/v2/help_center/articles?page[size]=${size}&page[after]=${page.at(-1)?.id}`
              : null,
          },
        });
      }
      const one = /^\/api\/v2\/help_center\/articles\/(\d+)$/.exec(url.pathname);
      const article = one ? options.articles.get(Number(one[1])) : undefined;
      if (article) return reply(response, 200, { article });
      return reply(response, 404, { error: 'RecordNotFound', description: 'Not found' });
    },
    (request) => request.headers.authorization === basic,
  );
  base = fake.url;
  return fake;
}

/** Intercom Articles: `GET /articles` (page-numbered, `pages.next`), `GET /articles/{id}`, bearer token. */
export async function fakeIntercom(options: {
  articles: Map<string, IntercomArticle>;
  token: string;
  perPage?: number;
}): Promise<FakeServer> {
  let base = '';
  const fake = await listen(
    (_request, url, response) => {
      if (url.pathname === '/articles') {
        const perPage = options.perPage ?? Number(url.searchParams.get('per_page') ?? 25);
        const page = Number(url.searchParams.get('page') ?? 1);
        const sorted = [...options.articles.values()].sort((a, b) => b.updated_at - a.updated_at);
        const totalPages = Math.max(1, Math.ceil(sorted.length / perPage));
        return reply(response, 200, {
          type: 'list',
          total_count: sorted.length,
          data: sorted.slice((page - 1) * perPage, page * perPage),
          pages: {
            type: 'pages',
            page,
            per_page: perPage,
            total_pages: totalPages,
            ...(page < totalPages ? { next: `${base}/articles?page=${page + 1}&per_page=${perPage}` } : {}),
          },
        });
      }
      const one = /^\/articles\/([^/]+)$/.exec(url.pathname);
      const article = one ? options.articles.get(decodeURIComponent(one[1] ?? '')) : undefined;
      if (article) return reply(response, 200, article);
      return reply(response, 404, {
        type: 'error.list',
        errors: [{ code: 'not_found', message: 'Resource Not Found' }],
      });
    },
    (request) => request.headers.authorization === `Bearer ${options.token}`,
  );
  base = fake.url;
  return fake;
}

/** The headers Zendesk signs a webhook delivery with. */
export function zendeskSignature(body: string, secret: string, timestamp = new Date().toISOString()) {
  return {
    'x-zendesk-webhook-signature': createHmac('sha256', secret)
      .update(timestamp + body)
      .digest('base64'),
    'x-zendesk-webhook-signature-timestamp': timestamp,
  };
}

/** The header Intercom signs a notification with. */
export function intercomSignature(body: string, secret: string) {
  return { 'x-hub-signature': `sha1=${createHmac('sha1', secret).update(body).digest('hex')}` };
}

import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HelpArticle, helpPage } from './help-site.js';

/**
 * A help site on loopback: pages rendered by `helpPage`, a sitemap of them all, a robots.txt, and
 * conditional GETs (`ETag` / `If-None-Match` answered with 304) as web servers do.
 */
export interface SiteServer {
  url: string;
  pages: Map<string, HelpArticle>;
  /** Requests by path, in order. */
  requests: string[];
  /** How many answers were 304. */
  notModified: () => number;
  close(): Promise<void>;
}

export async function serveSite(options: { pages: Map<string, HelpArticle>; robots?: string }): Promise<SiteServer> {
  const requests: string[] = [];
  let notModified = 0;
  let base = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    requests.push(path);
    if (path === '/robots.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end(options.robots ?? 'User-agent: *\nAllow: /\n');
    }
    if (path === '/sitemap.xml') {
      const urls = [...options.pages.keys()].map((page) => `<url><loc>${base}${page}</loc></url>`).join('');
      response.writeHead(200, { 'content-type': 'application/xml' });
      return response.end(
        `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`,
      );
    }
    const page = options.pages.get(path);
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/html' });
      return response.end('<h1>Not found</h1>');
    }
    const html = helpPage(page);
    const etag = `"${createHash('sha1').update(html).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) {
      notModified++;
      response.writeHead(304, { etag });
      return response.end();
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
    response.end(html);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    pages: options.pages,
    requests,
    notModified: () => notModified,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `count` pages linked in a chain and to the home page, with distinct words, for crawls and benches. */
export function generatedSite(count: number): Map<string, HelpArticle> {
  const pages = new Map<string, HelpArticle>();
  for (let index = 0; index < count; index++) {
    const path = index === 0 ? '/' : `/articles/topic-${index}`;
    pages.set(path, {
      path,
      title: `Topic ${index} answers`,
      paragraphs: [
        `Topic ${index} covers question number ${index} for customers on every plan, with the steps support agents follow.`,
        `Code word for this page: token${index}x. Orders placed under topic ${index} ship within ${(index % 9) + 1} days.`,
      ],
      related: [
        index + 1 < count ? `/articles/topic-${index + 1}` : '/',
        `/articles/topic-${Math.max(1, (index * 7) % count)}`,
      ],
    });
  }
  return pages;
}

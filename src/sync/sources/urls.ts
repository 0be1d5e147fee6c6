import { idFromPath } from '../../documents/document-id.js';

/**
 * A page's document id: the source's name and the URL's path, made into an id (`help` + `/billing/refunds.html`
 * → `help/billing/refunds`; the site's root → `help/index`).
 */
export function pageId(source: string, url: string): string {
  const path = decodeURIComponent(new URL(url).pathname).replace(/\/+$/, '') || '/index';
  const id = idFromPath(path.replace(/^\/+/, '').replace(/\/index$/, '/index') || 'index');
  return `${source}/${id || 'index'}`;
}

/**
 * The page a link leads to when it stays on the crawl's site: same origin, under the start page's folder,
 * no query string (search results and filters are not pages), fragment dropped. `undefined` otherwise.
 */
export function sameOriginPage(link: string, start: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const base = new URL(start);
  if (url.origin !== base.origin || url.search !== '') return undefined;
  if (/\.(png|jpe?g|gif|svg|webp|ico|css|js|json|xml|zip|gz|mp4|mp3|woff2?)$/i.test(url.pathname)) return undefined;
  const folder = base.pathname.replace(/[^/]*$/, '');
  if (!url.pathname.startsWith(folder)) return undefined;
  url.hash = '';
  return url.toString();
}

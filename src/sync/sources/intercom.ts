import { convertDocument } from '../../documents/convert/convert.js';
import { InputError, PermissionError } from '../../errors.js';
import type { Outcome } from '../apply.js';
import { json, request } from '../http.js';
import type { RunContext, SyncSource } from '../source.js';
import type { IntercomSource } from '../sync-config.js';
import { verifyIntercom } from '../webhooks.js';
import { applyDefaults } from './defaults.js';

/** An article as Intercom's Articles API returns it (the fields read here). */
export interface IntercomArticle {
  id: string | number;
  title: string;
  body: string | null;
  state: 'published' | 'draft';
  /** Unix seconds. */
  updated_at: number;
  url?: string | null;
  tags?: { tags?: { name: string }[] } | null;
}

interface ArticleList {
  type: 'list';
  data: IntercomArticle[];
  pages?: { page?: number; total_pages?: number; next?: string | null } | null;
}

/** The API version Seam is written against (`Intercom-Version`). */
const apiVersion = '2.11';

/**
 * Intercom Articles. `GET /articles` lists every article, newest change first, a page at a time
 * (`page`, `per_page` up to 250); a run walks every page, converts only articles changed since their last
 * sync (`updated_at`; the newest is kept as the source's cursor), removes drafts and articles no longer
 * listed. Articles carrying a tag named in `tag_roles` are readable by those roles only. A webhook
 * notification (`X-Hub-Signature`) pulls its article at once (`GET /articles/{id}`).
 */
export function intercomSource(config: IntercomSource): SyncSource {
  const base = config.base_url.replace(/\/+$/, '');

  function get(context: RunContext, url: string): Promise<Response> {
    const token = context.env[config.token_env];
    if (!token) {
      throw new InputError(`the Intercom access token is not set: export ${config.token_env}`, {
        field: `sources.${config.name}.token_env`,
      });
    }
    return request(
      url,
      { headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'intercom-version': apiVersion } },
      { timeoutMs: config.timeout_ms, fetch: context.fetch, onRequest: () => context.applier.count('requests') },
    );
  }

  async function apply(context: RunContext, article: IntercomArticle): Promise<Outcome | undefined> {
    const id = String(article.id);
    if (article.state !== 'published') return context.applier.remove(id);
    const updated = new Date(article.updated_at * 1000).toISOString();
    const known = context.applier.record(id);
    if (known && known.upstream_updated_at === updated) return context.applier.unchanged(id);
    const converted = await convertDocument({
      bytes: new TextEncoder().encode(article.body ?? ''),
      format: 'html',
      file: article.url ?? id,
      fallbackId: `${config.name}/${id}`,
      mainContent: false,
    });
    if ('skipped' in converted) return context.applier.remove(id);
    const tags = (article.tags?.tags ?? []).map((tag) => tag.name);
    const restricted = [...new Set(tags.flatMap((tag) => config.tag_roles[tag] ?? []))];
    const body = converted.document.body.startsWith('# ')
      ? converted.document.body
      : `# ${article.title}\n\n${converted.document.body}`;
    return context.applier.upsert({
      upstream_id: id,
      url: article.url ?? null,
      updated_at: updated,
      document: applyDefaults(
        {
          ...converted.document,
          title: article.title,
          body,
          tags,
          acl: restricted.length > 0 ? restricted : null,
          source: article.url ?? undefined,
        },
        config,
      ),
    });
  }

  return {
    config,
    async run(context) {
      const listed = new Set<string>();
      let newest = Number(context.cursor ?? 0);
      let url: string | null = `${base}/articles?page=1&per_page=250`;
      for (let page = 1; url && page <= 10_000; page++) {
        const data: ArticleList = await json(await get(context, url), url);
        for (const article of data.data) {
          listed.add(String(article.id));
          newest = Math.max(newest, article.updated_at);
          await apply(context, article);
        }
        const pages = data.pages;
        url =
          pages?.next && typeof pages.next === 'string'
            ? new URL(pages.next, base).toString()
            : pages?.total_pages && page < pages.total_pages
              ? `${base}/articles?page=${page + 1}&per_page=250`
              : null;
      }
      await context.applier.removeMissing(listed);
      return { cursor: String(newest), complete: true };
    },
    async pull(context, ids) {
      const outcomes: Outcome[] = [];
      for (const id of ids) {
        const url = `${base}/articles/${encodeURIComponent(id)}`;
        const response = await get(context, url);
        if (response.status === 404) {
          await response.body?.cancel();
          const outcome = await context.applier.remove(id);
          if (outcome) outcomes.push(outcome);
          continue;
        }
        const outcome = await apply(context, await json<IntercomArticle>(response, url));
        if (outcome) outcomes.push(outcome);
      }
      return outcomes;
    },
    verifyWebhook(delivery, env) {
      const secret = config.client_secret_env ? env[config.client_secret_env] : undefined;
      if (!secret) throw new PermissionError('this source has no client secret (set client_secret_env)');
      verifyIntercom({ headers: delivery.headers, body: delivery.body, secret });
      let parsed: { data?: { item?: { id?: string | number; type?: string } } };
      try {
        parsed = JSON.parse(delivery.body) as typeof parsed;
      } catch {
        throw new InputError('the webhook body is not JSON');
      }
      const item = parsed.data?.item;
      return item?.id !== undefined && (item.type === undefined || item.type === 'article') ? [String(item.id)] : [];
    },
  };
}

import { convertDocument } from '../../documents/convert/convert.js';
import { InputError, PermissionError } from '../../errors.js';
import type { Outcome, UpstreamDocument } from '../apply.js';
import { json, request } from '../http.js';
import type { RunContext, SyncSource } from '../source.js';
import type { ZendeskSource } from '../sync-config.js';
import { verifyZendesk } from '../webhooks.js';
import { applyDefaults } from './defaults.js';

/** An article as the Help Center API returns it (the fields read here). */
export interface ZendeskArticle {
  id: number;
  html_url?: string;
  title: string;
  body: string | null;
  locale?: string;
  draft: boolean;
  updated_at: string;
  edited_at?: string;
  user_segment_id: number | null;
  user_segment_ids?: number[] | null;
  label_names?: string[];
}

/**
 * Zendesk Guide (Help Center API). A run exports what changed since the stored cursor
 * (`GET /api/v2/help_center/incremental/articles?start_time=`, the previous run's `end_time`), then lists
 * article ids (`GET /api/v2/help_center/articles?page[size]=100`) to remove those archived or deleted.
 * Drafts are never served (a published article turned draft is removed). An article restricted to user
 * segments is readable only by the roles those segments map to (`segments` in the config), or by
 * `{name}-segment-{id}` when unmapped: a restricted article is never public. A webhook
 * (article published, unpublished, ...) pulls that article at once.
 */
export function zendeskSource(config: ZendeskSource): SyncSource {
  const base = config.base_url.replace(/\/+$/, '');

  function headers(env: Record<string, string | undefined>): Record<string, string> {
    const token = env[config.token_env];
    if (!token) {
      throw new InputError(`the Zendesk API token is not set: export ${config.token_env}`, {
        field: `sources.${config.name}.token_env`,
      });
    }
    const authorization = config.email
      ? `Basic ${Buffer.from(`${config.email}/token:${token}`).toString('base64')}`
      : `Bearer ${token}`;
    return { authorization, accept: 'application/json' };
  }

  async function get(context: RunContext, url: string): Promise<Response> {
    return request(
      url,
      { headers: headers(context.env) },
      { timeoutMs: config.timeout_ms, fetch: context.fetch, onRequest: () => context.applier.count('requests') },
    );
  }

  async function upstream(article: ZendeskArticle): Promise<UpstreamDocument | undefined> {
    const converted = await convertDocument({
      bytes: new TextEncoder().encode(article.body ?? ''),
      format: 'html',
      file: article.html_url ?? String(article.id),
      fallbackId: `${config.name}/${article.id}`,
      mainContent: false,
    });
    if ('skipped' in converted) return undefined;
    const body = converted.document.body.startsWith('# ')
      ? converted.document.body
      : `# ${article.title}\n\n${converted.document.body}`;
    return {
      upstream_id: String(article.id),
      url: article.html_url ?? null,
      updated_at: article.edited_at ?? article.updated_at,
      document: applyDefaults(
        {
          ...converted.document,
          title: article.title,
          body,
          acl: aclOf(article),
          tags: article.label_names ?? [],
          source: article.html_url,
        },
        config,
      ),
    };
  }

  /** Segment restrictions as roles; `null` (everyone) only for an article with no segment. */
  function aclOf(article: ZendeskArticle): string[] | null {
    const segments = article.user_segment_ids?.length
      ? article.user_segment_ids
      : article.user_segment_id === null || article.user_segment_id === undefined
        ? []
        : [article.user_segment_id];
    if (segments.length === 0) return null;
    return [...new Set(segments.flatMap((id) => config.segments[String(id)] ?? [`${config.name}-segment-${id}`]))];
  }

  async function apply(context: RunContext, article: ZendeskArticle): Promise<Outcome | undefined> {
    if (config.locale && article.locale && article.locale.toLowerCase() !== config.locale.toLowerCase()) return;
    if (article.draft) return context.applier.remove(String(article.id));
    const document = await upstream(article);
    if (!document) return context.applier.remove(String(article.id));
    return context.applier.upsert(document);
  }

  return {
    config,
    async run(context) {
      let startTime = Number(context.cursor ?? 0);
      let url: string | null = `${base}/api/v2/help_center/incremental/articles?start_time=${startTime}`;
      for (let page = 0; url && page < 10_000; page++) {
        const response: Response = await get(context, url);
        const data: { articles: ZendeskArticle[]; next_page: string | null; end_time?: number } = await json(
          response,
          url,
        );
        for (const article of data.articles) await apply(context, article);
        const endTime = data.end_time ?? startTime;
        // The export ends at an empty page, or when the next page would start where this one did.
        url = data.articles.length > 0 && data.next_page && endTime > startTime ? data.next_page : null;
        startTime = Math.max(startTime, endTime);
      }
      // Archived and deleted articles leave the export silently: list the ids that still exist.
      const existing = new Set<string>();
      let list: string | null = `${base}/api/v2/help_center/articles?page[size]=100`;
      while (list) {
        const data: { articles: ZendeskArticle[]; meta?: { has_more?: boolean }; links?: { next?: string | null } } =
          await json(await get(context, list), list);
        for (const article of data.articles) if (!article.draft) existing.add(String(article.id));
        list = data.meta?.has_more && data.links?.next ? data.links.next : null;
      }
      await context.applier.removeMissing(existing);
      return { cursor: String(startTime), complete: true };
    },
    async pull(context, ids) {
      const outcomes: Outcome[] = [];
      for (const id of ids) {
        const url = `${base}/api/v2/help_center/articles/${encodeURIComponent(id)}`;
        const response = await get(context, url);
        if (response.status === 404 || response.status === 410) {
          await response.body?.cancel();
          const outcome = await context.applier.remove(id);
          if (outcome) outcomes.push(outcome);
          continue;
        }
        const { article } = await json<{ article: ZendeskArticle }>(response, url);
        const outcome = await apply(context, article);
        if (outcome) outcomes.push(outcome);
      }
      return outcomes;
    },
    verifyWebhook(delivery, env) {
      const secret = config.webhook_secret_env ? env[config.webhook_secret_env] : undefined;
      if (!secret) throw new PermissionError(`this source has no webhook secret (set webhook_secret_env)`);
      verifyZendesk({ headers: delivery.headers, body: delivery.body, secret, now: new Date() });
      const event = parseEvent(delivery.body);
      const id = event.detail?.id ?? /^zen:article:(\d+)$/.exec(event.subject ?? '')?.[1];
      return id === undefined ? [] : [String(id)];
    },
  };
}

function parseEvent(body: string): { detail?: { id?: string | number }; subject?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { detail?: { id?: string } }) : {};
  } catch {
    throw new InputError('the webhook body is not JSON');
  }
}

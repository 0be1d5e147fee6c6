import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { Outcome, SyncApplier } from './apply.js';
import type { SourceConfig } from './sync-config.js';

/** What a source gets for a run. */
export interface RunContext {
  store: KnowledgeStore;
  applier: SyncApplier;
  /** The source's cursor from the last run (`null` the first time). */
  cursor: string | null;
  env: Record<string, string | undefined>;
  now: () => Date;
  fetch?: typeof fetch | undefined;
}

/** A webhook delivery as the server received it. */
export interface WebhookDelivery {
  headers: Headers;
  /** The raw body, exactly as signed. */
  body: string;
}

/**
 * A kind of source. `run` brings everything that changed since the last run (and removes what is gone);
 * `pull` brings the named upstream items now (a webhook or a watcher named them); `verifyWebhook` checks a
 * delivery's signature as the upstream documents it and says which items it names.
 */
export interface SyncSource {
  readonly config: SourceConfig;
  run(context: RunContext): Promise<{ cursor: string | null; complete: boolean }>;
  pull(context: RunContext, upstreamIds: readonly string[]): Promise<Outcome[]>;
  verifyWebhook?(delivery: WebhookDelivery, env: Record<string, string | undefined>): string[];
}

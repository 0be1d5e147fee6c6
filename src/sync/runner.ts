import { operator } from '../access.js';
import { NotFoundError, SeamError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { SyncSourceState } from '../store/sync-store.js';
import { type Counts, type Outcome, SyncApplier } from './apply.js';
import { createSource } from './create-source.js';
import type { RunContext, SyncSource, WebhookDelivery } from './source.js';
import type { SourceConfig, SyncSettings } from './sync-config.js';
import { watchFolder } from './watch.js';

/** What one run (or one pull) of a source did. */
export interface RunReport {
  source: string;
  kind: SourceConfig['kind'];
  /** `run`: a poll of everything; `pull`: items a webhook or the folder watcher named. */
  trigger: 'run' | 'pull';
  ok: boolean;
  error: string | null;
  /** Items that could not be read (the run went on without them). */
  problems: string[];
  counts: Counts;
  conflicts: { id: string; reason: string }[];
  /** False when the run stopped early (request budget): nothing unseen was removed. */
  complete: boolean;
  duration_ms: number;
}

export interface SyncRunnerOptions {
  store: KnowledgeStore;
  sources: readonly SourceConfig[];
  settings: SyncSettings;
  env: Record<string, string | undefined>;
  now?: (() => Date) | undefined;
  fetch?: typeof fetch | undefined;
  /** Told about every finished run or pull (the CLI prints them; the server logs nothing by default). */
  onReport?: ((report: RunReport) => void) | undefined;
}

/**
 * Runs the configured sources: once (`seam sync --once`), or continuously (`seam sync`, `seam serve
 * --config`): each source polled every `poll_seconds`, folders also watched, webhooks pulling the item they
 * name. Runs and pulls of one source never overlap (they queue); a failing source is recorded in its state
 * (`seam sync status`) and tried again at the next poll, never stopping the others or the server.
 */
export class SyncRunner {
  private readonly sources = new Map<string, SyncSource>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly stops: (() => Promise<void>)[] = [];
  private readonly now: () => Date;

  constructor(private readonly options: SyncRunnerOptions) {
    this.now = options.now ?? (() => new Date());
    for (const config of options.sources) this.sources.set(config.name, createSource(config));
  }

  /** The configured sources. */
  configs(): SourceConfig[] {
    return [...this.sources.values()].map((source) => source.config);
  }

  names(): string[] {
    return [...this.sources.keys()];
  }

  /** Run every source (or the named ones) once, one after another. */
  async runOnce(names: readonly string[] = this.names()): Promise<RunReport[]> {
    const reports: RunReport[] = [];
    for (const name of names) reports.push(await this.run(name));
    return reports;
  }

  run(name: string): Promise<RunReport> {
    return this.queued(name, (source) => this.execute(source, 'run', (context) => source.run(context)));
  }

  /** Bring the named upstream items now. */
  pull(name: string, upstreamIds: readonly string[]): Promise<RunReport> {
    return this.queued(name, (source) =>
      this.execute(source, 'pull', async (context) => {
        await source.pull(context, upstreamIds);
        return { cursor: context.cursor, complete: true };
      }),
    );
  }

  /** A webhook delivery for a source: verified (a bad signature throws), then its items pulled at once. */
  async webhook(name: string, delivery: WebhookDelivery): Promise<{ ids: string[]; report: RunReport | null }> {
    const source = this.source(name);
    if (!source.verifyWebhook) throw new NotFoundError(name, `the source '${name}' takes no webhooks`);
    const ids = source.verifyWebhook(delivery, this.options.env);
    return { ids, report: ids.length > 0 ? await this.pull(name, ids) : null };
  }

  /** Poll every source now and then every `poll_seconds`; watch folders. Returns once the first runs are done. */
  async start(): Promise<RunReport[]> {
    const first = await this.runOnce();
    for (const [name, source] of this.sources) {
      const seconds = source.config.poll_seconds ?? this.options.settings.poll_seconds;
      const timer = setInterval(() => void this.run(name).catch(() => undefined), seconds * 1000);
      timer.unref();
      this.stops.push(async () => clearInterval(timer));
      if (source.config.kind === 'folder') {
        const config = source.config;
        this.stops.push(
          await watchFolder({
            folder: config.path,
            debounceMs: config.debounce_ms,
            onChange: (paths) => void this.pull(name, paths).catch(() => undefined),
          }),
        );
      }
    }
    return first;
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0)) await stop();
    await Promise.allSettled([...this.queues.values()]);
  }

  private source(name: string): SyncSource {
    const source = this.sources.get(name);
    if (!source) throw new NotFoundError(name, `no sync source named '${name}'`);
    return source;
  }

  private queued<T>(name: string, work: (source: SyncSource) => Promise<T>): Promise<T> {
    const source = this.source(name);
    const previous = this.queues.get(name) ?? Promise.resolve();
    const next = previous.then(
      () => work(source),
      () => work(source),
    );
    this.queues.set(
      name,
      next.catch(() => undefined),
    );
    return next;
  }

  private async execute(
    source: SyncSource,
    trigger: RunReport['trigger'],
    work: (context: RunContext) => Promise<{ cursor: string | null; complete: boolean }>,
  ): Promise<RunReport> {
    const { store } = this.options;
    const { name, kind } = source.config;
    const started = this.now();
    const clock = performance.now();
    const states = await store.syncSources({ reader: operator });
    const state: SyncSourceState = states.find((entry) => entry.name === name) ?? {
      name,
      kind,
      cursor: null,
      last_run_at: null,
      last_ok_at: null,
      last_error: null,
      last_duration_ms: null,
      counts: {},
      runs: 0,
    };
    const applier = await SyncApplier.open({ store, source: name, now: this.now });
    const context: RunContext = {
      store,
      applier,
      cursor: state.cursor,
      env: this.options.env,
      now: this.now,
      fetch: this.options.fetch,
    };
    let error: string | null = null;
    let result = { cursor: state.cursor, complete: false };
    const describe = (caught: unknown) =>
      SeamError.isInstance(caught) ? caught.message : caught instanceof Error ? caught.message : String(caught);
    try {
      result = await work(context);
    } catch (caught) {
      error = describe(caught);
    }
    // What the run decided before it ended (or failed) is written: each batch whole, or not at all.
    await applier.flush().catch((caught: unknown) => {
      error ??= describe(caught);
    });
    const duration = Math.round(performance.now() - clock);
    const report: RunReport = {
      source: name,
      kind,
      trigger,
      ok: error === null,
      error,
      problems: applier.problems.slice(0, 50),
      counts: applier.counts,
      conflicts: applier.conflicts,
      complete: result.complete,
      duration_ms: duration,
    };
    // A pull updates the counts it touched; only a full run replaces the run's record.
    const next: SyncSourceState =
      trigger === 'run'
        ? {
            ...state,
            kind,
            cursor: error === null ? result.cursor : state.cursor,
            last_run_at: started.toISOString(),
            last_ok_at: error === null ? this.now().toISOString() : state.last_ok_at,
            last_error: error ?? (applier.problems.length > 0 ? applier.problems.join('; ').slice(0, 1000) : null),
            last_duration_ms: duration,
            counts: applier.counts,
            runs: state.runs + 1,
          }
        : { ...state, kind, last_error: error ?? state.last_error };
    await store.putSyncSource(next, { reader: operator });
    this.options.onReport?.(report);
    return report;
  }
}

export type { Outcome };

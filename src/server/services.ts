import type { Reader } from '../access.js';
import type { AskResult } from '../ask/ask-result.js';
import type { SeamConfig } from '../config/behavior-config.js';
import type { Diagnoser } from '../diagnose/diagnose.js';
import type { Diagnosis } from '../diagnose/diagnosis.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { SyncRunner } from '../sync/runner.js';

/** What every door of the server shares: the store, the ask config, the clock, limits. */
export interface ServerServices {
  store: KnowledgeStore;
  config?: SeamConfig | undefined;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** How many answers the answer log keeps (it is private data: bounded). */
  answerLogSize: number;
  /**
   * Answer as `reader` and log it: `principal` is who asked; `viewedAs` the principal whose permissions
   * answered, when an admin asks while viewing the console as them (the log names both).
   */
  ask(options: {
    reader: Reader;
    principal: string;
    viewedAs?: string | undefined;
    question: string;
    asOf?: string | undefined;
  }): Promise<AskResult>;
  diagnose(text: string): Promise<Diagnosis>;
  /** The sync sources `seam serve --config` runs (webhooks, status), when the config has any. */
  sync?: SyncRunner | undefined;
}

export function createServices(options: {
  store: KnowledgeStore;
  config?: SeamConfig | undefined;
  env?: Record<string, string | undefined>;
  now?: () => Date;
  answerLogSize?: number;
  /** The diagnoser to use (default: the offline classifier, loaded on first use). */
  diagnoser?: () => Promise<Diagnoser>;
  sync?: SyncRunner | undefined;
}): ServerServices {
  const now = options.now ?? (() => new Date());
  const env = options.env ?? process.env;
  const answerLogSize = options.answerLogSize ?? 1000;
  let diagnoser: Promise<Diagnoser> | undefined;
  return {
    store: options.store,
    config: options.config,
    env,
    now,
    answerLogSize,
    sync: options.sync,
    async ask({ reader, principal, viewedAs, question, asOf }) {
      const { ask } = await import('../ask/ask.js');
      const result = await ask({
        question,
        reader,
        store: options.store,
        config: options.config,
        env,
        now,
        asOf,
      });
      await options.store.logAnswer(
        {
          at: now().toISOString(),
          principal,
          viewed_as: viewedAs ?? null,
          question,
          answer: result.answer,
          refused: result.refused,
          citations: result.citations.map(({ id, version }) => ({ id, version })),
        },
        { keep: answerLogSize },
      );
      return result;
    },
    async diagnose(text) {
      diagnoser ??=
        options.diagnoser?.() ?? import('../diagnose/diagnose.js').then(({ createDiagnoser }) => createDiagnoser());
      return (await diagnoser).diagnose(text);
    },
  };
}

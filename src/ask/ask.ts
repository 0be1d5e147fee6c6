import type { Reader } from '../access.js';
import { defaultConfig, type SeamConfig } from '../config/behavior-config.js';
import { createRetriever, type Retriever } from '../retrieval/retriever.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { AskResult, StepName } from './ask-result.js';
import { createConnectors } from './connectors/create-connectors.js';
import type { StateConnector } from './connectors/state-connector.js';
import type { AnswerModel } from './models/answer-model.js';
import { chooseModel } from './models/model-choice.js';
import { type AskContext, type AskStep, emptyTrace } from './request-context.js';
import { authorize } from './steps/authorize.js';
import { compose } from './steps/compose.js';
import { fetchState } from './steps/fetch-state.js';
import { generate } from './steps/generate.js';
import { ground } from './steps/ground.js';
import { retrieve } from './steps/retrieve.js';
import { validate } from './steps/validate.js';

export interface AskOptions {
  question: string;
  /**
   * Who is asking: `operator` (every document, no connectors) or `await readerFor(store, id)`. Required:
   * a library call that reads says who reads.
   */
  reader: Reader;
  store: KnowledgeStore;
  /** The behavior config (`loadConfig`); defaults apply when omitted. */
  config?: SeamConfig | undefined;
  /** Environment for `SEAM_MODEL`, API keys and connector headers (default: `process.env`). */
  env?: Record<string, string | undefined> | undefined;
  /** The clock (default: now). */
  now?: (() => Date) | undefined;
  /** Answer from the documents in effect at this ISO date or instant instead of now. */
  asOf?: string | undefined;
  /** A model to use instead of the configured one. */
  model?: AnswerModel | undefined;
  /** Connectors to use instead of the configured ones. */
  connectors?: readonly StateConnector[] | undefined;
  retriever?: Retriever | undefined;
}

/** The pipeline, in order. Each step is a function of the request context and can be tested alone. */
export const askSteps: readonly [StepName, AskStep][] = [
  ['authorize', authorize],
  ['retrieve', retrieve],
  ['fetch_state', fetchState],
  ['compose', compose],
  ['generate', generate],
  ['validate', validate],
  ['ground', ground],
];

/**
 * Answer a question as a principal: permissions decided in code, passages retrieved at question time
 * (current by construction), state fetched for this principal only, the answer written in the house
 * voice and format, validated, checked for grounding, and returned with citations and a trace.
 */
export async function ask(options: AskOptions): Promise<AskResult> {
  const context = createAskContext(options);
  const started = performance.now();
  for (const [name, step] of askSteps) {
    const stepStarted = performance.now();
    await step(context);
    context.trace.timings[name] = milliseconds(performance.now() - stepStarted);
  }
  context.trace.timings.total = milliseconds(performance.now() - started);
  return toResult(context);
}

export function createAskContext(options: AskOptions): AskContext {
  const config = options.config ?? defaultConfig();
  const env = options.env ?? process.env;
  const choice = options.model ? undefined : chooseModel(config.model, env);
  let model: Promise<AnswerModel | undefined> | undefined;
  const loadModel = () => {
    model ??= options.model
      ? Promise.resolve(options.model)
      : choice
        ? import('./models/ai-sdk-model.js').then(({ createAiSdkModel }) => createAiSdkModel(choice))
        : Promise.resolve(undefined);
    return model;
  };
  const now = options.now ?? (() => new Date());
  return {
    question: options.question,
    reader: options.reader,
    store: options.store,
    config,
    env,
    at: options.asOf ?? now().toISOString(),
    retriever: options.retriever ?? createRetriever({ store: options.store, now }),
    connectors: options.connectors ?? createConnectors(config.connectors, { env }),
    usesModel: options.model !== undefined || choice !== undefined,
    loadModel,
    principal: undefined,
    asked: undefined,
    weights: [],
    allowedConnectors: new Set(),
    hits: [],
    state: [],
    evidence: undefined,
    prompt: undefined,
    passages: [],
    draft: undefined,
    model: undefined,
    citations: [],
    usedHits: new Set(),
    stateUsed: [],
    refusal: null,
    handoff: null,
    grounded: true,
    warnings: [],
    trace: emptyTrace(config),
  };
}

/** The result of a context whose steps have run. */
export function toResult(context: AskContext): AskResult {
  const refused = context.refusal !== null;
  const used = new Set([...context.usedHits].map((hit) => `${hit.id}@${hit.version}#${hit.chunk}`));
  for (const hit of context.trace.hits) hit.used = !refused && used.has(`${hit.id}@${hit.version}#${hit.chunk}`);
  const structured = !refused && context.config.format.type === 'json_schema' ? context.draft?.structured : undefined;
  return {
    answer: refused ? context.config.refusal.message : (context.draft?.text ?? context.config.refusal.message),
    ...(structured !== undefined ? { structured } : {}),
    citations: refused ? [] : context.citations,
    state_used: refused ? [] : context.stateUsed,
    refused,
    refusal: context.refusal,
    grounded: context.grounded,
    handoff: context.handoff,
    warnings: context.warnings,
    trace: context.trace,
  };
}

function milliseconds(value: number): number {
  return Math.round(value * 1000) / 1000;
}

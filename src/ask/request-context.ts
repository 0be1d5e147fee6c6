import type { Reader } from '../access.js';
import type { SeamConfig } from '../config/behavior-config.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { Hit, KnowledgeStore, Principal } from '../store/knowledge-store.js';
import type { AskTrace, Citation, Handoff, Refusal, StateRecord, StateUsed } from './ask-result.js';
import type { StateConnector } from './connectors/state-connector.js';
import type { AskedQuestion } from './evidence/question.js';
import type { RerankModel } from './evidence/rerank.js';
import type { Candidate, Evidence } from './evidence/weigh.js';
import type { WordWeight } from './evidence/weights.js';
import type { AnswerModel, ModelRequest } from './models/answer-model.js';
import type { Draft } from './render/draft.js';

/** State fetched for this request from one connector. */
export interface FetchedState {
  connector: StateConnector;
  records: StateRecord[];
  /** The question mentioned one of the connector's `when` words. */
  triggered: boolean;
}

/**
 * The one object every step of a request reads and writes. Steps run in order
 * (authorize → retrieve → fetch state → compose → generate → validate → ground); each is a function of
 * this context and can be run alone in a test by building one with `createAskContext`.
 */
export interface AskContext {
  readonly question: string;
  /** Who is asking: the operator, or a principal (`readerFor`). Decides what retrieval may return. */
  readonly reader: Reader;
  readonly store: KnowledgeStore;
  readonly config: SeamConfig;
  readonly env: Record<string, string | undefined>;
  /** The request's instant (ISO): documents in effect then are served. */
  readonly at: string;
  readonly retriever: Retriever;
  readonly connectors: readonly StateConnector[];
  /** Whether a model writes the answer (else the extractive composer does). */
  readonly usesModel: boolean;
  /** Creates the model on first use (`undefined`: the extractive composer). */
  readonly loadModel: () => Promise<AnswerModel | undefined>;

  /**
   * The learned unit score (default: the committed model; `null`: the hand-written score alone), and a
   * callback receiving every candidate unit with its features. For `bench/rerank-fit.ts`; not configurable.
   */
  rerank?: RerankModel | null;
  onCandidates?: (candidates: readonly Candidate[]) => void;
  principal: Principal | undefined;
  /** The question read: its asked words, with their forms and relatives, and the kind of value it wants. */
  asked: AskedQuestion | undefined;
  /** Each asked word's weight among the chunks the asker may read. */
  weights: WordWeight[];
  /** Connector names this principal may call (decided in authorize). */
  allowedConnectors: Set<string>;
  hits: Hit[];
  state: FetchedState[];
  evidence: Evidence | undefined;
  /** The model request, when a model is configured. */
  prompt: Omit<ModelRequest, 'signal'> | undefined;
  /** Passages given to the generator, numbered from 1 (what `[n]` refers to). */
  passages: Hit[];
  draft: Draft | undefined;
  model: AnswerModel | undefined;
  citations: Citation[];
  /** The passages the answer quoted, cited or took values from (marked `used` in the trace). */
  usedHits: Set<Hit>;
  stateUsed: StateUsed[];
  refusal: Refusal | null;
  handoff: Handoff | null;
  grounded: boolean;
  warnings: string[];
  trace: AskTrace;
}

export function emptyTrace(config: SeamConfig): AskTrace {
  return {
    principal: { id: null, known: true, roles: [] },
    permissions: [],
    hits: [],
    connectors: [],
    composer: 'extractive',
    model_calls: 0,
    validation: { ok: true, problems: [], initial_problems: [], repair_attempted: false },
    grounding: { mode: config.grounding, values: 0, ungrounded: [], action: 'none' },
    timings: { authorize: 0, retrieve: 0, fetch_state: 0, compose: 0, generate: 0, validate: 0, ground: 0, total: 0 },
  };
}

export type AskStep = (context: AskContext) => Promise<void>;

/** Record a handoff unless one is already set (the first reason wins). */
export function handOff(context: AskContext, reason: Handoff['reason'], detail: string): void {
  if (context.handoff) return;
  context.handoff = { reason, queue: context.config.handoff.queue ?? null, detail };
}

/** Decline: the answer becomes the configured refusal message. */
export function refuse(context: AskContext, reason: Refusal['reason'], detail: string): void {
  context.refusal ??= { reason, detail };
}

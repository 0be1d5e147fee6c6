/**
 * What `ask` returns, and what `seam ask --json` prints. Field names follow the JSON contract in
 * `../shared/BRIEF.md` (`answer`, `citations`, `refused`, `grounded`, `trace`); fields may be added,
 * never renamed.
 */

/** A document version the answer is drawn from. */
export interface Citation {
  id: string;
  version: number;
  title: string;
  /** When this version took effect (`null`: it always was). */
  effective_from: string | null;
}

/** One connector's records that the answer drew on. */
export interface StateUsed {
  connector: string;
  records: StateRecord[];
}

/** A row of business state: field names to JSON values. */
export type StateRecord = Record<string, unknown>;

/**
 * Why an answer was declined. `no_coverage`: nothing the asker may read covers the question;
 * `ungrounded`: the answer stated a value no source supports and grounding is `withhold`;
 * `invalid_format`: the answer failed validation twice.
 */
export type RefusalReason = 'no_coverage' | 'ungrounded' | 'invalid_format';

export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

/** Why a person should take over: a typed field, never a phrase in the answer text. */
export type HandoffReason = 'no_coverage' | 'topic' | 'connector_error' | 'withheld';

export interface Handoff {
  reason: HandoffReason;
  /** The configured queue (`handoff.queue`), or `null`. */
  queue: string | null;
  detail: string;
}

export type PermissionSubject = 'documents' | `connector:${string}`;

/** A decision code made about this request: what the asker may read, which connectors they may call. */
export interface PermissionDecision {
  subject: PermissionSubject;
  /** `filter`: retrieval is limited to these roles' documents; `allow` / `deny` for connectors. */
  decision: 'allow' | 'deny' | 'filter';
  detail: string;
}

export interface TraceHit {
  id: string;
  version: number;
  chunk: number;
  score: number;
  /** Whether the answer drew on this passage. */
  used: boolean;
}

export interface ConnectorCall {
  name: string;
  kind: 'sql' | 'http' | 'function';
  /** `skipped` with a reason when not permitted or not relevant to the question. */
  status: 'ok' | 'error' | 'skipped';
  detail: string;
  records: number;
  ms: number;
}

export interface GroundingTrace {
  mode: 'remove' | 'withhold';
  /** Values found in the answer before grounding. */
  values: number;
  ungrounded: { text: string; kind: string }[];
  /** `removed`: sentences with ungrounded values were dropped; `withheld`: the answer was not given. */
  action: 'none' | 'removed' | 'withheld';
}

export interface ValidationTrace {
  /** Whether the answer given passed (after at most one repair). */
  ok: boolean;
  /** Problems of the answer given. */
  problems: string[];
  /** Problems of the first draft, which a repair attempt was made for. */
  initial_problems: string[];
  repair_attempted: boolean;
}

import type { CoverageTrace } from './evidence/decide.js';

export type { CoverageTrace };

export type StepName = 'authorize' | 'retrieve' | 'fetch_state' | 'compose' | 'generate' | 'validate' | 'ground';

export interface AskTrace {
  principal: { id: string | null; known: boolean; roles: string[] };
  permissions: PermissionDecision[];
  /** The passages retrieval returned: already filtered to what the asker may read. */
  hits: TraceHit[];
  /**
   * The answerability decision: each asked word's weight among the chunks the asker may read, whether the
   * chosen passages cover it, the words no permitted passage mentions (`missing`), and why. Absent when
   * the pipeline stopped before composing.
   */
  coverage?: CoverageTrace;
  connectors: ConnectorCall[];
  /** `extractive`, or the model id (`openai:gpt-4o-mini`). */
  composer: string;
  model_calls: number;
  validation: ValidationTrace;
  grounding: GroundingTrace;
  /** Milliseconds per step, and in total. */
  timings: Record<StepName | 'total', number>;
}

export interface AskResult {
  /** The answer in the configured format (a JSON text when the format is a JSON schema), or the refusal message. */
  answer: string;
  /** With a JSON-schema format: the answer as an object. */
  structured?: unknown;
  citations: Citation[];
  state_used: StateUsed[];
  refused: boolean;
  refusal: Refusal | null;
  /** Every value in the answer appears in the passages or state it drew on. */
  grounded: boolean;
  handoff: Handoff | null;
  /** Non-fatal problems (an unregistered principal, a connector error). */
  warnings: string[];
  trace: AskTrace;
}

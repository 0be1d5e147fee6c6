import type { CaseKind, EvalCase } from './eval-case.js';
import type { DroppedProbe } from './probes/retrievable.js';

/**
 * What `seam eval` produces, and what `--json` prints: the contract's `configs`, `cases` (each with its
 * `results` per configuration) and `summary` (per configuration, per kind), plus stale cases, notes,
 * timings and, with `--baseline`, the comparison. Fields may be added, never renamed.
 */
export interface EvalReport {
  configs: ConfigReport[];
  cases: CaseReport[];
  /** Per configuration, per case kind: passed and total. Stale cases are not counted. */
  summary: Record<string, Partial<Record<CaseKind, PassCount>>>;
  /** Cases pinned to a document version (`cites: id@3`) after the document moved on. */
  stale: StaleCase[];
  /** What the run could not cover (e.g. deletion probes before `seam forget` exists), and probes dropped. */
  notes: string[];
  /** Generated probes left out because the retriever does not return their passage for their question. */
  dropped: DroppedProbe[];
  timings: { wall_ms: number; answer_ms: number; judge_ms: number };
  baseline?: BaselineComparison | undefined;
}

export interface ConfigReport {
  name: string;
  file: string | null;
  /** `extractive` or the model id. */
  composer: string;
  retrieval: boolean;
  /** Answers from the documents in effect on this date (`frozen_at`), or `null`. */
  frozen_at: string | null;
  /** Model requests sent, answered from the cache, and retried. */
  model_calls: number;
  cached: number;
  retries: number;
}

export interface PassCount {
  passed: number;
  total: number;
}

export interface CaseResult {
  pass: boolean;
  answer: string;
  reasons: string[];
  citations: { id: string; version: number }[];
  refused: boolean;
  /** Milliseconds to answer (the model's time included). */
  ms: number;
  /** The error that stopped this configuration on this case (a provider error, say). */
  error?: string | undefined;
}

export interface CaseReport extends Omit<EvalCase, 'as'> {
  as: string | null;
  stale?: StaleCase | undefined;
  results: Record<string, CaseResult>;
}

export interface StaleCase {
  id: string;
  /** The pinned citation, `refund-policy@3`. */
  cites: string;
  /** The version served now (or at the case's `at`); `null` when the document is gone. */
  served: number | null;
}

export interface BaselineComparison {
  file: string;
  /** Passed in the baseline, fail now. */
  regressions: { id: string; config: string; reasons: string[] }[];
  /** Failed in the baseline, pass now. */
  fixes: { id: string; config: string }[];
}

/** Pass rate of a count (1 when there is nothing to pass). */
export function rate(count: PassCount | undefined): number {
  return !count || count.total === 0 ? 1 : count.passed / count.total;
}

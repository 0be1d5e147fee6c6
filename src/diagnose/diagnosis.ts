/**
 * What `seam diagnose` returns, field by field. This is the JSON contract of `seam diagnose --json` (the
 * BRIEF's shape: `strands[].text`, `categories`, `intervention`, `confidence` and top-level `categories`);
 * every other field is an addition and may be relied on too. Fields are never renamed.
 */
import type { CategoryId, FineTuneVerdict, Home, ReversibilityRating, Side } from '../taxonomy/index.js';

/** Whether fine-tuning is the fix for a strand: every category says yes, one says partly, or one says no. */
export type StrandFineTuneVerdict = 'recommended' | 'partly' | 'not_a_fix' | 'unknown';

/** The plan for one category of a strand, read from the taxonomy. */
export interface CategoryPlan {
  category: CategoryId;
  label: string;
  /** The classifier's probability for this category. */
  confidence: number;
  side: Side;
  lives: readonly Home[];
  lives_text: string;
  route: string;
  intervention: string;
  why: string;
  verify: string;
  undo: string;
  reversibility: { rating: ReversibilityRating; text: string };
  fine_tune: { verdict: FineTuneVerdict; text: string };
}

/**
 * What became of a strand: `categorised` (one or more confident categories), `unclear` (none is
 * confident but some are likely: Seam asks `question` instead of guessing), or `no_symptom` (the clause
 * describes nothing the bot does: "we're a small team", "any ideas?").
 */
export type StrandOutcome = 'categorised' | 'unclear' | 'no_symptom';

export interface StrandDiagnosis {
  /** The clause as it appears in the complaint. */
  text: string;
  /** The categories assigned, most likely first; empty when the strand is unclear or names no symptom. */
  categories: CategoryId[];
  outcome: StrandOutcome;
  /** When unclear: the likely categories, best first, that the question tells apart. */
  candidates?: CategoryId[];
  /** When unclear: the question to ask the person who complained. */
  question?: string;
  /** The intervention of each category, joined with "; " (with the category's name when there are several). */
  intervention: string;
  /** The probability of the most likely assigned category (of the best guess when none is assigned). */
  confidence: number;
  /** The route of each category ("fine-tune", "retrieval", …), joined with " + ". */
  route: string;
  fine_tune: StrandFineTuneVerdict;
  /** Every category's probability, for inspection. */
  scores: Record<CategoryId, number>;
  /**
   * The offline classifier's chance that the strand names a symptom at all (its first stage): below 0.5 it
   * gets no category; from the model's unclear floor, with no category confident, it is unclear.
   */
  symptom?: number;
  plan: CategoryPlan[];
}

/** A strand fine-tuning cannot fix, with what trying would cost. */
export interface CannotFix {
  text: string;
  categories: CategoryId[];
  /** Why fine-tuning does not fix it, from the taxonomy. */
  reason: string;
  /** What to do instead: the intervention, and its short name ("retrieval"). */
  instead: string;
  route: string;
  cost: { training_spend: string; frozen_staleness: string; lost_flexibility: string; inability_to_delete: string };
}

export interface FineTuningVerdict {
  /** Strands fine-tuning can fix (behavior). */
  can_fix: string[];
  /** Strands where it fixes only part (domain skill). */
  partly: string[];
  cannot_fix: CannotFix[];
  /** One plain sentence for a ticket. */
  summary: string;
}

export interface Diagnosis {
  strands: StrandDiagnosis[];
  /** Every category of every strand, in taxonomy order. */
  categories: CategoryId[];
  /** The complaint proposes fine-tuning ("so let's fine-tune it"). */
  asks_for_fine_tuning: boolean;
  /** Clauses that prescribe rather than describe; not strands. */
  prescriptions: string[];
  /** What fine-tuning would and would not fix; present when the complaint asks for it. */
  fine_tuning?: FineTuningVerdict;
  /**
   * Present when no strand got a category: the complaint as a whole is unclear, and this is the question
   * to ask (from its most likely strand, or asking for an example when nothing was recognised).
   */
  unclear?: { question: string; candidates: CategoryId[] };
  /** Which classifier labelled the strands: the built-in one, or a language model (`llm:<provider:model>`). */
  model: 'offline' | `llm:${string}`;
}

/**
 * The shape of one taxonomy category: what people mean when they say "make the bot better", where that
 * thing lives, and the cheapest reversible fix for it. The categories themselves are data, in
 * `categories.ts`; this file is the contract every command (diagnose, audit, lint) reads them through.
 */

/**
 * Which side of the seam a category sits on.
 * - `behavior`: how the model responds; lives in weights (or a prompt, or an output constraint) and is
 *   changed by prompting or training.
 * - `knowledge`: what the model treats as true; lives in sources outside the weights and is retrieved or
 *   fetched per request.
 * - `control`: who may see or do what; lives in code and is enforced per request, never by the model.
 */
export type Side = 'behavior' | 'knowledge' | 'control';

/**
 * Where a category's truth is kept.
 * - `weights`: the model's parameters, changed by training.
 * - `prompt`: the system prompt, changed by an edit and a redeploy.
 * - `output_constraints`: a structured-output schema and a validator around the model call.
 * - `sources`: documents in the knowledge store, retrieved at answer time.
 * - `per_request_fetch`: a state connector called for every request (plan, order, balance).
 * - `code`: checks in the application (permissions), never decided by the model.
 * - `deletable_store`: a store whose rows can be forgotten one person at a time, with a receipt.
 */
export type Home =
  | 'weights'
  | 'prompt'
  | 'output_constraints'
  | 'sources'
  | 'per_request_fetch'
  | 'code'
  | 'deletable_store';

/**
 * Whether fine-tuning can fix a symptom of this category.
 * - `yes`: a behavior the weights can learn; train when it is stable, pervasive and measurable.
 * - `partly`: train the pattern-recognition part, retrieve the fact-lookup part.
 * - `no`: knowledge or control; training freezes it, and the fix lives outside the model.
 */
export type FineTuneVerdict = 'yes' | 'partly' | 'no';

/** How easily the recommended intervention is undone: `high` is an edit, `low` is a retraining cycle. */
export type ReversibilityRating = 'high' | 'medium' | 'low';

/**
 * What it costs to pick the wrong intervention for this category, along the four axes of the seam. `null`
 * on an axis means the wrong fix costs nothing there (a style fine-tune stores no deletable fact).
 */
export interface CostOfGettingItWrong {
  /** The tempting wrong intervention these costs belong to, e.g. "fine-tune the prices into the weights". */
  wrongFix: string;
  /** Money and engineering time spent on a training run and its evaluation. */
  trainingSpend: string;
  /** How long a wrong or outdated value stays in the answers once frozen into weights. */
  frozenStaleness: string | null;
  /** What becomes slow to change: an edit that turns into a training cycle. */
  lostFlexibility: string | null;
  /** Whether one fact, or one person's data, can still be removed on request. */
  inabilityToDelete: string | null;
}

export interface Category {
  /** Stable identifier used in JSON output and in labelled data; never renamed. */
  id: string;
  /** A short human label, e.g. "Current facts". */
  label: string;
  /** What the category is, as the BRIEF's table says it. */
  summary: string;
  /** Where its truth is kept, in the order to reach for them. */
  lives: readonly Home[];
  /** The same, in words, for output ("output constraints, then weights"). */
  livesText: string;
  side: Side;
  /** The recommended intervention, in one line. */
  intervention: string;
  /** Why that intervention and not another: the operational property that decides it. */
  why: string;
  /** How to check the fix worked: the measurement or the re-read. */
  verify: string;
  /** How to take the fix back if it was wrong. */
  undo: string;
  reversibility: { rating: ReversibilityRating; text: string };
  fineTune: { verdict: FineTuneVerdict; text: string };
  /** The short name of the route a plan prints, e.g. "fine-tune", "retrieval", "per-request fetch". */
  route: string;
  costOfGettingItWrong: CostOfGettingItWrong;
  /**
   * Words and phrases that signal the category in a complaint, lowercase. They are features of the offline
   * classifier (matched after the same tokenising and stemming as the complaint), not rules on their own, and
   * only those a training strand of the category contains are used.
   */
  cues: readonly string[];
}

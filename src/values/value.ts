/**
 * The value detector's specification: typed spans in text that can go stale or identify someone.
 * One detector serves `seam lint`, `seam audit` and the grounding check of `seam ask`.
 */

/** Values that are facts of the business and go stale: they belong in the knowledge store. */
export const factKinds = ['money', 'duration', 'date', 'percentage', 'version', 'url', 'ui_path', 'plan'] as const;
/** Values that belong to one customer's state: they belong in a per-request fetch. */
export const stateKinds = ['order_id', 'ticket_id', 'account_id', 'tracking_id'] as const;
/** Values that identify a person: they belong in a deletable store, never in weights. */
export const privateKinds = [
  'email',
  'phone',
  'person',
  'address',
  'username',
  'card',
  'iban',
  'ip',
  'national_id',
] as const;

export type FactKind = (typeof factKinds)[number];
export type StateKind = (typeof stateKinds)[number];
export type PrivateKind = (typeof privateKinds)[number];
export type ValueKind = FactKind | StateKind | PrivateKind;

export type ValueClass = 'fact' | 'state' | 'private';

export interface Value {
  kind: ValueKind;
  /** `fact`, `state` or `private`, derived from `kind`. */
  class: ValueClass;
  /** The text as it appears. */
  text: string;
  /** Character offsets in the input: `input.slice(start, end) === text`. */
  start: number;
  end: number;
  /**
   * A canonical form, equal across surface forms of the same value, so that values can be compared:
   * `30 days`, `thirty days`, `30-day` and `a month` → `duration:P30D`; `$8`, `$8.00`, `8 dollars` →
   * `money:USD:8.00`; `+1 (415) 555-0100` and `415-555-0100` → `phone:+14155550100`.
   */
  normalized: string;
  /**
   * Other canonical forms the same text may stand for (`a month` is 30 or 31 days; `1 year` is 12 months),
   * compared as well as `normalized`. Usually empty.
   */
  alternatives: string[];
}

export function classOf(kind: ValueKind): ValueClass {
  if ((factKinds as readonly string[]).includes(kind)) return 'fact';
  if ((stateKinds as readonly string[]).includes(kind)) return 'state';
  return 'private';
}

export interface DetectOptions {
  /** Only these classes (default: all). */
  classes?: readonly ValueClass[];
  /** Plan or tier names the business uses (from the knowledge store or config), matched as `plan` values. */
  planNames?: readonly string[];
  /**
   * The turn this text answers, in a conversation (the message before it). A short reply is read as the answer
   * to what that turn asks for: `cminh1982` after "what is your username?" is a username, `chloe zhang` after
   * "may I have your full name?" a person.
   */
  previous?: string;
}

export interface ValueDetector {
  detect(text: string, options?: DetectOptions): Value[];
}

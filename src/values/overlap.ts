import type { Candidate } from './candidate.js';
import type { ValueKind } from './value.js';

/**
 * Which candidate wins where two overlap. Checked and validated shapes come first (an email or a card number
 * cannot be anything else), context-keyed identifiers next, then the fact kinds, and the pattern-and-lexicon
 * kinds (address, person) last. Between equal ranks the longer span wins, then the earlier one.
 */
export const precedence: Record<ValueKind, number> = {
  email: 100,
  url: 95,
  card: 90,
  iban: 90,
  ip: 88,
  national_id: 85,
  order_id: 80,
  ticket_id: 80,
  account_id: 80,
  username: 80,
  tracking_id: 80,
  date: 75,
  money: 70,
  percentage: 70,
  phone: 65,
  duration: 60,
  version: 55,
  ui_path: 50,
  plan: 45,
  address: 40,
  person: 30,
};

/** Keeps a set of non-overlapping candidates, the best first; returns them in text order. */
export function resolveOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      precedence[b.kind] - precedence[a.kind] ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      a.normalized.localeCompare(b.normalized),
  );
  const taken = new Coverage(candidates);
  const kept: Candidate[] = [];
  for (const candidate of ranked) {
    if (taken.isFree(candidate)) {
      taken.take(candidate);
      kept.push(candidate);
    }
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Which characters of a text spans already cover: a check or a mark costs the span's length, so resolving the
 * overlaps of n candidates is linear in the text and the candidates, where comparing each with every kept one
 * took O(n²) (minutes on a 5 MB line).
 */
export class Coverage {
  private readonly covered: Uint8Array;

  /** Room for spans ending at most at the furthest end of `spans` (or at `length`). */
  constructor(spans: readonly { end: number }[], length = 0) {
    let furthest = length;
    for (const span of spans) if (span.end > furthest) furthest = span.end;
    this.covered = new Uint8Array(furthest);
  }

  isFree(span: { start: number; end: number }): boolean {
    for (let at = span.start; at < span.end; at++) if (this.covered[at] === 1) return false;
    return true;
  }

  take(span: { start: number; end: number }): void {
    this.covered.fill(1, span.start, span.end);
  }
}

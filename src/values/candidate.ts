import type { DetectOptions, ValueKind } from './value.js';

/** A value one recognizer found, before overlaps between recognizers are resolved. */
export interface Candidate {
  kind: ValueKind;
  start: number;
  end: number;
  normalized: string;
  alternatives?: string[];
}

/** One kind of value (or a family of kinds) found in text; pure, and safe to call on any string. */
export type Recognizer = (text: string, options: DetectOptions) => Candidate[];

/** Runs `pattern` (which must be global) over `text`, mapping each match to zero or one candidate. */
export function collect(
  text: string,
  pattern: RegExp,
  toCandidate: (match: RegExpExecArray) => Candidate | undefined,
): Candidate[] {
  const found: Candidate[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    const candidate = toCandidate(match);
    if (candidate !== undefined && candidate.end > candidate.start) found.push(candidate);
  }
  return found;
}

/** A sticky copy of `pattern` (same source and flags, `y` instead of `g`), for `collectAt`. */
export function sticky(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, `${pattern.flags.replace('g', '')}y`);
}

/**
 * `collect`, with the pattern tried only where a match can start: `nextStart(from)` returns the first position
 * at or after `from` where a match of the pattern might start (or -1 when there is none), and `pattern` (sticky,
 * see `sticky`) is tried there. The candidates are exactly those of `collect` with the global pattern, provided
 * `nextStart` skips no position where a match starts: the global search tries every position in turn and stops
 * at the first where the pattern matches, and the sticky pattern tried at a position makes the same attempt.
 * `nextStart` must not return a position inside a surrogate pair.
 */
export function collectAt(
  text: string,
  pattern: RegExp,
  nextStart: (from: number) => number,
  toCandidate: (match: RegExpExecArray) => Candidate | undefined,
): Candidate[] {
  const found: Candidate[] = [];
  let from = 0;
  for (let start = nextStart(from); start >= 0; start = nextStart(from)) {
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match === null || match[0].length === 0) {
      from = start + 1;
      continue;
    }
    from = start + match[0].length;
    const candidate = toCandidate(match);
    if (candidate !== undefined && candidate.end > candidate.start) found.push(candidate);
  }
  return found;
}

/** Start offset of capture group `group` in `match` (needs the `d` flag), or the match start. */
export function groupStart(match: RegExpExecArray, group: number): number {
  return match.indices?.[group]?.[0] ?? match.index;
}

/** End offset of capture group `group` in `match` (needs the `d` flag), or the match end. */
export function groupEnd(match: RegExpExecArray, group: number): number {
  return match.indices?.[group]?.[1] ?? match.index + match[0].length;
}

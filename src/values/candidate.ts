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

/** Start offset of capture group `group` in `match` (needs the `d` flag), or the match start. */
export function groupStart(match: RegExpExecArray, group: number): number {
  return match.indices?.[group]?.[0] ?? match.index;
}

/** End offset of capture group `group` in `match` (needs the `d` flag), or the match end. */
export function groupEnd(match: RegExpExecArray, group: number): number {
  return match.indices?.[group]?.[1] ?? match.index + match[0].length;
}

import { detectValues } from '../values/index.js';
import type { ForgetValue } from './forget-value.js';

/** Where a forgotten value appears in a text, and which of the values it is. */
export interface ValueSpan {
  start: number;
  end: number;
  /** Index in the matcher's values. */
  value: number;
}

export const placeholder = '[redacted]';

const digitRun = /\+?\(?\d[\d \t().\-/]*\d/g;

/**
 * Finds forgotten values in text: each value's literal patterns (a person's title just before a name is
 * part of the span; a title and the last name alone count too), its digits in any format, and (with
 * `detector`) every value the shared detector finds whose canonical form is one of the value's. A text
 * holding none of a value's anchors is not searched for it. Spans come sorted and merged.
 */
export function findValues(text: string, values: readonly ForgetValue[], options: { detector: boolean }): ValueSpan[] {
  const spans: ValueSpan[] = [];
  let lower: string | undefined;
  let digitsOnly: string | undefined;
  const holdsAnchor = (value: ForgetValue): boolean => {
    if (value.anchors === undefined || (value.anchors.length === 0 && value.digits.length === 0)) return true;
    lower ??= text.toLowerCase();
    if (value.anchors.some((anchor) => (lower as string).includes(anchor))) return true;
    if (value.digits.length === 0) return false;
    digitsOnly ??= text.replace(/\D+/g, '');
    return value.digits.some((digits) => (digitsOnly as string).includes(digits));
  };
  let anchored = false;
  values.forEach((value, index) => {
    if (!holdsAnchor(value)) return;
    anchored = true;
    for (const pattern of value.patterns) {
      for (const match of text.matchAll(pattern)) {
        const start = match.index - titleBefore(text, match.index);
        spans.push({ start, end: match.index + match[0].length, value: index });
      }
    }
    for (const pattern of value.titled) {
      for (const match of text.matchAll(pattern)) {
        const title = titleBefore(text, match.index);
        if (title > 0) spans.push({ start: match.index - title, end: match.index + match[0].length, value: index });
      }
    }
    if (value.digits.length > 0) spans.push(...digitSpans(text, value.digits, index));
  });
  if (options.detector && anchored && values.some((value) => value.kind !== 'text' && value.kind !== 'subject')) {
    for (const found of detectValues(text, { classes: ['private'] })) {
      const forms = [found.normalized, ...found.alternatives];
      const index = values.findIndex((value) => value.forms.some((form) => forms.includes(form)));
      if (index >= 0) spans.push({ start: found.start, end: found.end, value: index });
    }
  }
  return merge(spans);
}

const title = /(?:^|[^\p{L}\p{N}])((?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|mister)\.?\s+)$/iu;

/** The length of a title (`Ms. `, `dr `) right before `index`, or 0. */
function titleBefore(text: string, index: number): number {
  const match = title.exec(text.slice(Math.max(0, index - 12), index));
  return match?.[1]?.length ?? 0;
}

/** The text with every span replaced by the placeholder, or `undefined` when it holds none. */
export function redactValues(text: string, values: readonly ForgetValue[]): string | undefined {
  const spans = findValues(text, values, { detector: true });
  if (spans.length === 0) return undefined;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + placeholder;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Runs of digits and phone punctuation holding one of `targets`, bounded by non-digits, in any format. */
function digitSpans(text: string, targets: readonly string[], value: number): ValueSpan[] {
  const spans: ValueSpan[] = [];
  digitRun.lastIndex = 0;
  for (let match = digitRun.exec(text); match !== null; match = digitRun.exec(text)) {
    const positions: number[] = [];
    for (let offset = 0; offset < match[0].length; offset++) {
      const code = match[0].charCodeAt(offset);
      if (code >= 48 && code <= 57) positions.push(match.index + offset);
    }
    const digits = positions.map((position) => text[position]).join('');
    for (const target of targets) {
      for (let from = digits.indexOf(target); from >= 0; from = digits.indexOf(target, from + 1)) {
        const first = positions[from] as number;
        const last = positions[from + target.length - 1] as number;
        // Bounded: not the middle of a longer number written without separators.
        if (isDigit(text, first - 1) || isDigit(text, last + 1)) continue;
        const start = text[first - 1] === '+' || text[first - 1] === '(' ? first - 1 : first;
        spans.push({ start, end: text[last + 1] === ')' ? last + 2 : last + 1, value });
      }
    }
  }
  return spans;
}

function isDigit(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

function merge(spans: ValueSpan[]): ValueSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: ValueSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

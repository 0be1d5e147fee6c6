import type { Value, ValueDetector } from '../values/value.js';
import { bestMatch, formsOf, type StatedValue } from './fact-index.js';

/**
 * Minimal grounding: the sentences of a document's current version that state the values an example is grounded
 * in, never a whole section. A sentence is found by value, not by text: the one whose value has the target's
 * form (`thirty days` finds "within 30 days") and whose words agree most with the words around the target.
 */

/** A document's current version, as the fact index keeps it. */
export interface Passage {
  version: number;
  title: string;
  body: string;
}

/** A sentence that states a value, with the document version it comes from. */
export interface StatingSentence {
  id: string;
  version: number;
  text: string;
  /** The value it states, as written there (for a superseded value: what the document says now). */
  value: string;
}

/** What to ground: a value of the target, and the words around it. */
export interface GroundingRequest {
  id: string;
  /** The forms of the target's value (frozen: the sentence states the same value). */
  forms?: readonly string[] | undefined;
  /** The kind of value to find instead (superseded: the sentence states today's value of this kind). */
  replacing?: { kind: Value['kind']; forms: readonly string[]; now: readonly string[] } | undefined;
  near: { text: string; value: string };
}

/** The mark that starts a list item, heading, quote or table row. */
const blockStart = /^[ \t]*(?:[-*+>|]|\d+[.)]|#+)[ \t]+/;

/** Longest sentence inserted whole; a longer one is cut to a window around the value. */
const maxSentence = 320;

export class SentenceFinder {
  private readonly values = new Map<string, Value[]>();

  constructor(
    private readonly passages: ReadonlyMap<string, Passage>,
    private readonly detector: ValueDetector,
  ) {}

  /** The sentence of the document's current version that states the requested value, if it states one. */
  find(request: GroundingRequest): StatingSentence | undefined {
    const passage = this.passages.get(request.id);
    if (!passage) return undefined;
    const stated = this.valuesOf(request.id, passage.body).filter((value) => {
      const forms = formsOf(value);
      if (request.replacing) {
        return value.kind === request.replacing.kind && !forms.some((form) => request.replacing?.forms.includes(form));
      }
      return forms.some((form) => request.forms?.includes(form));
    });
    const candidates: (StatedValue & { at: Value })[] = stated.map((value) => ({
      id: request.id,
      version: passage.version,
      title: passage.title,
      text: value.text,
      context: sentenceAround(passage.body, value),
      at: value,
    }));
    // Today's value in place of a superseded one is the one stated in the same setting, or the only one the
    // document states instead; the same value falls back to its first statement (the finding links it here).
    const best =
      bestMatch(candidates, request.near) ?? (request.replacing ? onlyNow(candidates, request) : candidates[0]);
    if (!best) return undefined;
    return { id: request.id, version: passage.version, text: best.context, value: best.at.text };
  }

  private valuesOf(id: string, body: string): Value[] {
    let values = this.values.get(id);
    if (!values) {
      values = this.detector.detect(body, { classes: ['fact'] });
      this.values.set(id, values);
    }
    return values;
  }
}

/**
 * The sentence around a value: back to the end of the previous sentence or line, on to the end of this one,
 * without list or heading marks; cut to a window around the value (at spaces) when it is very long.
 */
export function sentenceAround(body: string, value: Pick<Value, 'start' | 'end'>): string {
  let start = value.start;
  while (start > 0 && !endsSentence(body, start - 1)) start--;
  let end = value.end;
  while (end < body.length && !endsSentence(body, end)) end++;
  if (end < body.length && body[end] !== '\n') end++;
  if (end - start > maxSentence) {
    const from = Math.max(start, body.lastIndexOf(' ', Math.max(start, value.start - maxSentence / 2)));
    const to = body.indexOf(' ', Math.min(end, value.end + maxSentence / 2));
    const until = to < 0 || to > end ? end : to;
    return `${from > start ? '…' : ''}${body.slice(from, until).trim()}${until < end ? '…' : ''}`;
  }
  return body
    .slice(start, end)
    .replace(blockStart, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether the character at `index` ends a sentence: `.`, `!`, `?` before a space or the end, or a line break that
 * ends a paragraph or comes before a list item, heading, quote or table row (a wrapped line goes on).
 */
function endsSentence(text: string, index: number): boolean {
  const character = text[index];
  if (character === '\n') {
    return text[index + 1] === '\n' || text[index - 1] === '\n' || blockStart.test(text.slice(index + 1, index + 12));
  }
  if (character !== '.' && character !== '!' && character !== '?') return false;
  const next = text[index + 1];
  return next === undefined || /\s/.test(next);
}

/**
 * The reference block for an example: one line per document, its sentences in the order first needed, each once.
 * `Reference (refund-policy@3): Unopened bags can be returned within 30 days of delivery.`
 */
export function referenceBlock(sentences: readonly StatingSentence[]): string {
  const byDocument = new Map<string, { version: number; texts: string[] }>();
  for (const sentence of sentences) {
    const entry = byDocument.get(sentence.id) ?? { version: sentence.version, texts: [] };
    if (!entry.texts.includes(sentence.text)) entry.texts.push(sentence.text);
    byDocument.set(sentence.id, entry);
  }
  return [...byDocument]
    .map(([id, { version, texts }]) => `Reference (${id}@${version}): ${texts.map(withStop).join(' ')}`)
    .join('\n');
}

function withStop(text: string): string {
  return /[.!?…:]$/.test(text) ? text : `${text}.`;
}

function onlyNow<T extends { text: string }>(candidates: readonly T[], request: GroundingRequest): T | undefined {
  const now = request.replacing?.now ?? [];
  return now.length === 1 ? candidates.find((candidate) => candidate.text === now[0]) : undefined;
}

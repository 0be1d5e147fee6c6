import type { Candidate } from '../candidate.js';
import type { Lexicon } from '../lexicon.js';
import type { Token } from '../tokens.js';
import { nameRanges, type PersonTag, personModel, tagTokens } from './tagger.js';

/**
 * The names the trained tagger finds in `tokens`, as person candidates (normalized as person.ts does), or none
 * when no model is built. A name never crosses a sentence end, a line break or a comma: the tagger's tokens are
 * words, so a range is cut where a token starts a sentence or where more than spaces lie between two of them.
 */
export function modelPeople(text: string, tokens: readonly Token[], tags: readonly PersonTag[]): Candidate[] {
  const found: Candidate[] = [];
  for (const [from, to] of nameRanges(tags)) {
    // A sentence end cuts a range, and the words after it are left (they are the next sentence's opener). Between
    // two words of a name there are only spaces, or a period after an initial (`J. Okafor`): a comma or a dash
    // separates two names (`A, B`), each its own.
    let start = from;
    for (let last = from; last <= to; last += 1) {
      const next = tokens[last + 1];
      const ends = last === to || (next?.sentenceStart ?? true);
      if (!ends && joined(text, tokens[last], next)) continue;
      const first = tokens[start];
      const end = tokens[last];
      if (first !== undefined && end !== undefined) {
        const name = text.slice(first.start, end.end).toLowerCase().replace(/\s+/g, ' ');
        found.push({ kind: 'person', start: first.start, end: end.end, normalized: `person:${name}` });
      }
      if (ends) break;
      start = last + 1;
    }
  }
  return found;
}

/** The tagger's tag for every token, or `undefined` when no model is built. */
export function modelTags(tokens: readonly Token[], list: Lexicon): PersonTag[] | undefined {
  const model = personModel();
  return model === null ? undefined : tagTokens(model, tokens, list);
}

function joined(text: string, left: Token | undefined, right: Token | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  const between = text.slice(left.end, right.start);
  return /^ {1,2}$/.test(between) || (left.end - left.start === 1 && /^ ?\. ?$/.test(between));
}

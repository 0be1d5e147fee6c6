import type { Candidate } from '../candidate.js';
import type { Lexicon } from '../lexicon.js';
import type { Token } from '../tokens.js';
import { nameRanges, type PersonTag, personModel, tagTokens } from './tagger.js';

/**
 * The names the trained tagger finds in `tokens`, as person candidates (normalized as person.ts does), or none
 * when no model is built. A name never crosses a sentence end or a line break: the tagger's tokens are words, so
 * a range is cut where a token starts a sentence.
 */
export function modelPeople(text: string, tokens: readonly Token[], tags: readonly PersonTag[]): Candidate[] {
  const found: Candidate[] = [];
  for (const [from, to] of nameRanges(tags)) {
    let last = from;
    while (last < to && !(tokens[last + 1]?.sentenceStart ?? true)) last += 1;
    const first = tokens[from];
    const end = tokens[last];
    if (first === undefined || end === undefined) continue;
    const name = text.slice(first.start, end.end).toLowerCase().replace(/\s+/g, ' ');
    found.push({ kind: 'person', start: first.start, end: end.end, normalized: `person:${name}` });
  }
  return found;
}

/** The tagger's tag for every token, or `undefined` when no model is built. */
export function modelTags(tokens: readonly Token[], list: Lexicon): PersonTag[] | undefined {
  const model = personModel();
  return model === null ? undefined : tagTokens(model, tokens, list);
}

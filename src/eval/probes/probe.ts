import { type Chunk, chunkMarkdown } from '../../documents/chunk-markdown.js';
import type { DocumentVersion } from '../../store/knowledge-store.js';
import type { ValueDetector } from '../../values/value.js';
import type { EvalCase } from '../eval-case.js';
import type { ClauseTagger } from './statement-question.js';
import type { StoreView } from './store-view.js';

/** What every probe generator receives: the store read once, the shared value detector, a tagger, a cap. */
export interface ProbeContext {
  view: StoreView;
  detector: ValueDetector;
  tagger: ClauseTagger;
  /** At most this many cases per kind (the first ones in document order). */
  limit: number;
}

/**
 * The passage a probe is about: the document version and the statement (plain text) that answers it.
 * A probe is kept only when this passage is among the passages `seam ask` would retrieve for its
 * question (see `keepRetrievable`): as the probe's own asker, or, for a permission probe (whose asker
 * may not read it by design), as the operator, to show the question does reach the restricted passage.
 */
export interface ProbeTarget {
  id: string;
  version: number;
  statement: string;
  reader: 'asker' | 'operator';
}

/** A generated case and the passage it is about. */
export interface Probe extends EvalCase {
  target?: ProbeTarget | undefined;
}

/** Generated cases, and what the generator could not cover (shown to the user). */
export interface ProbeSet {
  cases: Probe[];
  notes: string[];
}

export type ProbeGenerator = (context: ProbeContext) => ProbeSet;

/** A version's sections: each chunk with the heading it sits under (the title when none). */
export function sections(version: Pick<DocumentVersion, 'body' | 'title'>): (Chunk & { heading: string })[] {
  return chunkMarkdown(version.body).map((chunk) => ({
    ...chunk,
    heading: chunk.headingPath.at(-1) ?? version.title,
  }));
}

/** A question a customer would ask about a section, without quoting anything it holds. */
export function askAbout(heading: string): string {
  return `What can you tell me about ${lowerFirst(heading)}?`;
}

export function lowerFirst(text: string): string {
  // "Refund window" reads as "refund window"; a name ("Daily Grind") keeps its capitals.
  return /^\p{Lu}\p{Ll}*(\s+[^\p{Lu}\s]\S*)*$/u.test(text) ? `${text[0]?.toLowerCase()}${text.slice(1)}` : text;
}

/** `refund-policy`, `Refund window` → `refund-policy/refund-window`. */
export function slug(...parts: string[]): string {
  return parts
    .map((part) =>
      part
        .toLowerCase()
        .replace(/[^a-z0-9/]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean)
    .join(':');
}

/** The first sentence of a text, flattened, at most `max` characters (cut at a word). */
export function firstSentence(text: string, max = 80): string {
  const flat = text
    .replace(/[*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  return cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : max);
}

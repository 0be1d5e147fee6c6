import { type Chunk, chunkMarkdown } from '../../documents/chunk-markdown.js';
import type { DocumentVersion } from '../../store/knowledge-store.js';
import type { ValueDetector } from '../../values/value.js';
import type { EvalCase } from '../eval-case.js';
import type { StoreView } from './store-view.js';

/** What every probe generator receives: the store read once, the shared value detector, a cap. */
export interface ProbeContext {
  view: StoreView;
  detector: ValueDetector;
  /** At most this many cases per kind (the first ones in document order). */
  limit: number;
}

/** Generated cases, and what the generator could not cover (shown to the user). */
export interface ProbeSet {
  cases: EvalCase[];
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

import { createRequire } from 'node:module';
import type nlp from 'compromise';

export type Compromise = typeof nlp;

let loaded: Compromise | undefined;

/**
 * compromise (an English part-of-speech tagger with its lexicon), loaded on first use: building its lexicon
 * costs about half a second of CPU, which commands that never read English (`seam kb list`, `seam token`)
 * should not pay. Its CommonJS build, so that synchronous callers (the private-data detector) can load it
 * too, and one instance per process whoever asks first.
 */
export function compromise(): Compromise {
  loaded ??= createRequire(import.meta.url)('compromise') as Compromise;
  return loaded;
}

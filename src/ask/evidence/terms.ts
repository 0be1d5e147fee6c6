/**
 * Content words for matching a question against sentences: lowercase, function words dropped, and a
 * light suffix-stripping stemmer so that `returns`, `returned` and `return`, or `handle` and
 * `handling`, compare equal. Deterministic, and only ever compared with itself.
 */

const stopwords = new Set(
  `a about after again all also am an and any are as at be been before being both but by can could did do does
doing done for from get gets got had has have having he her here hers him his how i if in into is it its just
let like may me might mine more most must my myself no nor not now of off on once only or other our ours out over
please same she should so some such than thank thanks that the their theirs them then there these they this those
through to too under until up us very want was we were what when where which while who whom whose why will with
would yes yet you your yours yourself hi hello hey tell know need one much many per`.split(/\s+/),
);

export function isStopword(word: string): boolean {
  return stopwords.has(word.toLowerCase());
}

/** The matching key of a word. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (/([^aeiou\d])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && /[ey]$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** The words of a text as typed (letters and digits), in order. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

/** Distinct stemmed content words. */
export function contentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const word of words(text)) {
    const bare = word.toLowerCase().replace(/'s$/, '');
    if (bare.length < 2 || isStopword(bare)) continue;
    terms.add(stem(bare));
  }
  return [...terms];
}

/** The question's content words as typed, for the full-text query (the store stems them itself). */
export function queryWords(question: string): string {
  const kept = words(question).filter((word) => word.length > 1 && !isStopword(word.replace(/'s$/i, '')));
  return kept.length > 0 ? kept.join(' ') : question;
}

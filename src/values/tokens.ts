/** Word tokens with offsets, for the recognizers that reason about capitalised words (names, addresses). */

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Starts with an upper-case letter. */
  capitalised: boolean;
  /** First word of the text, of a sentence or of a line. */
  sentenceStart: boolean;
}

const wordPattern = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’-](?![sS]\b)[\p{L}\p{M}\p{N}]+)*/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  wordPattern.lastIndex = 0;
  for (let match = wordPattern.exec(text); match !== null; match = wordPattern.exec(text)) {
    const between = text.slice(previousEnd, match.index);
    const sentenceStart = tokens.length === 0 || /[.!?\n]\W*$/u.test(between) || /\n/.test(between);
    const first = match[0].charAt(0);
    tokens.push({
      text: match[0],
      lower: match[0].toLowerCase(),
      start: match.index,
      end: match.index + match[0].length,
      capitalised: first !== first.toLowerCase(),
      sentenceStart,
    });
    previousEnd = match.index + match[0].length;
  }
  return tokens;
}

/** Text between two tokens is only spaces (and at most one period, as after an initial or `Dr`). */
export function adjacent(text: string, left: Token, right: Token): boolean {
  return /^\.? {1,2}$/.test(text.slice(left.end, right.start));
}

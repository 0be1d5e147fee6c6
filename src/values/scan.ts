/**
 * Where matches can start, for `collectAt` (see candidate.ts): cheap character scans that let a recognizer try
 * its pattern at a few positions instead of at every position of the text.
 */

/** `[A-Za-z]`. */
export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** `\w` of a pattern without the `u` flag, or with `u` and without `i`: `[A-Za-z0-9_]`. */
export function isWordCharacter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 95;
}

/** An ASCII character that `\s` matches: space, tab, line feed, vertical tab, form feed, carriage return. */
export function isAsciiSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/**
 * A table of the ASCII letters that keywords start with, in either case, for `wordStart`. Pieces of
 * a split pattern that do not start with a letter (`MacBook(?: Air| Pro)?` splits into `MacBook(?: Air` and
 * ` Pro)?`) add nothing: only the first piece of an alternative starts a match.
 */
export function firstLetters(keywords: readonly string[]): Uint8Array {
  const table = new Uint8Array(128);
  for (const keyword of keywords) {
    const code = keyword.charCodeAt(0);
    if (isAsciiLetter(code)) {
      table[code | 0x20] = 1;
      table[code & ~0x20] = 1;
    }
  }
  return table;
}

const digitRun = /\d+/g;

/**
 * Each match of `anchors` (global) in `text`, with the stretch before it of characters that
 * `between(text, index)` accepts: flat pairs `[stretchStart, anchorStart, …]`, in order.
 */
export function stretchesBefore(
  text: string,
  anchors: RegExp,
  between: (text: string, index: number) => boolean,
): number[] {
  const pairs: number[] = [];
  let previousStretch = 0;
  let previousAnchor = 0;
  anchors.lastIndex = 0;
  for (let anchor = anchors.exec(text); anchor !== null; anchor = anchors.exec(text)) {
    let stretch = anchor.index;
    while (stretch > previousAnchor && between(text, stretch - 1)) stretch -= 1;
    // Everything back to the previous anchor is accepted: the stretch is that anchor's (each character is looked
    // at once, however many anchors share a stretch).
    if (stretch === previousAnchor && pairs.length > 0) stretch = previousStretch;
    pairs.push(stretch, anchor.index);
    previousStretch = stretch;
    previousAnchor = anchor.index;
    if (anchor[0].length === 0) anchors.lastIndex += 1;
  }
  return pairs;
}

/** `stretchesBefore` the runs of digits; `between` must reject the ASCII digits. */
export function stretchesBeforeDigits(text: string, between: (text: string, index: number) => boolean): number[] {
  return stretchesBefore(text, digitRun, between);
}

/**
 * A start test for `startsInStretches`: an ASCII character that `starts` marks (see `firstLetters`), at a word
 * boundary: the character before it is not `[A-Za-z0-9_]`, as for `\b` before a letter or digit in a pattern
 * without `u` or without `i`, or after a lookbehind that excludes `\w`.
 */
export function wordStart(starts: Uint8Array): (text: string, index: number) => boolean {
  return (text, index) => {
    const code = text.charCodeAt(index);
    return code < 128 && starts[code] === 1 && (index === 0 || !isWordCharacter(text.charCodeAt(index - 1)));
  };
}

/**
 * For `collectAt`: the first position at or after `from` where a match might start, for patterns whose matches
 * all start where `mayStart` says one can, and reach an anchor (of `stretches`, from `stretchesBefore`) through
 * characters that its `between` accepts only: `between` must accept every character that can come between the
 * start of a match and its anchor (the callers accept every non-ASCII character, and judge ASCII only).
 *
 * Such a match starts after the last character before its anchor that `between` rejects, so the starts lie in
 * the stretch of accepted characters just before an anchor: for each anchor after `from`, the positions in that
 * stretch that `mayStart` accepts, in order. `mayStart` must reject the second half of a surrogate pair. `from`
 * must not decrease from one call to the next (as in `collectAt`); each position is looked at once.
 */
export function startsInStretches(
  text: string,
  stretches: readonly number[],
  mayStart: (text: string, index: number) => boolean,
): (from: number) => number {
  let pair = 0;
  // Positions before `scanned` have been looked at (stretches of nearby anchors overlap): none is a start, or
  // it was returned and `from` is past it.
  let scanned = 0;
  return (from) => {
    for (; pair < stretches.length; pair += 2) {
      const anchor = stretches[pair + 1] ?? 0;
      if (anchor <= from) continue;
      for (let start = Math.max(from, scanned, stretches[pair] ?? 0); start < anchor; start += 1) {
        if (mayStart(text, start)) {
          scanned = start;
          return start;
        }
      }
      scanned = Math.max(scanned, anchor);
    }
    return -1;
  };
}

/**
 * A predicate over the ASCII letters of a text that judges each run of letters once: `judge(text, start, end)`
 * decides for the whole run (`end` exclusive) the first time one of its letters is asked about. A run longer than
 * `longRun` letters is let through unjudged, since such a run costs the judge more than it saves (the pattern then
 * decides). A new predicate for each text: it remembers the last run it judged.
 */
export function letterRuns(
  judge: (text: string, start: number, end: number) => boolean,
  longRun = 40,
): (text: string, index: number) => boolean {
  let runStart = 0;
  let runEnd = 0;
  let runAllowed = false;
  return (text, index) => {
    if (index < runStart || index >= runEnd) {
      runStart = index;
      while (runStart > 0 && isAsciiLetter(text.charCodeAt(runStart - 1))) runStart -= 1;
      runEnd = index + 1;
      while (runEnd < text.length && isAsciiLetter(text.charCodeAt(runEnd))) runEnd += 1;
      runAllowed = runEnd - runStart > longRun || judge(text, runStart, runEnd);
    }
    return runAllowed;
  };
}

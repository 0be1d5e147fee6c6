/**
 * Extends an address anchor over the parts that follow it, on the same line after a comma or on the next
 * lines: a unit (`Apt. 977`, `Suite 616`), a city or country in capitals (`Porto Velho`, `Costa Rica 85226`,
 * `KIRKWALL`), a region code (`SK`, `CO`), a postcode (`95522`, `SW1A 1AA`, `K1A 0B6`), or — on its own
 * short line — a lower-case place (`polapit tamar`). Stops at the first part that is none of these, so
 * the sentence after an address is not taken in.
 */

const unit =
  '(?:apt|apartment|suite|ste|unit|floor|fl|room|rm|bldg|building|flat|lot|box)\\.?\\s*#?\\s*[\\w-]*\\d[\\w-]*';
const postcode = '(?:\\d{5}-\\d{4}|\\d{4,6}|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}|[A-Z]\\d[A-Z] ?\\d[A-Z]\\d)';
const capitalWord = "\\p{Lu}[\\p{L}'’.-]*";
const joiner = '(?:de|la|le|del|della|di|da|du|des|u|an|am|sur|en|im|op|aan|upon|on)';
const place = `${capitalWord}(?:[ -](?:${capitalWord}|${joiner}(?= \\p{Lu})|[A-Z]\\b)){0,3}`;
/** Each piece, and whether it is one that only an address has (a unit or a postcode). */
const pieces: Array<[RegExp, boolean]> = [
  [new RegExp(`^${unit}`, 'iu'), true],
  [new RegExp(`^${place},?\\s+${postcode}(?![\\w-])`, 'u'), true],
  [new RegExp(`^${place}(?=\\s*(?:,|\\n|$|\\.(?:\\s|$)))`, 'u'), false],
  [new RegExp(`^${postcode}(?![\\w-])`, 'u'), true],
  [new RegExp(`^[A-Z]{2}(?:\\s+${postcode})?(?=\\s*(?:,|\\n|$))`, 'u'), false],
];
// A short line of lower-case words without function words: allowed only on its own line.
const lowerLine = /^[\p{Ll}][\p{Ll}'-]*(?: [\p{Ll}][\p{Ll}'-]*){0,2}(?: \d{4,6})?(?=[ \t]*(?:\n|$))/u;
const functionWords =
  /\b(?:the|a|an|and|or|is|are|was|i|you|we|it|to|of|in|on|for|my|your|please|thanks?|call|email|phone)\b/;
const separator =
  /^(?:\s*,\s*(?:[>•*·]\s*)?|[ \t]*(?:\n[ \t]*){1,3}[>•*·]?[ \t]*|[ \t]+(?=(?:apt|apartment|suite|ste|unit|floor|fl|room|box)\b))/i;

export interface Extension {
  end: number;
  /** How many parts were taken in, and whether one of them is a unit or a postcode. */
  pieces: number;
  distinctive: boolean;
}

/** Where the address that starts before `end` ends, once the parts that follow it are taken in. */
export function extendAddress(text: string, end: number): Extension {
  let current = end;
  let pieceCount = 0;
  let distinctive = false;
  for (let taken = 0; taken < 6; taken += 1) {
    const rest = text.slice(current, current + 160);
    const gap = separator.exec(rest);
    if (gap === null) break;
    const after = rest.slice(gap[0].length);
    const onOwnLine = gap[0].includes('\n');
    let piece: string | undefined;
    for (const [pattern, only] of pieces) {
      const found = pattern.exec(after);
      if (found !== null && found[0].length > 0) {
        piece = found[0];
        distinctive ||= only;
        break;
      }
    }
    if (piece === undefined && onOwnLine) {
      const lower = lowerLine.exec(after);
      if (lower !== null && !functionWords.test(lower[0])) piece = lower[0];
    }
    if (piece === undefined) break;
    current += gap[0].length + piece.replace(/[\s.]+$/, '').length;
    pieceCount += 1;
  }
  return { end: current, pieces: pieceCount, distinctive };
}

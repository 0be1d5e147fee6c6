/**
 * Markdown nests by line prefixes: `>` for quotes, `-`, `*`, `+` or `1.` for list items, and indentation.
 * The markdown lexer re-reads a nested block once per level, recursively, so 3,000 nested `>` overflow
 * its stack and a few hundred levels make a document take seconds per megabyte. Seam caps the prefix:
 * a line whose nesting prefix is longer than `maxNestingPrefix` characters keeps only that many, and the
 * rest of the line is read as text at that depth. The stored document is unchanged; only its chunking
 * sees the capped text. Real documents rarely nest past a dozen levels.
 */
export const maxNestingPrefix = 32;

export interface CappedMarkdown {
  /** The markdown with every nesting prefix cut to at most `maxNestingPrefix` characters. */
  text: string;
  /** How many lines were cut, and the first one (1-based), for a warning. */
  cappedLines: number;
  firstCappedLine: number | undefined;
}

/** Cut nesting prefixes longer than `maxPrefix` characters. Linear in the length of the text. */
export function capMarkdownNesting(markdown: string, maxPrefix = maxNestingPrefix): CappedMarkdown {
  let cappedLines = 0;
  let firstCappedLine: number | undefined;
  let lineNumber = 0;
  const lines = markdown.split('\n').map((line) => {
    lineNumber++;
    const end = prefixEnd(line);
    if (end <= maxPrefix) return line;
    cappedLines++;
    firstCappedLine ??= lineNumber;
    return `${line.slice(0, maxPrefix).trimEnd()} ${line.slice(end)}`;
  });
  return { text: cappedLines === 0 ? markdown : lines.join('\n'), cappedLines, firstCappedLine };
}

/** Where a line's nesting prefix (whitespace, `>`, and list markers followed by a space) ends. */
function prefixEnd(line: string): number {
  let index = 0;
  while (index < line.length) {
    const character = line[index];
    if (character === ' ' || character === '\t' || character === '>') {
      index++;
      continue;
    }
    const marker = listMarkerLength(line, index);
    if (marker === 0) break;
    index += marker;
  }
  return index;
}

/** The length of a list marker (`- `, `* `, `+ `, `12. `, `3) `) at `index`, or 0. */
function listMarkerLength(line: string, index: number): number {
  const character = line[index];
  let end = index;
  if (character === '-' || character === '*' || character === '+') end = index + 1;
  else {
    while (end < line.length && end - index < 9 && isDigit(line[end])) end++;
    if (end === index || (line[end] !== '.' && line[end] !== ')')) return 0;
    end++;
  }
  const next = line[end];
  return next === ' ' || next === '\t' ? end + 1 - index : 0;
}

function isDigit(character: string | undefined): boolean {
  return character !== undefined && character >= '0' && character <= '9';
}

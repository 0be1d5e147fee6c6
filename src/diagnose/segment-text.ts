/**
 * Cutting a complaint into bounded pieces before the splitter tags it. The tagger (compromise) and the
 * clause rules look across a whole sentence, which costs more than linear time in its length; a run-on
 * "sentence" of many kilobytes took minutes. Pieces of at most `maxSegmentCharacters` keep the total
 * linear in the complaint's length. Each piece ends at a sentence end when one is near, else at a
 * semicolon, colon or comma, else at a space; a real complaint's sentences are far shorter, so it is never
 * cut anywhere a sentence does not already end.
 */
export const maxSegmentCharacters = 1_500;

/** A piece of the text and where it starts in it. */
export interface Segment {
  text: string;
  start: number;
}

const sentenceEnd = /[.!?]["”'’)]*\s+|\n\s*\n/g;
const clauseEnd = /[;:,]\s+|\s[-–—]\s/g;

export function segmentText(text: string, maxLength: number = maxSegmentCharacters): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  while (text.length - start > maxLength) {
    const window = text.slice(start, start + maxLength);
    const end = lastCut(window, sentenceEnd) ?? lastCut(window, clauseEnd) ?? lastSpace(window) ?? maxLength;
    segments.push({ text: text.slice(start, start + end), start });
    start += end;
  }
  if (start < text.length) segments.push({ text: text.slice(start), start });
  return segments;
}

/** The end of the last match in the second half of the window (so pieces are never tiny). */
function lastCut(window: string, pattern: RegExp): number | undefined {
  let cut: number | undefined;
  for (const match of window.matchAll(pattern)) {
    const end = match.index + match[0].length;
    if (end >= window.length / 2 && end < window.length) cut = end;
  }
  return cut;
}

function lastSpace(window: string): number | undefined {
  const index = window.lastIndexOf(' ');
  return index >= window.length / 2 ? index + 1 : undefined;
}

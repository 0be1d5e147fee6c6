// How a strand is written out: the clause as it appears, without the glue around it.

/** Leading conjunctions and fillers, trailing punctuation, unpaired or enclosing quotes and extra space removed. */
export function normalizeStrand(text: string): string {
  let strand = trimEnds(text.replace(/\s+/g, ' '));
  const quotes = strand.match(/["“”]/g)?.length ?? 0;
  if (quotes === 2 && /^["“]/.test(strand) && /["”]$/.test(strand)) strand = trimEnds(strand.slice(1, -1));
  else if (quotes % 2 === 1) strand = trimEnds(strand.replace(/^["“]|["”]$/, ''));
  return strand;
}

const leadingFillers =
  /^(?:(?:and|but|also|plus|so|then|yet|oh|because|while|whereas|or|on top of that|in addition|additionally|finally|lastly|besides|worse|and worse|even worse|honestly)\b[\s,]*)+/i;

function trimEnds(text: string): string {
  return text
    .replace(/^[\s,;:.\-–—(]+/, '')
    .replace(leadingFillers, '')
    .replace(/[\s,;:.!?\-–—)]+$/, '')
    .trim();
}

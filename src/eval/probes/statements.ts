/**
 * What a document says, one statement at a time: each list item and each sentence of a paragraph, as
 * plain text (markup, list markers and link targets removed). Probe questions are built from these,
 * never from headings: on a knowledge base written by someone else a heading is often an action name
 * ("Offer Refund"), while the sentence under it states the value and the words a customer would use.
 */

export interface Statement {
  /** Plain text: emphasis, code marks, link targets and list markers removed, spaces collapsed. */
  text: string;
  /** The list item this one is nested under (its plain text), if any. */
  parent: string | undefined;
  /** The heading it sits under, if any. */
  heading: string | undefined;
}

const listItem = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/;
const fence = /^\s*(```|~~~)/;
const sentenceEnd = /(?<=[.!?])\s+(?=["“(]?[\p{Lu}\p{N}$€£])/u;

/** The statements of a markdown body, in reading order (headings, code and front matter left out). */
export function statementsOf(markdown: string): Statement[] {
  const statements: Statement[] = [];
  const parents: { indent: number; text: string }[] = [];
  let paragraph: string[] = [];
  let inFence = false;
  let heading: string | undefined;
  const flushParagraph = () => {
    const text = plain(paragraph.join(' '));
    paragraph = [];
    for (const sentence of text.split(sentenceEnd)) {
      if (sentence.trim()) statements.push({ text: sentence.trim(), parent: undefined, heading });
    }
  };
  for (const line of markdown.split('\n')) {
    if (fence.test(line)) {
      inFence = !inFence;
      flushParagraph();
      continue;
    }
    if (inFence) continue;
    const item = listItem.exec(line);
    if (item) {
      flushParagraph();
      const indent = item[1]?.length ?? 0;
      while (parents.length > 0 && (parents.at(-1)?.indent ?? 0) >= indent) parents.pop();
      const text = plain(item[2] ?? '');
      if (text) statements.push({ text, parent: parents.at(-1)?.text, heading });
      parents.push({ indent, text });
      continue;
    }
    const title = /^\s*#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (title) heading = plain(title[1] ?? '') || heading;
    if (/^\s*(#{1,6}\s|\||<!--)/.test(line) || line.trim() === '' || /^\s*([-*_])\1{2,}\s*$/.test(line)) {
      flushParagraph();
      if (line.trim() === '') parents.length = 0;
      continue;
    }
    // A continuation of a list item's text, or a paragraph line.
    const last = statements.at(-1);
    if (paragraph.length === 0 && parents.length > 0 && last && /^\s+\S/.test(line)) {
      last.text = `${last.text} ${plain(line)}`;
      continue;
    }
    parents.length = 0;
    // A line that ends without punctuation, followed by one that starts a new sentence, is a statement of
    // its own (manuals list instructions one per line, without full stops).
    const previous = paragraph.at(-1);
    if (previous !== undefined && !/[.!?:;,]\s*$/.test(previous) && /^\s*\p{Lu}/u.test(line)) flushParagraph();
    paragraph.push(line);
  }
  flushParagraph();
  return statements;
}

/** Markdown inline markup to plain text, spaces collapsed. */
export function plain(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/(^|\s)[*_]([^*_\s][^*_]*?)[*_](?=\s|[.,;:!?]|$)/g, '$1$2')
    .replace(/^\s*>\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The sentence of a statement that holds the character at `index` (a list item may hold several). */
export function sentenceAt(text: string, index: number): string {
  let from = 0;
  for (const match of text.matchAll(new RegExp(sentenceEnd.source, 'gu'))) {
    if (match.index >= index) return text.slice(from, match.index).trim();
    from = match.index + match[0].length;
  }
  return text.slice(from).trim();
}

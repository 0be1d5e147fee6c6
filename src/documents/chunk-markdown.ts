import { Lexer, type Token, type TokensList } from 'marked';
import { readHeading } from './internal.js';

export interface Chunk {
  /** Headings above the chunk, outermost first. */
  headingPath: string[];
  /** The chunk's markdown (headings excluded: they are in `headingPath`). */
  text: string;
  /** For agents only: the document, or a heading above the chunk, is marked internal (`./internal.ts`). */
  internal?: true;
}

export interface ChunkOptions {
  /** Soft upper bound on words per chunk; blocks are never split unless one alone exceeds it. */
  maxWords?: number;
  /** The whole document is internal (front matter `internal: true`): every chunk is. */
  internal?: boolean;
}

const defaultMaxWords = 160;

/**
 * Split markdown into passages that follow its headings: every chunk lies under one heading path,
 * whole blocks (paragraphs, lists, tables, code) are kept together, and a section longer than
 * `maxWords` is split between blocks, or between sentences when a single block is too long.
 * The markdown lexer (marked) tells headings from `#` lines inside code fences. Only top-level blocks are
 * lexed (inline markup and nested blocks stay as written, see `TopLevelLexer`), so chunking is linear in
 * the length of the document at any depth of nesting; should the lexer still fail, blank lines separate
 * the blocks: chunking never throws.
 */
export function chunkMarkdown(markdown: string, options: ChunkOptions = {}): Chunk[] {
  const maxWords = options.maxWords ?? defaultMaxWords;
  const chunks: Chunk[] = [];
  const headingPath: { depth: number; text: string; internal: boolean }[] = [];
  let blocks: string[] = [];
  let words = 0;

  const flush = () => {
    const text = blocks.join('\n\n').trim();
    const internal = options.internal === true || headingPath.some((heading) => heading.internal);
    if (text)
      chunks.push({
        headingPath: headingPath.map((heading) => heading.text),
        text,
        ...(internal ? { internal: true as const } : {}),
      });
    blocks = [];
    words = 0;
  };

  for (const token of blockTokens(markdown)) {
    if (token.type === 'heading' && 'depth' in token && typeof token.depth === 'number') {
      flush();
      while (headingPath.length > 0 && (headingPath.at(-1)?.depth ?? 0) >= token.depth) headingPath.pop();
      headingPath.push({ depth: token.depth, ...readHeading('text' in token ? String(token.text) : token.raw) });
      continue;
    }
    const raw = token.raw.trim();
    if (!raw) continue;
    for (const piece of splitOversized(raw, maxWords)) {
      const pieceWords = countWords(piece);
      if (words > 0 && words + pieceWords > maxWords) flush();
      blocks.push(piece);
      words += pieceWords;
    }
  }
  flush();
  return chunks;
}

/**
 * The markdown without its internal sections (a heading marked `{internal}` and everything under it, down
 * to the next heading of the same or a higher level): what a reader without the agent role is shown of a
 * document. Everything else is kept byte for byte.
 */
export function withoutInternalSections(markdown: string): string {
  const kept: string[] = [];
  let hiddenDepth: number | undefined;
  for (const token of blockTokens(markdown)) {
    if (token.type === 'heading' && 'depth' in token && typeof token.depth === 'number') {
      if (hiddenDepth !== undefined && token.depth <= hiddenDepth) hiddenDepth = undefined;
      if (hiddenDepth === undefined && readHeading('text' in token ? String(token.text) : token.raw).internal) {
        hiddenDepth = token.depth;
      }
    }
    if (hiddenDepth === undefined) kept.push(token.raw);
  }
  return kept.join('');
}

/**
 * marked's lexer, reading top-level blocks only. Chunking needs each block's raw text, not what is inside
 * a quote or list item, so nested blocks are not lexed: marked would re-read every level of nesting
 * recursively (3,000 nested `>` overflow its stack, and a deeply nested list costs seconds per megabyte).
 * A quote's or list's extent is still found by marked's own rules.
 */
class TopLevelLexer extends Lexer {
  private depth = 0;

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[];
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList;
  override blockTokens(src: string, tokens: Token[] = [], lastParagraphClipped = false): Token[] {
    if (this.depth > 0) return tokens;
    this.depth++;
    try {
      return super.blockTokens(src, tokens, lastParagraphClipped);
    } finally {
      this.depth--;
    }
  }
}

/** Top-level block tokens; paragraphs between blank lines if the lexer cannot read the text. */
function blockTokens(markdown: string): Token[] {
  const text = markdown.replace(/\r\n?/g, '\n');
  try {
    return new TopLevelLexer().blockTokens(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return text.split(/\n[ \t]*\n/).map((raw) => ({ type: 'paragraph', raw, text: raw, tokens: [] }));
  }
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * A block longer than the limit is cut between list items when it is a list (an item keeps its nested
 * items, and the lines keep their breaks), else between sentences, and a sentence longer than it
 * between words.
 */
function splitOversized(block: string, maxWords: number): string[] {
  if (countWords(block) <= maxWords) return [block];
  const items = listItems(block);
  if (items.length > 1) {
    return pack(
      items.flatMap((item) => (countWords(item) <= maxWords ? [item] : splitOversized(item.trim(), maxWords))),
      maxWords,
      '\n',
    );
  }
  // A full stop inside a word or number ("$9.50", "acmecorp.com") does not end a sentence.
  const sentences = block.match(/(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+|\n|$)/g) ?? [block];
  return pack(
    sentences.flatMap((sentence) => {
      const sentenceWords = sentence.split(/\s+/).filter(Boolean);
      if (sentenceWords.length <= maxWords) return [sentence.trim()];
      const pieces: string[] = [];
      for (let start = 0; start < sentenceWords.length; start += maxWords) {
        pieces.push(sentenceWords.slice(start, start + maxWords).join(' '));
      }
      return pieces;
    }),
    maxWords,
    ' ',
  );
}

/** Join pieces in order into runs of at most `maxWords` (a piece over the limit stands alone). */
function pack(pieces: readonly string[], maxWords: number, separator: string): string[] {
  const packed: string[] = [];
  let current: string[] = [];
  let currentWords = 0;
  for (const piece of pieces) {
    const pieceWords = countWords(piece);
    if (current.length > 0 && currentWords + pieceWords > maxWords) {
      packed.push(current.join(separator).trim());
      current = [];
      currentWords = 0;
    }
    current.push(piece);
    currentWords += pieceWords;
  }
  if (current.length > 0) packed.push(current.join(separator).trim());
  return packed.filter(Boolean);
}

/** A list block's top-level items, each with the lines under it; `[]` when the block is not a list. */
function listItems(block: string): string[] {
  const lines = block.split('\n');
  const marker = /^(\s*)(?:[-*+]|\d+[.)])\s/;
  const first = marker.exec(lines[0] ?? '');
  if (!first) return [];
  const indent = first[1]?.length ?? 0;
  const items: string[][] = [];
  for (const line of lines) {
    const match = marker.exec(line);
    if ((match && (match[1]?.length ?? 0) <= indent) || items.length === 0) items.push([line]);
    else items.at(-1)?.push(line);
  }
  return items.map((item) => item.join('\n'));
}

import { open } from 'node:fs/promises';
import { IoError } from '../errors.js';

export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number;
  /** The raw text of the line (without its newline). */
  text: string;
  /** Set when the line's bytes are not valid UTF-8 (they were read as U+FFFD). */
  invalidUtf8?: true;
}

/**
 * Stream a JSON Lines file line by line in constant memory (`readLineChunks`, then `splitLines`: one reader, one
 * rule for where lines end). Blank lines are yielded too (callers decide whether they matter); parsing is left to
 * the caller so that a malformed line becomes a finding or an error with its line number, never a crash.
 */
export async function* readJsonlLines(path: string): AsyncGenerator<JsonlLine> {
  for await (const chunk of readLineChunks(path)) yield* splitLines(chunk);
}

/** Parse one line as JSON; on failure, the parser's reason (for a finding or an error message). */
export function parseJsonLine(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export interface LineChunk {
  /** Whole lines of the file, as raw bytes ending with a newline (except perhaps the file's last line). */
  bytes: Uint8Array;
  /** The 1-based line number of the chunk's first line. */
  firstLine: number;
  /** How many lines the chunk holds. */
  lines: number;
  /** Bytes read so far, including this chunk: for progress bars. */
  bytesRead: number;
}

/**
 * Stream a file in chunks of whole lines, about `chunkBytes` each (a longer line makes a longer chunk). The
 * chunks are raw bytes that own their memory, so they can be transferred to a worker thread without a copy;
 * `splitLines` turns one into lines. Lines end at `\n` (a preceding `\r` is dropped).
 */
export async function* readLineChunks(path: string, chunkBytes = 1 << 18): AsyncGenerator<LineChunk> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new IoError(`${path}: cannot read: ${(error as Error).message}`, path, { cause: error });
  });
  try {
    if ((await handle.stat()).isDirectory()) throw new IoError(`${path}: is a folder, not a JSONL file`, path);
    let carry: Uint8Array = new Uint8Array(0);
    let firstLine = 1;
    let bytesRead = 0;
    for (;;) {
      // A line longer than a chunk is read in ever larger pieces, so it is copied O(length) times in all.
      const size = Math.max(chunkBytes, carry.length);
      const buffer = new Uint8Array(carry.length + size);
      buffer.set(carry);
      const { bytesRead: read } = await handle.read(buffer, carry.length, size, null);
      bytesRead += read;
      const filled = carry.length + read;
      if (read === 0) {
        if (filled > 0) yield { bytes: buffer.slice(0, filled), firstLine, lines: 1, bytesRead };
        return;
      }
      const end = buffer.lastIndexOf(10, filled - 1);
      if (end < 0) {
        carry = buffer.subarray(0, filled);
        continue;
      }
      const lines = countNewlines(buffer, end + 1);
      carry = buffer.slice(end + 1, filled);
      yield { bytes: buffer.subarray(0, end + 1), firstLine, lines, bytesRead };
      firstLine += lines;
    }
  } finally {
    await handle.close();
  }
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0 && at < end; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

const utf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The lines of a chunk from `readLineChunks`, with their numbers. A line that is not valid UTF-8 is decoded with
 * U+FFFD in place of the bad bytes and marked `invalidUtf8`, so the caller can report it by line.
 */
export function splitLines(chunk: { bytes: Uint8Array; firstLine: number }): JsonlLine[] {
  let whole: string | undefined;
  try {
    whole = strictUtf8.decode(chunk.bytes);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const texts = whole.split('\n');
    if (texts[texts.length - 1] === '') texts.pop();
    return texts.map((text, index) => ({ line: chunk.firstLine + index, text: withoutCarriageReturn(text) }));
  }
  // Rare: find the bad lines one by one.
  const lines: JsonlLine[] = [];
  let start = 0;
  while (start < chunk.bytes.length) {
    const newline = chunk.bytes.indexOf(10, start);
    const end = newline < 0 ? chunk.bytes.length : newline;
    const bytes = chunk.bytes.subarray(start, end);
    const line = chunk.firstLine + lines.length;
    try {
      lines.push({ line, text: withoutCarriageReturn(strictUtf8.decode(bytes)) });
    } catch {
      lines.push({ line, text: withoutCarriageReturn(utf8.decode(bytes)), invalidUtf8: true });
    }
    start = end + 1;
  }
  return lines;
}

function withoutCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

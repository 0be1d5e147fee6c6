import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { IoError } from '../errors.js';

export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number;
  /** The raw text of the line (without its newline). */
  text: string;
  /** Bytes read so far, including this line: for progress bars. */
  bytesRead: number;
}

/**
 * Stream a JSON Lines file line by line in constant memory. Blank lines are yielded too (callers decide
 * whether they matter); parsing is left to the caller so that a malformed line becomes a finding or an
 * error with its line number, never a crash.
 */
export async function* readJsonlLines(path: string): AsyncGenerator<JsonlLine> {
  const info = await stat(path).catch((error: unknown) => {
    throw new IoError(`${path}: cannot read: ${(error as Error).message}`, path, { cause: error });
  });
  if (info.isDirectory()) throw new IoError(`${path}: is a folder, not a JSONL file`, path);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let bytesRead = 0;
  for await (const text of lines) {
    line++;
    bytesRead += Buffer.byteLength(text) + 1;
    yield { line, text, bytesRead };
  }
}

/** Parse one line as JSON; on failure, the parser's reason (for a finding or an error message). */
export function parseJsonLine(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

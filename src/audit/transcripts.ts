import { instantKey, isIsoDate } from '../documents/parse-document.js';
import { InputError } from '../errors.js';
import { parseJsonLine, readJsonlLines } from '../util/jsonl.js';

/** One answer the bot gave, with the question it answered. */
export interface TranscriptAnswer {
  /** 1-based line of the transcript file. */
  line: number;
  question: string;
  answer: string;
  /** When it was said (ISO), if the file says. */
  at?: string | undefined;
}

/**
 * Read past answers: `{"question","answer","at"?}` per line, or chat lines (`{"messages": [...]}`), where
 * every assistant message is an answer to the user message before it. Lines that are neither become
 * `InputError`s in `problems`, named by file and line; the rest are still read.
 */
export async function* readTranscripts(path: string, problems: InputError[]): AsyncGenerator<TranscriptAnswer> {
  for await (const { line, text } of readJsonlLines(path)) {
    if (text.trim() === '') continue;
    const parsed = parseJsonLine(text);
    if (!parsed.ok) {
      problems.push(new InputError(`not valid JSON: ${parsed.reason}`, { file: path, line }));
      continue;
    }
    const value = parsed.value as Record<string, unknown> | null;
    if (value && typeof value.answer === 'string') {
      if (value.at !== undefined && (typeof value.at !== 'string' || !isIsoDate(value.at))) {
        problems.push(
          new InputError(
            `"at" must be an ISO date or date-time such as 2026-05-01T10:00:00Z, got ${JSON.stringify(value.at)}`,
            {
              file: path,
              line,
              field: 'at',
            },
          ),
        );
        continue;
      }
      const at = typeof value.at === 'string' ? instantKey(value.at) : undefined;
      yield { line, question: typeof value.question === 'string' ? value.question : '', answer: value.answer, at };
      continue;
    }
    if (value && Array.isArray(value.messages)) {
      let question = '';
      for (const message of value.messages as { role?: unknown; content?: unknown }[]) {
        if (typeof message?.content !== 'string') continue;
        if (message.role === 'user') question = message.content;
        if (message.role === 'assistant') yield { line, question, answer: message.content };
      }
      continue;
    }
    problems.push(
      new InputError('expected {"question", "answer"} or {"messages": [...]}', { file: path, line, field: 'answer' }),
    );
  }
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 that speaks OpenAI's chat-completions protocol (what OpenAI-compatible
 * servers share) and answers each request with `answer(system, prompt)`. The first `failures` requests
 * get HTTP 500, to exercise retries. It records every prompt it was sent.
 */
export interface AnsweringServer {
  /** Base URL including `/v1`. */
  url: string;
  prompts: { system: string; prompt: string }[];
  close: () => Promise<void>;
}

export async function startAnsweringServer(options: {
  answer: (request: { system: string; prompt: string }) => string;
  failures?: number;
}): Promise<AnsweringServer> {
  const prompts: AnsweringServer['prompts'] = [];
  let failures = options.failures ?? 0;
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      response.setHeader('content-type', 'application/json');
      if (failures > 0) {
        failures--;
        response.statusCode = 500;
        response.end(JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }));
        return;
      }
      const body = JSON.parse(raw || '{}') as { model?: string; messages?: { role: string; content: unknown }[] };
      const text = (role: string) =>
        (body.messages ?? [])
          .filter((message) => message.role === role)
          .map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content)))
          .join('\n');
      const entry = { system: text('system'), prompt: text('user') };
      prompts.push(entry);
      response.end(
        JSON.stringify({
          id: 'chatcmpl-eval',
          object: 'chat.completion',
          created: 1_764_000_000,
          model: body.model,
          choices: [
            { index: 0, message: { role: 'assistant', content: options.answer(entry) }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    prompts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A model that answers from the passages it is given: the sentence of the numbered SOURCES that shares
 * the most words with the question, cited with its number; "I don't know." when there are none.
 */
export function answerFromPassages({ prompt }: { prompt: string }): string {
  const question = /QUESTION: (.*)/.exec(prompt)?.[1] ?? '';
  const words = new Set(question.toLowerCase().match(/\p{L}{3,}/gu) ?? []);
  let best = { score: 0, text: '', source: 0 };
  for (const match of prompt.matchAll(/\[(\d+)\] [^\n]*\n"""\n([\s\S]*?)\n"""/g)) {
    // Sentences, and list items (a chunk of a long list may arrive with its lines joined: " - ").
    for (const sentence of (match[2] ?? '').split(/(?<=[.!?])\s+|\n|\s-\s/).map((part) => part.replace(/\s+/g, ' '))) {
      const score = (sentence.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((word) => words.has(word)).length;
      if (score > best.score) best = { score, text: sentence.replace(/\*\*/g, ''), source: Number(match[1]) };
    }
  }
  return best.score === 0 ? "I don't know." : `1. ${best.text} [${best.source}]`;
}

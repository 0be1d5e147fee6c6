import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 that speaks one provider's protocol (OpenAI chat completions, which
 * OpenAI-compatible servers share, or Anthropic messages) and answers with scripted replies, in order
 * (the last repeats). It records every request, so tests can check what the pipeline sent.
 */
export type Protocol = 'openai' | 'anthropic';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface ProviderServer {
  /** Base URL including `/v1`. */
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

/** A reply: the assistant's text (a JSON text for structured output), or an HTTP error status. */
export type Reply = string | { status: number; body: unknown };

export async function startProviderServer(protocol: Protocol, replies: readonly Reply[]): Promise<ProviderServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    request.on('end', () => {
      const body = JSON.parse(raw || '{}') as Record<string, unknown>;
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body });
      const reply = replies[Math.min(requests.length, replies.length) - 1] ?? '';
      response.setHeader('content-type', 'application/json');
      if (typeof reply !== 'string') {
        response.statusCode = reply.status;
        response.end(JSON.stringify(reply.body));
        return;
      }
      response.end(
        JSON.stringify(protocol === 'openai' ? openAiCompletion(body, reply) : anthropicMessage(body, reply)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function openAiCompletion(body: Record<string, unknown>, text: string) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_764_000_000,
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

function anthropicMessage(body: Record<string, unknown>, text: string) {
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: string }[]) : [];
  const jsonTool = tools.find((tool) => tool.name === 'json');
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: jsonTool
      ? [{ type: 'tool_use', id: 'toolu_test', name: 'json', input: JSON.parse(text) }]
      : [{ type: 'text', text }],
    stop_reason: jsonTool ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 20 },
  };
}

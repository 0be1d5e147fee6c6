import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { operator, readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { IoError, ProviderCallError } from '../../src/errors.js';
import { makeKb, now, type TestKb } from './helpers/kb.js';
import { type ProviderServer, type Reply, startProviderServer } from './helpers/provider-server.js';

/**
 * Each provider adapter against a local server that speaks its protocol: the only stand-in allowed.
 * The server's replies are scripted; what the pipeline does with them (citations, validation, repair,
 * grounding, structured output) is real.
 */

const voice = { instructions: 'Warm and brief.', avoid: ['unfortunately'] };
const env = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' };

let kb: TestKb;
let server: ProviderServer | undefined;
beforeAll(async () => {
  kb = await makeKb();
});
afterAll(() => kb.store.close());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function askWith(options: {
  protocol: 'openai' | 'anthropic';
  provider: 'openai' | 'anthropic' | 'ollama';
  replies: Reply[];
  config?: Record<string, unknown>;
  question?: string;
}) {
  server = await startProviderServer(options.protocol, options.replies);
  const config = seamConfigSchema.parse({
    voice,
    ...options.config,
    model: { provider: options.provider, model: 'test-model', base_url: server.url, max_retries: 0 },
  });
  return ask({
    question: options.question ?? 'How long do I have to return an item?',
    reader: await readerFor(kb.store, 'ana'),
    store: kb.store,
    config,
    env,
    now,
  });
}

describe.each([
  { protocol: 'openai', provider: 'openai', path: '/v1/chat/completions' },
  { protocol: 'anthropic', provider: 'anthropic', path: '/v1/messages' },
  { protocol: 'openai', provider: 'ollama', path: '/v1/chat/completions' },
] as const)('$provider adapter ($path)', ({ protocol, provider, path }) => {
  it('sends voice, format and numbered passages with id and version, no tools, and cites what the model cites', async () => {
    const result = await askWith({
      protocol,
      provider,
      replies: ['1. You can return unopened items within 30 days of delivery. [1]'],
    });
    const request = server?.requests[0];
    expect(request?.path).toBe(path);
    expect(request?.body.tools).toBeUndefined();
    const sent = JSON.stringify(request?.body);
    expect(sent).toContain('Voice: Warm and brief.');
    expect(sent).toContain('Never say: \\"unfortunately\\"');
    expect(sent).toContain('a numbered list');
    expect(sent).toContain('[1] refund-policy v1: Refunds');
    if (provider === 'anthropic') expect(request?.headers['x-api-key']).toBe('sk-ant-test');
    if (provider === 'openai') expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(result.answer).toBe('1. You can return unopened items within 30 days of delivery.');
    expect(result.citations).toEqual([
      { id: 'refund-policy', version: 1, title: 'Refunds', effective_from: '2026-01-01' },
    ]);
    expect(result.trace.composer).toBe(`${provider}:test-model`);
    expect(result.trace.model_calls).toBe(1);
    expect(result).toMatchObject({ refused: false, grounded: true });
  });

  it('uses structured output for a JSON-schema format and validates the object', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, steps: { type: 'array', items: { type: 'string' } } },
      required: ['answer', 'steps'],
      additionalProperties: false,
    };
    const result = await askWith({
      protocol,
      provider,
      config: { format: { type: 'json_schema', name: 'reply', schema } },
      replies: [JSON.stringify({ answer: 'Within 30 days of delivery.', steps: ['Return it unopened.'] })],
    });
    const body = server?.requests[0]?.body ?? {};
    const constraint = JSON.stringify(body.response_format ?? body.output_config ?? body.tools);
    expect(constraint).toContain('"steps"');
    expect(result.structured).toEqual({ answer: 'Within 30 days of delivery.', steps: ['Return it unopened.'] });
    expect(JSON.parse(result.answer)).toEqual(result.structured);
    expect(result.trace.validation.ok).toBe(true);
  });
});

describe('validation and grounding of a model answer', () => {
  it('makes one repair attempt when the format is broken, showing the model its answer and the problems', async () => {
    const result = await askWith({
      protocol: 'openai',
      provider: 'openai',
      replies: ['Sure! Unfortunately:\n1. Return items within 30 days. [1]', '1. Return items within 30 days. [1]'],
    });
    expect(server?.requests).toHaveLength(2);
    const repair = JSON.stringify(server?.requests[1]?.body);
    expect(repair).toContain('YOUR PREVIOUS ANSWER');
    expect(repair).toContain('which the voice avoids');
    expect(result.trace.validation).toMatchObject({ ok: true, repair_attempted: true });
    expect(result.trace.validation.initial_problems.join(' ')).toContain('every line must be a numbered item');
    expect(result.answer).toBe('1. Return items within 30 days.');
  });

  it('fails visibly when the repair is broken too: answer withheld, typed handoff, problems in the trace', async () => {
    const result = await askWith({
      protocol: 'openai',
      provider: 'openai',
      replies: ['Items can be returned within 30 days, and here is more prose than a list.'],
    });
    expect(server?.requests).toHaveLength(2);
    expect(result).toMatchObject({
      refused: true,
      refusal: { reason: 'invalid_format' },
      answer: "The policy doesn't cover that.",
      handoff: { reason: 'withheld' },
      citations: [],
    });
    expect(result.trace.validation.ok).toBe(false);
  });

  it('removes a sentence whose value no source states, and says so in the trace', async () => {
    const result = await askWith({
      protocol: 'anthropic',
      provider: 'anthropic',
      replies: [
        '1. You can return unopened items within 60 days. [2]\n2. Standard shipping costs $5.95 per order. [1]',
      ],
      question: 'Can I return an item, and what does shipping cost?',
    });
    const prompt = JSON.stringify(server?.requests[0]?.body);
    expect(prompt).toContain('[1] shipping-policy v1');
    expect(prompt).toContain('[2] refund-policy v1');
    expect(result.answer).toBe('1. Standard shipping costs $5.95 per order.');
    expect(result.trace.grounding).toMatchObject({
      mode: 'remove',
      action: 'removed',
      ungrounded: [{ text: '60 days', kind: 'duration' }],
    });
    expect(result.grounded).toBe(true);
    expect(result.citations.map((citation) => citation.id)).toEqual(['shipping-policy']);
  });

  it('withholds the whole answer when grounding is "withhold"', async () => {
    const result = await askWith({
      protocol: 'openai',
      provider: 'openai',
      config: { grounding: 'withhold' },
      replies: ['1. You can return unopened items within 60 days. [1]\n2. Refunds are sent to the original card.'],
    });
    expect(result).toMatchObject({ refused: true, grounded: false, refusal: { reason: 'ungrounded' } });
    expect(result.answer).not.toContain('60 days');
    expect(result.trace.grounding.action).toBe('withheld');
  });

  it('reports a provider error as a ProviderCallError with its URL, status and retryability', async () => {
    const error = await askWith({
      protocol: 'openai',
      provider: 'openai',
      replies: [{ status: 500, body: { error: { message: 'overloaded', type: 'server_error' } } }],
    }).catch((caught: unknown) => caught);
    expect(ProviderCallError.isInstance(error)).toBe(true);
    expect(IoError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ statusCode: 500, isRetryable: true });
    expect((error as ProviderCallError).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions$/);
    expect(String(error)).toContain('HTTP 500');
  });

  it('asks for an API key by name when none is set', async () => {
    const config = seamConfigSchema.parse({ model: 'anthropic:claude-haiku-4-5' });
    await expect(
      ask({ question: 'refund window?', reader: operator, store: kb.store, config, env: {}, now }),
    ).rejects.toThrow('set ANTHROPIC_API_KEY');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { llmOutputJsonSchema } from '../../src/diagnose/llm-diagnoser.js';
import { type ProviderServer, startProviderServer } from '../ask/helpers/provider-server.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const root = tempDir('seam-llm-diagnose-');
const complaint =
  "its tone is inconsistent, it drifts between prose and lists, and it gives out-of-date answers, so let's fine-tune it";

/** What a model answers through structured output: strands labelled with taxonomy ids. */
const reply = JSON.stringify({
  asks_for_fine_tuning: true,
  prescriptions: ["so let's fine-tune it"],
  strands: [
    { text: 'its tone is inconsistent', categories: ['style'], confidence: 0.9 },
    { text: 'it drifts between prose and lists', categories: ['format'], confidence: 0.85 },
    { text: 'it gives out-of-date answers', categories: ['current_facts'], confidence: 0.8 },
  ],
});

describe('seam diagnose --model llm (a local server speaking the OpenAI protocol)', () => {
  let server: ProviderServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('labels strands with the model under a schema of taxonomy ids, and plans from the taxonomy', async () => {
    server = await startProviderServer('openai', [reply]);
    const result = await seam(['diagnose', complaint, '--model', 'llm', '--json'], {
      db: `${root}/kb.db`,
      cwd: root,
      env: { SEAM_MODEL: 'openai:gpt-4o-mini', OPENAI_API_KEY: 'test-key', SEAM_MODEL_BASE_URL: server.url },
    });
    expect(result.code, result.stderr).toBe(0);
    const diagnosis = result.json() as {
      model: string;
      categories: string[];
      strands: { text: string; fine_tune: string; intervention: string }[];
      fine_tuning: { cannot_fix: { text: string }[] };
    };
    expect(diagnosis.model).toBe('llm:openai:gpt-4o-mini');
    expect(diagnosis.categories).toEqual(['style', 'format', 'current_facts']);
    expect(diagnosis.strands.map((strand) => strand.fine_tune)).toEqual(['recommended', 'recommended', 'not_a_fix']);
    expect(diagnosis.strands[2]?.intervention).toBe('retrieval from the knowledge store; never train');
    expect(diagnosis.fine_tuning.cannot_fix.map((entry) => entry.text)).toEqual(['it gives out-of-date answers']);

    const sent = server.requests[0]?.body as {
      response_format?: { type: string; json_schema?: { schema: unknown } };
      messages: { content: string }[];
    };
    expect(sent.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(sent.response_format?.json_schema?.schema)).toContain('current_facts');
    expect(sent.messages.at(-1)?.content).toContain(complaint);
  });

  it('refuses a reply outside the taxonomy with exit 2', async () => {
    server = await startProviderServer('openai', [
      JSON.stringify({ asks_for_fine_tuning: false, strands: [{ text: 'x', categories: ['vibes'], confidence: 0.5 }] }),
    ]);
    const result = await seam(['diagnose', 'the bot is rude', '--model', 'llm'], {
      db: `${root}/kb.db`,
      cwd: root,
      env: { SEAM_MODEL: 'openai:gpt-4o-mini', OPENAI_API_KEY: 'test-key', SEAM_MODEL_BASE_URL: server.url },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/returned a diagnosis Seam cannot use \(strands\.0\.categories\.0/);
  });

  it('offers the model a schema whose categories are exactly the taxonomy ids', () => {
    expect(JSON.stringify(llmOutputJsonSchema)).toContain('deletable_private_data');
  });
});

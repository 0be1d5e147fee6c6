import { z } from 'zod';
import { sourceSchema, syncSettingsSchema } from '../sync/sync-config.js';

/**
 * The project configuration of `seam ask` (`seam.config.json`): the behavior layers that belong in the
 * prompt and the model (voice, format, refusal and handoff), the grounding policy, the model, and the
 * business-state connectors. Every field has a default, so `{}` (or no file at all) is a valid config:
 * the extractive composer, numbered lists, no connectors.
 *
 * Keys are snake_case like the rest of Seam's JSON. Unknown keys are refused, so a typo is an error
 * that names the field rather than a setting silently ignored.
 */

const phrase = z.string().min(1, 'must not be empty');
const role = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'role names use letters, digits, . _ @ or -');

/** The house voice: what the model is told, and what the extractive composer applies itself. */
export const voiceSchema = z
  .object({
    /** Style instructions given to a model ("warm, brief, plain words; address the customer as you"). */
    instructions: z.string().default(''),
    /** Phrases the house uses; given to a model as guidance. */
    use: z.array(phrase).default([]),
    /** Phrases never to say: sentences containing them are left out, and an answer containing one fails validation. */
    avoid: z.array(phrase).default([]),
    /** Literal rewrites applied to extracted text, e.g. `{ "Customers can": "You can" }` (case-insensitive). */
    rewrite: z.record(z.string().min(1), z.string()).default({}),
    /** A line before every answer (not before refusals). */
    opening: phrase.optional(),
    /** A line after every answer (not after refusals). */
    closing: phrase.optional(),
    /** Upper bound on the answer's length in words (opening and closing included). */
    max_words: z.int().positive().optional(),
  })
  .strict();

const numberedList = z.object({ type: z.literal('numbered_list'), max_items: z.int().positive().default(5) }).strict();
const shortProse = z.object({ type: z.literal('short_prose'), max_sentences: z.int().positive().default(3) }).strict();
const jsonSchemaFormat = z
  .object({
    type: z.literal('json_schema'),
    /** A name for the output, passed to models that take one. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be one word')
      .default('answer'),
    /** A JSON Schema (draft 2020-12 subset: object, array, string, number, boolean, enum, required). */
    schema: z.record(z.string(), z.unknown()).superRefine((schema, context) => {
      try {
        z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `is not a JSON Schema Seam can check: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }),
  })
  .strict();

/** How answers are shaped. A bare string (`"short_prose"`) is accepted for the two text formats. */
export const formatSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { type: value } : value),
  z.discriminatedUnion('type', [numberedList, shortProse, jsonSchemaFormat], {
    error: 'must be \'numbered_list\', \'short_prose\' or { "type": "json_schema", "schema": {...} }',
  }),
);

export const refusalSchema = z
  .object({
    /** What the asker reads when nothing they may see covers the question. */
    message: phrase.default("The policy doesn't cover that."),
    /** Share of the question's content words the selected evidence must contain (0 to 1). */
    min_coverage: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export const handoffSchema = z
  .object({
    /** Hand off to a person when the question is declined for lack of coverage. */
    on_refusal: z.boolean().default(false),
    /** Hand off when a connector the question needed failed. */
    on_connector_error: z.boolean().default(false),
    /** Hand off when the answer failed validation or grounding and was withheld. */
    on_withheld: z.boolean().default(true),
    /** Questions mentioning any of these words are handed off (the answer is still given). */
    topics: z.array(phrase).default([]),
    /** Where handoffs go (a queue name for your helpdesk). */
    queue: phrase.optional(),
  })
  .strict();

const connectorName = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -');

const connectorBase = {
  name: connectorName,
  /** Roles allowed to call it. A principal with none of them never triggers it. */
  roles: z.array(role, { error: 'must be a list of roles, e.g. ["customer"]' }).min(1, 'must list at least one role'),
  /** Call it only when the question mentions one of these words (default: on every question). */
  when: z.array(phrase).optional(),
  /** How each record reads in answers: `Order {order_id} is {status}.` (default: `field: value` pairs). */
  template: phrase.optional(),
  /** At most this many records per request. */
  max_records: z.int().positive().max(1000).default(20),
  description: z.string().optional(),
};

/** Parameters a SQL connector may use: only values bound from the request, never from the question. */
export const sqlParameters = ['principal', 'now'] as const;

export const sqlConnectorSchema = z
  .object({
    ...connectorBase,
    kind: z.literal('sql'),
    /**
     * A SQLite file, relative to the config file, or a PostgreSQL URL (`postgres://user@host:5432/db`;
     * the password may come from PGPASSWORD). Queried read-only either way.
     */
    database: phrase,
    /**
     * One read-only statement that must bind `:principal` (the asking principal's id), so that each
     * principal reads only their own rows; `:now` is the request's instant.
     */
    query: phrase.superRefine((query, context) => {
      const names = namedParameters(query);
      const unknown = names.filter((name) => !(sqlParameters as readonly string[]).includes(name));
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `may only use :principal and :now (bound from the request, never from the question), found ${unknown.map((name) => `:${name}`).join(', ')}`,
        });
      }
      if (/(^|[^\w'"])\?(\d*)/.test(stripLiterals(query))) {
        context.addIssue({ code: 'custom', message: 'positional ? parameters are not allowed; use :principal' });
      }
      if (!names.includes('principal')) {
        context.addIssue({
          code: 'custom',
          message:
            "must bind :principal (e.g. WHERE customer_id = :principal): a query without it returns every principal's rows",
        });
      }
    }),
  })
  .strict();

export const httpConnectorSchema = z
  .object({
    ...connectorBase,
    kind: z.literal('http'),
    /** A JSON endpoint. `{principal}` is replaced by the principal's id; without it, `?principal=<id>` is added. */
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), {
        message:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's environment syntax, not a JS template
          'must not hold credentials (user:password@); send them in headers, e.g. "authorization": "Basic ${TOKEN}"',
      }),
    /** Request headers; `${NAME}` in a value is read from the environment at call time. */
    headers: z.record(z.string(), z.string()).default({}),
    timeout_ms: z.int().positive().default(3000),
  })
  .strict();

export const functionConnectorSchema = z
  .object({
    ...connectorBase,
    kind: z.literal('function'),
    /** A JS (or, under tsx, TS) module, relative to the config file. */
    module: phrase,
    /** The exported function: `({ principal, now }) => records`. */
    export: z.string().min(1).default('default'),
  })
  .strict();

export const connectorSchema = z.discriminatedUnion('kind', [
  sqlConnectorSchema,
  httpConnectorSchema,
  functionConnectorSchema,
]);

const providers = ['openai', 'anthropic', 'openai-compatible', 'ollama'] as const;

/** A model: `"extractive"` (no model), `"openai:gpt-4o-mini"`, or an object with connection details. */
export const modelSchema = z.union([
  z
    .string()
    .regex(
      /^(extractive|(openai|anthropic|openai-compatible|ollama):.+)$/,
      "must be 'extractive' or '<provider>:<model>' with provider openai, anthropic, openai-compatible or ollama",
    ),
  z
    .object({
      provider: z.enum(providers),
      model: phrase,
      /** The API's base URL (Ollama, vLLM, llama.cpp, a proxy). */
      base_url: z.url().optional(),
      /** The environment variable holding the key (default OPENAI_API_KEY, ANTHROPIC_API_KEY, SEAM_MODEL_API_KEY). */
      api_key_env: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name')
        .optional(),
      temperature: z.number().min(0).max(2).optional(),
      max_output_tokens: z.int().positive().optional(),
      max_retries: z.int().min(0).max(5).default(1),
    })
    .strict(),
]);

export const seamConfigSchema = z
  .object({
    $schema: z.string().optional(),
    voice: voiceSchema.default(() => voiceSchema.parse({})),
    format: formatSchema.default(() => numberedList.parse({ type: 'numbered_list' })),
    refusal: refusalSchema.default(() => refusalSchema.parse({})),
    handoff: handoffSchema.default(() => handoffSchema.parse({})),
    /** An answer value found in no passage or state used: remove its sentence, or withhold the whole answer. */
    grounding: z.enum(['remove', 'withhold'], { error: "must be 'remove' or 'withhold'" }).default('remove'),
    retrieval: z
      .object({ k: z.int().positive().max(50).default(5), collection: z.string().optional() })
      .strict()
      .default({ k: 5 }),
    model: modelSchema.default('extractive'),
    connectors: z.array(connectorSchema).default([]),
    /** Where `seam sync` keeps documents current from (see `src/sync/sync-config.ts`). */
    sources: z.array(sourceSchema).default([]),
    sync: syncSettingsSchema.default(() => syncSettingsSchema.parse({})),
  })
  .strict()
  .superRefine((config, context) => {
    const sources = new Set<string>();
    config.sources.forEach((source, index) => {
      if (sources.has(source.name)) {
        context.addIssue({ code: 'custom', path: ['sources', index, 'name'], message: 'is used twice' });
      }
      sources.add(source.name);
    });
    const seen = new Set<string>();
    config.connectors.forEach((connector, index) => {
      if (seen.has(connector.name)) {
        context.addIssue({ code: 'custom', path: ['connectors', index, 'name'], message: 'is used twice' });
      }
      seen.add(connector.name);
    });
  });

export type SeamConfig = z.output<typeof seamConfigSchema>;
export type VoiceConfig = SeamConfig['voice'];
export type FormatConfig = SeamConfig['format'];
export type ConnectorConfig = SeamConfig['connectors'][number];
export type ModelConfig = SeamConfig['model'];

/** The configuration used when there is no file: every default. */
export function defaultConfig(): SeamConfig {
  return seamConfigSchema.parse({});
}

/** `:name`, `@name` and `$name` parameters of a SQL statement, outside string literals. */
export function namedParameters(query: string): string[] {
  const matches = stripLiterals(query).matchAll(/(?<![\w:]):([A-Za-z_]\w*)|[@$]([A-Za-z_]\w*)/g);
  return [...new Set([...matches].map((match) => match[1] ?? match[2] ?? ''))];
}

function stripLiterals(query: string): string {
  return query.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

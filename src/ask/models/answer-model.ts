/**
 * The model specification of the answer pipeline: text in, text (or an object) out. Adapters wrap a
 * provider (through the Vercel AI SDK); the pipeline never imports a provider. A model receives no
 * tools: it cannot call connectors or widen retrieval, whatever a passage tells it.
 */
export interface AnswerModel {
  readonly specificationVersion: 'seam-answer-model-v1';
  /** `provider:model`, shown in traces. */
  readonly id: string;
  generate(request: ModelRequest): Promise<ModelResponse>;
}

export interface ModelRequest {
  /** Voice, format and rules. */
  system: string;
  /** The question, the numbered passages and the state. */
  prompt: string;
  /** With a JSON-schema format: structured output constrained to this schema. */
  schema?: { name: string; jsonSchema: Record<string, unknown> } | undefined;
  signal?: AbortSignal | undefined;
}

export interface ModelResponse {
  /** The text produced (the JSON text for structured output). */
  text: string;
  /** With a schema: the parsed object (validated again by the pipeline). */
  object?: unknown;
  usage?: { input_tokens?: number | undefined; output_tokens?: number | undefined } | undefined;
  /** Settings the provider ignored or adapted, and the like; shown as the request's warnings. */
  warnings?: string[] | undefined;
}

import type { ModelConfig } from '../../config/behavior-config.js';
import { InputError } from '../../errors.js';

export type Provider = 'openai' | 'anthropic' | 'openai-compatible';

/** A model to call, with where and how: resolved from config and environment. */
export interface ModelChoice {
  provider: Provider;
  model: string;
  baseUrl: string | undefined;
  apiKey: string | undefined;
  /** The name the OpenAI-compatible provider reports (`ollama`, `vllm`, ...). */
  providerName: string;
  temperature: number | undefined;
  maxOutputTokens: number | undefined;
  maxRetries: number;
}

const ollamaUrl = 'http://127.0.0.1:11434/v1';
const keyVariables: Record<Provider, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  'openai-compatible': 'SEAM_MODEL_API_KEY',
};

/**
 * The model to use: `SEAM_MODEL` (`openai:gpt-4o-mini`, `anthropic:claude-haiku-4-5`, `ollama:llama3.1`,
 * `openai-compatible:<model>` with `SEAM_MODEL_BASE_URL`) wins over the config's `model`; `undefined`
 * means the extractive composer. Keys come from the environment only.
 */
export function chooseModel(config: ModelConfig, env: Record<string, string | undefined>): ModelChoice | undefined {
  const fromEnv = env.SEAM_MODEL?.trim();
  const spec = fromEnv ? fromEnv : config;
  const field = fromEnv ? 'SEAM_MODEL' : 'model';
  if (spec === 'extractive') return undefined;
  const options = typeof spec === 'string' ? parseSpec(spec, field) : spec;
  const provider: Provider = options.provider === 'ollama' ? 'openai-compatible' : options.provider;
  const baseUrl =
    env.SEAM_MODEL_BASE_URL || options.base_url || (options.provider === 'ollama' ? ollamaUrl : undefined);
  if (provider === 'openai-compatible' && !baseUrl) {
    throw new InputError(`an OpenAI-compatible model needs a base URL: set SEAM_MODEL_BASE_URL or model.base_url`, {
      field,
    });
  }
  const keyVariable = options.api_key_env ?? keyVariables[provider];
  const apiKey = env[keyVariable];
  if (!apiKey && provider !== 'openai-compatible') {
    throw new InputError(`${options.provider} models need an API key: set ${keyVariable}`, { field });
  }
  return {
    provider,
    model: options.model,
    baseUrl,
    apiKey,
    providerName: options.provider === 'ollama' ? 'ollama' : 'openai-compatible',
    temperature: options.temperature,
    maxOutputTokens: options.max_output_tokens,
    maxRetries: options.max_retries,
  };
}

type ModelObject = Exclude<ModelConfig, string>;

function parseSpec(spec: string, field: string): ModelObject {
  const match = /^(openai|anthropic|openai-compatible|ollama):(.+)$/.exec(spec);
  if (!match?.[1] || !match[2]) {
    throw new InputError(
      `must be 'extractive' or '<provider>:<model>' (openai, anthropic, openai-compatible, ollama), got '${spec}'`,
      { field },
    );
  }
  return { provider: match[1] as ModelObject['provider'], model: match[2], max_retries: 1 };
}

export function modelId(choice: ModelChoice): string {
  return `${choice.provider === 'openai-compatible' ? choice.providerName : choice.provider}:${choice.model}`;
}

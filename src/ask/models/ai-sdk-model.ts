import { ProviderCallError } from '../../errors.js';
import type { AnswerModel, ModelRequest, ModelResponse } from './answer-model.js';
import { type ModelChoice, modelId } from './model-choice.js';

/**
 * An `AnswerModel` over the Vercel AI SDK: OpenAI (chat completions), Anthropic (messages) or any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp). The SDK and the provider package are imported
 * here, on first use, so that nothing loads them unless a model is configured. No tools are passed.
 */
export async function createAiSdkModel(
  choice: ModelChoice,
  options: { fetch?: typeof fetch } = {},
): Promise<AnswerModel> {
  const { generateText, jsonSchema, Output, APICallError, RetryError, NoObjectGeneratedError, NoOutputGeneratedError } =
    await import('ai');
  // The SDK prints provider warnings to the console by default; a library must not print, so they are
  // returned with the response instead (unless the application installed its own logger).
  const globals = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
  globals.AI_SDK_LOG_WARNINGS ??= false;
  const languageModel = await loadLanguageModel(choice, options.fetch);
  const id = modelId(choice);
  return {
    specificationVersion: 'seam-answer-model-v1',
    id,
    async generate(request: ModelRequest): Promise<ModelResponse> {
      const settings = {
        model: languageModel,
        system: request.system,
        prompt: request.prompt,
        maxRetries: choice.maxRetries,
        ...(choice.temperature !== undefined ? { temperature: choice.temperature } : {}),
        ...(choice.maxOutputTokens !== undefined ? { maxOutputTokens: choice.maxOutputTokens } : {}),
        ...(request.signal ? { abortSignal: request.signal } : {}),
      };
      try {
        if (request.schema) {
          const result = await generateText({
            ...settings,
            output: Output.object({ schema: jsonSchema(request.schema.jsonSchema), name: request.schema.name }),
          });
          return { text: result.text, object: result.output, usage: usage(result.usage), warnings: warnings(result) };
        }
        const result = await generateText(settings);
        return { text: result.text, usage: usage(result.usage), warnings: warnings(result) };
      } catch (error) {
        // An object that did not parse or match goes back to the pipeline, which validates and repairs it.
        if (NoObjectGeneratedError.isInstance(error)) return { text: error.text ?? '', object: undefined };
        if (NoOutputGeneratedError.isInstance(error)) return { text: '', object: undefined };
        const cause = RetryError.isInstance(error) ? error.lastError : error;
        const apiError = APICallError.isInstance(cause) ? cause : undefined;
        const where = apiError?.url ?? choice.baseUrl ?? choice.provider;
        const status = apiError?.statusCode ? ` (HTTP ${apiError.statusCode})` : '';
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new ProviderCallError(
          `model ${id} failed${status}: ${message}`,
          where,
          apiError?.statusCode,
          apiError?.isRetryable ?? false,
          {
            cause: error,
          },
        );
      }
    },
  };
}

async function loadLanguageModel(choice: ModelChoice, fetchImplementation: typeof fetch | undefined) {
  const common = {
    ...(choice.apiKey ? { apiKey: choice.apiKey } : {}),
    ...(choice.baseUrl ? { baseURL: choice.baseUrl } : {}),
    ...(fetchImplementation ? { fetch: fetchImplementation } : {}),
  };
  switch (choice.provider) {
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return createOpenAI(common).chat(choice.model);
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic(common).messages(choice.model);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return createOpenAICompatible({
        ...common,
        name: choice.providerName,
        baseURL: choice.baseUrl ?? '',
        supportsStructuredOutputs: true,
      }).chatModel(choice.model);
    }
  }
}

function usage(value: { inputTokens?: number | undefined; outputTokens?: number | undefined }) {
  return { input_tokens: value.inputTokens, output_tokens: value.outputTokens };
}

function warnings(result: {
  warnings?: readonly { type: string; feature?: string; message?: string; details?: string }[] | undefined;
}) {
  return (result.warnings ?? []).map((warning) =>
    [warning.feature ?? warning.type, warning.details ?? warning.message].filter(Boolean).join(': '),
  );
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AnswerModel, ModelRequest, ModelResponse } from '../ask/models/answer-model.js';
import { ProviderCallError } from '../errors.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';

export interface ModelCallOptions {
  /** What identifies the configuration in cache keys (its model settings and retrieval switch). */
  configKey: string;
  /** A folder of cached responses, one JSON file per key; `undefined`: no cache. */
  cacheDir?: string | undefined;
  /** Further attempts after a retryable provider error (429, 5xx, a dropped connection). */
  retries: number;
  /** The first wait between attempts, doubled each time (default 500 ms). */
  retryDelayMs?: number | undefined;
}

/** What an eval's model calls cost: calls sent, answers from the cache, retries. */
export interface ModelCallStats {
  calls: number;
  cached: number;
  retries: number;
}

const cachedResponseSchema = z.object({
  text: z.string(),
  object: z.unknown().optional(),
  usage: z.object({ input_tokens: z.number().optional(), output_tokens: z.number().optional() }).optional(),
  warnings: z.array(z.string()).optional(),
});

/**
 * A model wrapped for an eval run: each response is cached on disk under a key made of the
 * configuration and the whole prompt (system, prompt, schema), so a second run sends nothing already
 * answered; identical requests in flight are sent once; retryable provider errors are retried with
 * exponential backoff. The wrapped model is otherwise the same (`id`, the specification).
 */
export function evalModel(
  model: AnswerModel,
  options: ModelCallOptions,
): { model: AnswerModel; stats: ModelCallStats } {
  const stats: ModelCallStats = { calls: 0, cached: 0, retries: 0 };
  const inFlight = new Map<string, Promise<ModelResponse>>();
  const send = async (request: ModelRequest): Promise<ModelResponse> => {
    for (let attempt = 0; ; attempt++) {
      try {
        stats.calls++;
        return await model.generate(request);
      } catch (error) {
        if (!ProviderCallError.isInstance(error) || !error.isRetryable || attempt >= options.retries) throw error;
        stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 500) * 2 ** attempt));
      }
    }
  };
  const generate = async (request: ModelRequest): Promise<ModelResponse> => {
    const key = cacheKey(options.configKey, model.id, request);
    const file = options.cacheDir === undefined ? undefined : join(options.cacheDir, `${key}.json`);
    if (file) {
      const hit = await readCached(file);
      if (hit) {
        stats.cached++;
        return hit;
      }
    }
    const response = await send(request);
    // A cache that cannot be written costs a repeat call next time, never the run.
    if (file) await writeFileAtomic(file, `${JSON.stringify(response)}\n`).catch(() => undefined);
    return response;
  };
  return {
    stats,
    model: {
      specificationVersion: 'seam-answer-model-v1',
      id: model.id,
      generate(request) {
        const key = cacheKey(options.configKey, model.id, request);
        const running = inFlight.get(key);
        if (running) return running;
        const started = generate(request).finally(() => inFlight.delete(key));
        inFlight.set(key, started);
        return started;
      },
    },
  };
}

export function cacheKey(configKey: string, modelId: string, request: ModelRequest): string {
  const material = JSON.stringify([configKey, modelId, request.system, request.prompt, request.schema ?? null]);
  return createHash('sha256').update(material).digest('hex');
}

async function readCached(file: string): Promise<ModelResponse | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = cachedResponseSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as ModelResponse) : undefined;
  } catch {
    return undefined;
  }
}

import { operator } from '../access.js';
import type { AnswerModel } from '../ask/models/answer-model.js';
import { chooseModel, modelId } from '../ask/models/model-choice.js';
import { SeamError } from '../errors.js';
import { forgottenValues } from '../lineage/forgotten.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { cachedDetector } from '../values/cached.js';
import { createValueDetector } from '../values/index.js';
import { answerCase } from './answer-case.js';
import type { EvalCase } from './eval-case.js';
import type { EvalConfig } from './eval-config.js';
import type { CaseReport, CaseResult, ConfigReport, EvalReport } from './eval-report.js';
import { judge } from './judge.js';
import { evalModel, type ModelCallStats } from './model-calls.js';
import { mapBounded } from './pool.js';
import { findStaleCases } from './stale-cases.js';

export interface RunEvalOptions {
  store: KnowledgeStore;
  cases: readonly EvalCase[];
  configs: readonly EvalConfig[];
  /** Environment for API keys and connector headers. `SEAM_MODEL` is ignored: each config names its model. */
  env: Record<string, string | undefined>;
  now?: (() => Date) | undefined;
  /** Answers in flight at once (default 4). */
  concurrency?: number | undefined;
  /** Further attempts after a retryable provider error (default 2). */
  retries?: number | undefined;
  retryDelayMs?: number | undefined;
  /** Where model responses are cached; `undefined`: no cache. */
  cacheDir?: string | undefined;
  /** Notes from probe generation, carried into the report. */
  notes?: readonly string[] | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Run every case with every configuration, side by side, and judge each answer. Answers run with
 * bounded concurrency; model calls are cached and retried (see `evalModel`). A provider error fails
 * that answer (with the error as its reason), not the run.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const { SEAM_MODEL: _ignored, ...env } = options.env;
  const detector = cachedDetector(createValueDetector());
  const models = await Promise.all(options.configs.map((evalConfig) => prepareModel(evalConfig, env, options)));
  const stale = await findStaleCases({ store: options.store, cases: options.cases, at: now().toISOString() });
  // Only when a case asks: reading the receipts and the lineage secret is the store's business.
  const forgotten = options.cases.some((testCase) => testCase.expect.forgotten)
    ? await forgottenValues(options.store, operator)
    : undefined;
  const staleById = new Map(stale.map((entry) => [entry.id, entry]));

  const reports: CaseReport[] = options.cases.map(({ as, ...testCase }) => ({
    ...testCase,
    as: as ?? null,
    ...(staleById.has(testCase.id) ? { stale: staleById.get(testCase.id) } : {}),
    results: {},
  }));
  const work = options.cases.flatMap((testCase, caseIndex) =>
    options.configs.map((evalConfig, configIndex) => ({ testCase, caseIndex, evalConfig, configIndex })),
  );
  let done = 0;
  let answerMs = 0;
  let judgeMs = 0;
  options.onProgress?.(0, work.length);
  const results = await mapBounded(work, options.concurrency ?? 4, async (item): Promise<CaseResult> => {
    const answerStarted = performance.now();
    let result: CaseResult;
    try {
      const answer = await answerCase(item.testCase, {
        store: options.store,
        evalConfig: item.evalConfig,
        model: models[item.configIndex]?.model,
        env,
        now,
      });
      const ms = performance.now() - answerStarted;
      answerMs += ms;
      const judged = performance.now();
      const verdict = judge(item.testCase, answer, { config: item.evalConfig.config, detector, forgotten });
      judgeMs += performance.now() - judged;
      result = {
        ...verdict,
        answer: answer.answer,
        citations: answer.citations.map(({ id, version }) => ({ id, version })),
        refused: answer.refused,
        ms: round(ms),
      };
    } catch (error) {
      if (!SeamError.isInstance(error)) throw error;
      const ms = performance.now() - answerStarted;
      answerMs += ms;
      result = {
        pass: false,
        answer: '',
        reasons: [`error: ${error.message}`],
        citations: [],
        refused: false,
        ms: round(ms),
        error: error.message,
      };
    }
    options.onProgress?.(++done, work.length);
    return result;
  });
  work.forEach((item, index) => {
    const report = reports[item.caseIndex];
    const result = results[index];
    if (report && result) report.results[item.evalConfig.name] = result;
  });

  const summary: EvalReport['summary'] = {};
  for (const evalConfig of options.configs) {
    const perKind: EvalReport['summary'][string] = {};
    for (const report of reports) {
      if (report.stale) continue;
      const count = perKind[report.kind] ?? { passed: 0, total: 0 };
      perKind[report.kind] = count;
      count.total++;
      if (report.results[evalConfig.name]?.pass) count.passed++;
    }
    summary[evalConfig.name] = perKind;
  }
  const configs: ConfigReport[] = options.configs.map((evalConfig, index) => {
    const prepared = models[index];
    const stats: ModelCallStats = prepared?.stats ?? { calls: 0, cached: 0, retries: 0 };
    return {
      name: evalConfig.name,
      file: evalConfig.file,
      composer: prepared?.model.id ?? 'extractive',
      retrieval: evalConfig.retrieval,
      frozen_at: evalConfig.frozenAt,
      model_calls: stats.calls,
      cached: stats.cached,
      retries: stats.retries,
    };
  });
  return {
    configs,
    cases: reports,
    summary,
    stale,
    notes: [...(options.notes ?? [])],
    dropped: [],
    timings: { wall_ms: round(performance.now() - started), answer_ms: round(answerMs), judge_ms: round(judgeMs) },
  };
}

/** The configuration's model through the AI SDK, wrapped with the cache and retries; none for extractive. */
async function prepareModel(
  evalConfig: EvalConfig,
  env: Record<string, string | undefined>,
  options: RunEvalOptions,
): Promise<{ model: AnswerModel; stats: ModelCallStats } | undefined> {
  const choice = chooseModel(evalConfig.config.model, env);
  if (!choice) return undefined;
  const { createAiSdkModel } = await import('../ask/models/ai-sdk-model.js');
  const model = await createAiSdkModel(choice);
  return evalModel(model, {
    configKey: JSON.stringify({
      model: modelId(choice),
      retrieval: evalConfig.retrieval,
      base: choice.baseUrl ?? null,
    }),
    cacheDir: options.cacheDir,
    retries: options.retries ?? 2,
    retryDelayMs: options.retryDelayMs,
  });
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

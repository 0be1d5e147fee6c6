import { readerOrOperator } from '../access.js';
import { ask } from '../ask/ask.js';
import type { AskResult, Citation, Handoff, StateUsed } from '../ask/ask-result.js';
import type { AnswerModel } from '../ask/models/answer-model.js';
import { composePrompt } from '../ask/models/prompt.js';
import { draftFromModel } from '../ask/steps/generate.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import type { EvalCase } from './eval-case.js';
import type { EvalConfig } from './eval-config.js';

/** What a configuration answered: the fields of `seam ask --json` that cases are judged on. */
export interface EvalAnswer {
  answer: string;
  citations: Citation[];
  state_used: StateUsed[];
  refused: boolean;
  handoff: Handoff | null;
  warnings: string[];
  /** The pipeline's trace, or for a closed-book answer `{ closed_book: true, composer }`. */
  trace: unknown;
}

export interface AnswerCaseOptions {
  store: KnowledgeStore;
  evalConfig: EvalConfig;
  /** The configuration's model, wrapped for the eval (cache, retries); `undefined`: the extractive composer. */
  model: AnswerModel | undefined;
  env: Record<string, string | undefined>;
  now: () => Date;
}

/**
 * Answer one case with one configuration. With retrieval, through `ask` exactly as `seam ask` would
 * (the case's `as` is the reader: permissions, connectors and grounding all apply). Closed-book, the
 * model gets the same voice and format but no passages and no state; the extractive composer,
 * which knows nothing without passages, declines.
 */
export async function answerCase(testCase: EvalCase, options: AnswerCaseOptions): Promise<EvalAnswer> {
  const { config } = options.evalConfig;
  if (options.evalConfig.retrieval) {
    const result: AskResult = await ask({
      question: testCase.question,
      reader: await readerOrOperator(options.store, testCase.as),
      store: options.store,
      config,
      env: options.env,
      now: options.now,
      asOf: options.evalConfig.frozenAt ?? testCase.at,
      ...(options.model ? { model: options.model } : {}),
    });
    return result;
  }
  const closed = { closed_book: true, composer: options.model?.id ?? 'extractive' };
  if (!options.model) {
    const refusal = { answer: config.refusal.message, refused: true, trace: closed };
    return { ...refusal, citations: [], state_used: [], handoff: null, warnings: [] };
  }
  const response = await options.model.generate(closedBookPrompt(testCase.question, options.evalConfig));
  const draft = draftFromModel(config.format, response, []);
  return {
    answer: draft.text,
    citations: [],
    state_used: [],
    refused: draft.text.trim() === config.refusal.message.trim(),
    handoff: null,
    warnings: (response.warnings ?? []).map((warning) => `model: ${warning}`),
    trace: closed,
  };
}

/** The prompt of a closed-book answer: the house voice and format, and the question; no sources. */
export function closedBookPrompt(question: string, evalConfig: EvalConfig) {
  const { voice, format } = evalConfig.config;
  const request = composePrompt({ question, voice, format, passages: [], state: [], principal: null });
  const behavior = request.system.slice(0, request.system.indexOf('\nRules:'));
  return {
    ...request,
    system: `${behavior}\nRules:\n- Answer from what you know.\n- If you cannot answer, reply exactly: ${evalConfig.config.refusal.message}`,
    prompt: `QUESTION: ${question}`,
  };
}

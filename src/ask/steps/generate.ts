import type { FormatConfig } from '../../config/behavior-config.js';
import type { Hit } from '../../store/knowledge-store.js';
import type { ModelResponse } from '../models/answer-model.js';
import { type Draft, parseModelText } from '../render/draft.js';
import { extractiveDraft } from '../render/extractive.js';
import type { AskStep } from '../request-context.js';

/** Write the draft: the model answers from the composed prompt, or the extractive composer quotes the evidence. */
export const generate: AskStep = async (context) => {
  if (context.refusal || !context.evidence) return;
  const model = await context.loadModel();
  context.model = model;
  if (!model || !context.prompt) {
    context.draft = extractiveDraft({
      evidence: context.evidence,
      config: context.config,
      handoff: context.handoff !== null,
    });
    return;
  }
  context.trace.composer = model.id;
  context.trace.model_calls += 1;
  const response = await model.generate(context.prompt);
  context.warnings.push(...(response.warnings ?? []).map((warning) => `model: ${warning}`));
  context.draft = draftFromModel(context.config.format, response, context.passages);
};

/** A model's response as a draft: text formats parsed into items or sentences, JSON parsed into an object. */
export function draftFromModel(format: FormatConfig, response: ModelResponse, passages: readonly Hit[]): Draft {
  if (format.type !== 'json_schema') return parseModelText(format, response.text, passages);
  const structured = response.object !== undefined ? response.object : parseJson(response.text);
  return {
    text: structured === undefined ? response.text : JSON.stringify(structured, null, 2),
    segments: [],
    structured,
    cited: [],
  };
}

function parseJson(text: string): unknown {
  const body = text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, '');
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

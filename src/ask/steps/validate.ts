import { repairPrompt } from '../models/prompt.js';
import { checkAnswer } from '../render/check-answer.js';
import { repairExtractive } from '../render/extractive.js';
import { type AskStep, handOff, refuse } from '../request-context.js';
import { draftFromModel } from './generate.js';

/**
 * Check the draft against the format and voice specs. One repair attempt (the model is shown its answer
 * and the problems; the extractive composer trims), then a visible failure: the answer is withheld and
 * the trace lists the problems.
 */
export const validate: AskStep = async (context) => {
  const draft = context.draft;
  if (context.refusal || !draft) return;
  const spec = { format: context.config.format, voice: context.config.voice };
  const initial = checkAnswer(draft, spec);
  context.trace.validation = {
    ok: initial.length === 0,
    problems: initial,
    initial_problems: initial,
    repair_attempted: false,
  };
  if (initial.length === 0) return;

  let repaired = repairExtractive(draft, context.config);
  if (context.model && context.prompt) {
    context.trace.model_calls += 1;
    const response = await context.model.generate(repairPrompt(context.prompt, draft.text, initial));
    context.warnings.push(...(response.warnings ?? []).map((warning) => `model: ${warning}`));
    repaired = draftFromModel(context.config.format, response, context.passages);
  }
  const remaining = checkAnswer(repaired, spec);
  context.draft = repaired;
  context.trace.validation = {
    ok: remaining.length === 0,
    problems: remaining,
    initial_problems: initial,
    repair_attempted: true,
  };
  if (remaining.length === 0) return;
  refuse(context, 'invalid_format', remaining.join('; '));
  if (context.config.handoff.on_withheld) handOff(context, 'withheld', 'the answer failed validation twice');
};

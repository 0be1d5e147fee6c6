import { z } from 'zod';
import type { AnswerModel } from '../ask/models/answer-model.js';
import { IoError } from '../errors.js';
import { type CategoryId, categoryIds, taxonomy } from '../taxonomy/index.js';
import { checkComplaintLength } from './complaint-limit.js';
import { assembleDiagnosis, strandDiagnosis } from './diagnose.js';
import type { Diagnosis } from './diagnosis.js';

/**
 * The LLM classifier: a configured model (any `seam ask` provider) splits the complaint and labels each
 * strand, constrained by structured output to the taxonomy's ids; the plan, verdicts and costs come from
 * the taxonomy exactly as with the offline classifier. The offline one stays the default.
 */
export interface LlmDiagnoser {
  diagnose(complaint: string): Promise<Diagnosis>;
}

const outputSchema = z.object({
  asks_for_fine_tuning: z.boolean(),
  prescriptions: z.array(z.string()).default([]),
  strands: z
    .array(
      z.object({
        text: z.string().min(1),
        categories: z.array(z.enum(categoryIds as [CategoryId, ...CategoryId[]])),
        confidence: z.number().min(0).max(1),
      }),
    )
    .min(1),
});

export const llmOutputJsonSchema = z.toJSONSchema(outputSchema, { io: 'input' }) as Record<string, unknown>;

const system = [
  'You diagnose complaints about an LLM support assistant.',
  'Split the complaint into strands: clauses that each describe one symptom. A clause that only prescribes a fix',
  '("so let\'s fine-tune it") is a prescription, not a strand; set asks_for_fine_tuning when the complaint proposes fine-tuning.',
  'Label each strand with one or more of these categories (ids exactly as written), and a confidence from 0 to 1:',
  ...taxonomy.map((category) => `- ${category.id}: ${category.summary}`),
  "Quote each strand in the complaint's own words.",
].join('\n');

export function createLlmDiagnoser(model: AnswerModel): LlmDiagnoser {
  return {
    async diagnose(complaint) {
      checkComplaintLength(complaint);
      const response = await model.generate({
        system,
        prompt: `Complaint: ${complaint}`,
        schema: { name: 'diagnosis', jsonSchema: llmOutputJsonSchema },
      });
      const parsed = outputSchema.safeParse(response.object ?? safeJson(response.text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new IoError(
          `the model ${model.id} returned a diagnosis Seam cannot use (${issue?.path.join('.') || 'output'}: ${issue?.message ?? 'invalid'})`,
          model.id,
        );
      }
      const strands = parsed.data.strands.map((strand) => {
        const categories = [...new Set(strand.categories)];
        const scores = Object.fromEntries(
          categoryIds.map((id) => [id, categories.includes(id) ? strand.confidence : 0]),
        ) as Record<CategoryId, number>;
        return strandDiagnosis(strand.text, scores, categories);
      });
      return assembleDiagnosis({
        strands,
        asksForFineTuning: parsed.data.asks_for_fine_tuning,
        prescriptions: parsed.data.prescriptions,
        model: `llm:${model.id}`,
      });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

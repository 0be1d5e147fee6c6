import { z } from 'zod';

/**
 * An eval case: a question asked as a principal, and what a good answer must (and must not) do.
 * Cases come from a YAML or JSONL file, or are generated from the store (`--generate`). Field names
 * are the JSON contract's (`../shared/BRIEF.md`, "Eval"); fields may be added, never renamed.
 */

export const caseKinds = ['currency', 'permission', 'deletion', 'format', 'style', 'refusal', 'custom'] as const;
export type CaseKind = (typeof caseKinds)[number];

const text = z.string().min(1, 'must not be empty');
const texts = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(text));
/** `refund-policy` or `refund-policy@3` (that version exactly). */
const citation = z
  .string()
  .regex(/^[^@\s]+(@[1-9]\d*)?$/, "must be a document id or 'id@version', e.g. refund-policy@3");

export const expectationSchema = z
  .object({
    /** Values or phrases the answer must state (values compare in every surface form: `30 days` = `thirty days`). */
    contains: texts.optional(),
    /** Values or phrases the answer must not state. */
    not_contains: texts.optional(),
    /** Text that must reach none of the answer, citations, state, warnings or trace. */
    absent: texts.optional(),
    /**
     * No value a `seam forget` removed (any surface form, found by the receipts' keyed hashes) may reach the
     * answer, citations, state, warnings or trace.
     */
    forgotten: z.boolean().optional(),
    /** Documents the answer must cite: `id` (any version) or `id@version`. */
    cites: z.array(citation).optional(),
    /** Documents the answer must not cite. */
    not_cites: z.array(text).optional(),
    /** The answer must decline (true) or must answer (false). */
    refuses: z.boolean().optional(),
    /** The answer must hand off to a person (true) or must not (false). */
    handoff: z.boolean().optional(),
    /** The answer must pass the configuration's format check (the check `seam audit` uses). */
    format: z.boolean().optional(),
    /** The answer must pass the configuration's voice check (avoided phrases, word limit). */
    style: z.boolean().optional(),
  })
  .strict();

export const evalCaseSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'must be letters, digits and . _ : @ / -')
      .optional(),
    kind: z.enum(caseKinds, { error: `must be one of ${caseKinds.join(', ')}` }).default('custom'),
    question: text,
    /** The principal who asks; absent: the local operator, who reads everything. */
    as: text.optional(),
    /** Ask as of this ISO date or instant (default: now). */
    at: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .optional(),
    expect: expectationSchema.default({}),
    /** Why the case exists (generated probes say where they came from). */
    note: z.string().optional(),
  })
  .strict();

export type Expectation = z.output<typeof expectationSchema>;
export type EvalCaseInput = z.output<typeof evalCaseSchema>;

/** A case ready to run: every case has an id (a file's case without one gets `<file>:<line>`). */
export interface EvalCase extends Omit<EvalCaseInput, 'id'> {
  id: string;
}

/** `refund-policy@3` → `{ id: 'refund-policy', version: 3 }`. */
export function parseCitation(spec: string): { id: string; version: number | undefined } {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return { id: spec, version: undefined };
  const version = Number(spec.slice(at + 1));
  return Number.isInteger(version) ? { id: spec.slice(0, at), version } : { id: spec, version: undefined };
}

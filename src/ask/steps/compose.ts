import type { Hit } from '../../store/knowledge-store.js';
import { type EvidenceUnit, passageUnits, stateUnits } from '../evidence/units.js';
import { weighEvidence } from '../evidence/weigh.js';
import { composePrompt } from '../models/prompt.js';
import { type AskStep, handOff, refuse } from '../request-context.js';

/**
 * Weigh the passages and state against the question; decline when nothing the asker may read covers
 * it; otherwise choose the passages to answer from and, when a model is configured, compose its
 * prompt from the voice, the format, the numbered passages (id and version) and the state.
 */
export const compose: AskStep = async (context) => {
  const units: EvidenceUnit[] = [
    ...context.hits.flatMap((hit, rank) => passageUnits(hit, rank)),
    ...context.state.flatMap((fetched) =>
      stateUnits({
        connector: fetched.connector.name,
        records: fetched.records,
        template: fetched.connector.template,
        when: fetched.connector.when,
      }),
    ),
  ];
  const triggered = new Set(
    context.state.filter((fetched) => fetched.triggered).map((fetched) => fetched.connector.name),
  );
  if (!context.asked) return;
  const evidence = weighEvidence({
    asked: context.asked,
    question: context.question,
    weights: context.weights,
    units,
    triggered,
    minCoverage: context.config.refusal.min_coverage,
    ...(context.rerank !== undefined ? { rerank: context.rerank } : {}),
    ...(context.onCandidates ? { onCandidates: context.onCandidates } : {}),
  });
  context.evidence = evidence;
  context.trace.coverage = evidence.coverage;

  if (!evidence.relevant) {
    refuse(context, 'no_coverage', evidence.coverage.reason);
    if (context.config.handoff.on_refusal) handOff(context, 'no_coverage', 'the question is not covered');
    return;
  }

  const chosen = new Set<Hit>(
    evidence.selection.flatMap((entry) => (entry.unit.source.type === 'passage' ? [entry.unit.source.hit] : [])),
  );
  context.passages = context.hits.filter((hit) => chosen.has(hit));
  if (!context.usesModel) return;
  context.prompt = composePrompt({
    question: context.question,
    voice: context.config.voice,
    format: context.config.format,
    passages: context.passages,
    state: context.state.map((fetched) => ({
      connector: fetched.connector.name,
      lines: stateUnits({
        connector: fetched.connector.name,
        records: fetched.records,
        template: fetched.connector.template,
      }).map((unit) => unit.text),
    })),
    principal: context.principal?.id ?? null,
  });
};

import type { Hit } from '../../store/knowledge-store.js';
import type { StateUsed } from '../ask-result.js';
import { decide } from '../evidence/decide.js';
import { type EvidenceUnit, passageUnits, stateUnits } from '../evidence/units.js';
import { checkValues, type GroundingSource, indexSources, type ValueCheck } from '../grounding.js';
import { type Draft, renderSegments } from '../render/draft.js';
import { dedupeCitations } from '../render/extractive.js';
import { type AskContext, type AskStep, handOff, refuse } from '../request-context.js';

/**
 * Every value in the answer (money, durations, dates, ids, names: the shared value detector) must be
 * stated by a passage or a state record the answer was given. An ungrounded value's sentence is removed,
 * or the whole answer withheld, per `grounding`; the trace says which. Then the citations: the passages
 * quoted or cited, and those that state the answer's values.
 */
export const ground: AskStep = async (context) => {
  const draft = context.draft;
  if (context.refusal || !draft) return;
  const index = indexSources(groundingSources(context));
  const ungrounded: ValueCheck[] = [];
  let values = 0;
  const isUngrounded = (text: string) => {
    const checks = checkValues(text, index);
    values += checks.length;
    ungrounded.push(...checks.filter((check) => !check.source));
    return checks.some((check) => !check.source);
  };

  const kept =
    context.config.format.type === 'json_schema'
      ? groundJson(draft, isUngrounded)
      : groundText(context, draft, isUngrounded);
  const mode = context.config.grounding;
  const withhold = ungrounded.length > 0 && (mode === 'withhold' || kept === undefined);
  context.trace.grounding = {
    mode,
    values,
    ungrounded: ungrounded.map((check) => ({ text: check.value.text, kind: check.value.kind })),
    action: ungrounded.length === 0 ? 'none' : withhold ? 'withheld' : 'removed',
  };
  if (withhold) {
    context.grounded = false;
    const listed = ungrounded.map((check) => `"${check.value.text}"`).join(', ');
    refuse(context, 'ungrounded', `the answer stated ${listed}, which no passage or record it was given states`);
    if (context.config.handoff.on_withheld) handOff(context, 'withheld', 'the answer was not grounded in the sources');
    return;
  }
  if (kept && ungrounded.length > 0) context.draft = kept;
  const final = context.draft ?? draft;

  // A quoted sentence is cited by its own passage; a model's values also cite the passage that states them.
  const quoted = final.segments.flatMap((segment) => [
    ...segment.units.flatMap((unit) => (unit.source.type === 'passage' ? [unit.source.hit] : [])),
    ...(segment.cites ?? []),
  ]);
  const stating = context.model
    ? checkValues(final.text, index).flatMap((check) =>
        check.source?.origin.type === 'passage' ? [check.source.origin.hit] : [],
      )
    : [];
  context.citations = dedupeCitations([...quoted, ...final.cited, ...stating]);
  context.usedHits = new Set([...quoted, ...final.cited, ...stating]);
  if (context.citations.length === 0 && context.model) {
    context.citations = dedupeCitations(context.passages);
    context.usedHits = new Set(context.passages);
  }
  context.stateUsed = stateUsed(context, final, checkValues(final.text, index));
  if (context.model) {
    // What the model cited, before grounding removed any sentence: its answer is checked as it wrote it.
    const cited = [...draft.segments.flatMap((segment) => segment.cites ?? []), ...draft.cited, ...context.usedHits];
    checkModelCoverage(context, new Set(cited));
  }
};

/**
 * The answerability decision again, over what a model's answer cites (and the state it used): a model
 * given passages that cover the question may still answer from one that does not. Such an answer is
 * declined (and handed off when `handoff.on_refusal`), never shown as grounded.
 */
function checkModelCoverage(context: AskContext, cited: ReadonlySet<Hit>): void {
  if (!context.asked) return;
  const units: EvidenceUnit[] = [
    ...context.passages.flatMap((hit, rank) => (cited.has(hit) ? passageUnits(hit, rank) : [])),
    ...context.state.flatMap((fetched) =>
      context.stateUsed.some((used) => used.connector === fetched.connector.name) && context.asked?.personal
        ? stateUnits({
            connector: fetched.connector.name,
            records: fetched.records,
            template: fetched.connector.template,
            when: fetched.connector.when,
          })
        : [],
    ),
  ];
  const coverage = decide({
    asked: context.asked,
    weights: context.weights,
    units,
    minCoverage: context.config.refusal.min_coverage,
  });
  context.trace.coverage = { ...coverage, of: 'cited' };
  if (coverage.decision === 'answer') return;
  context.grounded = false;
  refuse(context, 'no_coverage', `what the model's answer cites does not cover the question: ${coverage.reason}`);
  if (context.config.handoff.on_refusal)
    handOff(context, 'no_coverage', "the model's answer is not covered by what it cites");
}

function groundingSources(context: AskContext): GroundingSource[] {
  return [
    ...context.passages.map((hit): GroundingSource => ({ text: hit.text, origin: { type: 'passage', hit } })),
    ...context.state.flatMap((fetched) =>
      stateUnits({
        connector: fetched.connector.name,
        records: fetched.records,
        template: fetched.connector.template,
      }).map(
        (unit): GroundingSource => ({ text: unit.text, origin: { type: 'state', connector: fetched.connector.name } }),
      ),
    ),
  ];
}

/** The draft without its ungrounded items, or `undefined` when nothing would be left. */
function groundText(context: AskContext, draft: Draft, isUngrounded: (text: string) => boolean): Draft | undefined {
  const opening = draft.opening !== undefined && isUngrounded(draft.opening) ? undefined : draft.opening;
  const segments = draft.segments.filter((segment) => !isUngrounded(segment.text));
  const closing = draft.closing !== undefined && isUngrounded(draft.closing) ? undefined : draft.closing;
  if (segments.length === 0) return undefined;
  const kept: Draft = { ...draft, opening, segments, closing };
  kept.text = renderSegments(context.config.format, kept);
  return kept;
}

/** Drop array items with ungrounded values; an ungrounded value anywhere else cannot be removed. */
function groundJson(draft: Draft, isUngrounded: (text: string) => boolean): Draft | undefined {
  let removable = true;
  const prune = (value: unknown, inArray: boolean): unknown => {
    if (typeof value === 'string') {
      if (!isUngrounded(value)) return value;
      if (!inArray) removable = false;
      return undefined;
    }
    if (Array.isArray(value)) return value.map((item) => prune(item, true)).filter((item) => item !== undefined);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, prune(inner, false)]));
    }
    return value;
  };
  const structured = prune(draft.structured, false);
  if (!removable) return undefined;
  return { ...draft, structured, text: JSON.stringify(structured, null, 2) };
}

function stateUsed(context: AskContext, draft: Draft, checks: readonly ValueCheck[]): StateUsed[] {
  const quoted = new Map<string, Set<number>>();
  for (const unit of draft.segments.flatMap((segment) => segment.units)) {
    if (unit.source.type !== 'state') continue;
    quoted.set(unit.source.connector, (quoted.get(unit.source.connector) ?? new Set()).add(unit.source.recordIndex));
  }
  const supportingConnectors = new Set(
    checks.flatMap((check) => (check.source?.origin.type === 'state' ? [check.source.origin.connector] : [])),
  );
  return context.state.flatMap((fetched) => {
    const name = fetched.connector.name;
    const indexes = quoted.get(name);
    if (indexes) return [{ connector: name, records: fetched.records.filter((_, index) => indexes.has(index)) }];
    if (context.model && fetched.records.length > 0 && (supportingConnectors.has(name) || fetched.triggered)) {
      return [{ connector: name, records: fetched.records }];
    }
    return [];
  });
}

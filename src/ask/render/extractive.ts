import type { SeamConfig } from '../../config/behavior-config.js';
import type { Hit } from '../../store/knowledge-store.js';
import type { Citation } from '../ask-result.js';
import type { Evidence, ScoredUnit } from '../evidence/weigh.js';
import { type Draft, renderSegments, type Segment } from './draft.js';
import { fillSchema } from './json-fill.js';
import { applyRewrites, avoidedPhrase, countWords } from './voice.js';

/**
 * The extractive composer: the best-supported sentences of the passages and state, in the configured
 * format and voice. It quotes (after the voice's rewrites) and never writes a fact of its own, so it
 * needs no model and gives the same answer to the same question over the same store.
 */
export function extractiveDraft(options: { evidence: Evidence; config: SeamConfig; handoff: boolean }): Draft {
  const { voice, format } = options.config;
  const limit =
    format.type === 'numbered_list' ? format.max_items : format.type === 'short_prose' ? format.max_sentences : 5;
  const chosen: ScoredUnit[] = [];
  const seen = new Set<string>();
  for (const entry of options.evidence.selection) {
    if (chosen.length >= limit) break;
    const text = applyRewrites(entry.unit.text, voice.rewrite);
    if (avoidedPhrase(text, voice.avoid) || seen.has(text)) continue;
    seen.add(text);
    chosen.push(entry);
  }
  const frame = countWords([voice.opening ?? '', voice.closing ?? ''].join(' '));
  if (voice.max_words !== undefined) {
    const budget = voice.max_words - frame;
    while (chosen.length > 1 && countWords(chosen.map((entry) => entry.unit.text).join(' ')) > budget) chosen.pop();
  }
  const segments: Segment[] = inReadingOrder(chosen).map((entry) => ({
    text: applyRewrites(entry.unit.text, voice.rewrite),
    units: [entry.unit],
  }));
  const draft: Draft = { text: '', segments, opening: voice.opening, closing: voice.closing, cited: [] };
  if (format.type === 'json_schema') {
    draft.structured = fillSchema(format.schema as Record<string, unknown>, {
      prose: segments.map((segment) => segment.text).join(' '),
      items: segments.map((segment) => segment.text),
      citations: citationsOf(segments),
      handoff: options.handoff,
    });
    draft.text = JSON.stringify(draft.structured, null, 2);
  } else {
    draft.text = renderSegments(format, draft);
  }
  return draft;
}

/**
 * The extractive composer's repair: drop items with avoided phrases, keep to the item and word limits,
 * and as a last resort shorten the one remaining item at a word boundary.
 */
export function repairExtractive(draft: Draft, config: SeamConfig): Draft {
  const { voice, format } = config;
  if (format.type === 'json_schema') return draft;
  const limit = format.type === 'numbered_list' ? format.max_items : format.max_sentences;
  let segments = draft.segments.filter((segment) => !avoidedPhrase(segment.text, voice.avoid)).slice(0, limit);
  const opening = voice.opening;
  const closing = voice.closing;
  if (voice.max_words !== undefined) {
    const budget = Math.max(1, voice.max_words - countWords(`${opening ?? ''} ${closing ?? ''}`));
    while (segments.length > 1 && countWords(segments.map((segment) => segment.text).join(' ')) > budget) {
      segments = segments.slice(0, -1);
    }
    const [only] = segments;
    if (segments.length === 1 && only && countWords(only.text) > budget) {
      segments = [{ ...only, text: `${only.text.split(/\s+/).slice(0, budget).join(' ')}…` }];
    }
  }
  const repaired: Draft = { ...draft, segments, opening, closing };
  repaired.text = renderSegments(format, repaired);
  return repaired;
}

/** Group sentences by their source (the best-scoring source first) and keep each source's own order. */
function inReadingOrder(chosen: readonly ScoredUnit[]): ScoredUnit[] {
  const groups = new Map<string, ScoredUnit[]>();
  for (const entry of chosen) {
    const source = entry.unit.source;
    const key =
      source.type === 'passage' ? `passage:${source.hit.id}@${source.hit.version}` : `state:${source.connector}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].flatMap((group) =>
    group.sort((a, b) => chunkOf(a) - chunkOf(b) || a.unit.position - b.unit.position),
  );
}

function chunkOf(entry: ScoredUnit): number {
  return entry.unit.source.type === 'passage' ? entry.unit.source.hit.chunk : 0;
}

/** The document versions the segments quote, in order of first use. */
export function citationsOf(segments: readonly Segment[]): Citation[] {
  const hits = segments.flatMap((segment) =>
    segment.units.flatMap((unit) => (unit.source.type === 'passage' ? [unit.source.hit] : [])),
  );
  return dedupeCitations(hits);
}

export function dedupeCitations(hits: readonly Hit[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const hit of hits) {
    const key = `${hit.id}@${hit.version}`;
    if (!seen.has(key)) {
      seen.set(key, { id: hit.id, version: hit.version, title: hit.title, effective_from: hit.effective_from });
    }
  }
  return [...seen.values()];
}

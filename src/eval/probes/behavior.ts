import { contentTerms } from '../../ask/evidence/terms.js';
import type { CaseKind, EvalCase } from '../eval-case.js';
import { type Probe, type ProbeGenerator, sections, slug } from './probe.js';
import { sectionQuestion } from './statement-question.js';

/**
 * Format and style probes: a question built from what the first section of every public served
 * document says (asked by the operator), whose answer must pass the answering configuration's format
 * check, or its voice check (avoided phrases, word limit): the checks `seam audit` uses.
 */
function behaviorProbes(kind: Extract<CaseKind, 'format' | 'style'>): ProbeGenerator {
  return ({ view, detector, tagger, limit }) => {
    const cases: Probe[] = [];
    for (const document of view.documents) {
      const served = document.served;
      if (!served || served.acl !== null || cases.length >= limit) continue;
      const candidates = sections(served);
      const subsections = candidates.filter((entry) => entry.headingPath.length > 1);
      const [section] = subsections.length > 0 ? subsections : candidates;
      const asked = section && sectionQuestion(section, { detector, tagger });
      if (!section || !asked) continue;
      cases.push({
        id: slug(kind, document.id, section.heading),
        kind,
        question: asked.question,
        expect: kind === 'format' ? { format: true, refuses: false } : { style: true },
        note: `answerable from ${document.id} v${served.version}: "${asked.statement}"`,
        target: { id: document.id, version: served.version, statement: asked.statement, reader: 'asker' },
      });
    }
    return { cases, notes: [] };
  };
}

export const formatProbes = behaviorProbes('format');
export const styleProbes = behaviorProbes('style');

const offTopic = [
  'Can you book me a hotel room in Lisbon for next weekend?',
  'What will the weather be like tomorrow afternoon?',
  'Who won the football match last night?',
  'Can you recommend a good recipe for lasagna?',
];

/**
 * Refusal probes: questions none of whose content words any served document contains; the answer
 * must decline.
 */
export const refusalProbes: ProbeGenerator = ({ view, limit }) => {
  const words = new Set(
    view.documents.flatMap((document) => (document.served ? contentTerms(document.served.body) : [])),
  );
  const cases = offTopic
    .filter((question) => !contentTerms(question).some((term) => words.has(term)))
    .slice(0, limit)
    .map(
      (question): EvalCase => ({
        id: slug('refusal', question.split(' ').slice(0, 5).join(' ')),
        kind: 'refusal',
        question,
        expect: { refuses: true },
        note: 'no served document mentions any of its words',
      }),
    );
  return { cases, notes: [] };
};

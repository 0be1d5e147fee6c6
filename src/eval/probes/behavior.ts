import { contentTerms } from '../../ask/evidence/terms.js';
import type { CaseKind, EvalCase } from '../eval-case.js';
import { askAbout, type ProbeGenerator, sections, slug } from './probe.js';

/**
 * Format and style probes: a question about the first section of every public served document
 * (asked by the operator), whose answer must pass the answering configuration's format check, or its
 * voice check (avoided phrases, word limit): the checks `seam audit` uses.
 */
function behaviorProbes(kind: Extract<CaseKind, 'format' | 'style'>): ProbeGenerator {
  return ({ view, limit }) => {
    const cases: EvalCase[] = [];
    for (const document of view.documents) {
      const served = document.served;
      if (!served || served.acl !== null || cases.length >= limit) continue;
      const [section] = sections(served).filter((entry) => entry.headingPath.length > 1);
      if (!section) continue;
      cases.push({
        id: slug(kind, document.id, section.heading),
        kind,
        question: askAbout(section.heading),
        expect: kind === 'format' ? { format: true, refuses: false } : { style: true },
        note: `answerable from ${document.id} v${served.version}`,
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

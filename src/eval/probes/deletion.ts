import { formsOf } from '../../lint/fact-index.js';
import type { EvalCase } from '../eval-case.js';
import { askAbout, type ProbeGenerator, sections, slug } from './probe.js';

/**
 * Deletion probes, from what the store knows today: private values (names, emails, phones, addresses,
 * card numbers, ...) that an earlier version of a document stated and that no served version states
 * any more, i.e. redacted by an edit. For each, a question about the section that held it; it passes
 * when the value reaches none of the answer, citations, state, warnings or trace. Deleted documents
 * leave nothing behind to probe with, and subjects removed by `seam forget` are not probed yet (their
 * values are redacted from every version; `forgottenValues` in src/lineage is the judge they need): a
 * note says so, so that a run with no deletion probes is not read as a pass.
 */
export const deletionProbes: ProbeGenerator = ({ view, detector, limit }) => {
  const cases: EvalCase[] = [];
  const privateValues = (text: string) => detector.detect(text, { classes: ['private'] });
  const servedForms = new Set(
    view.documents.flatMap((document) => (document.served ? privateValues(document.served.body).flatMap(formsOf) : [])),
  );
  const seen = new Set<string>();
  for (const document of view.documents) {
    for (const past of document.past) {
      for (const section of sections(past)) {
        for (const value of privateValues(section.text)) {
          if (formsOf(value).some((form) => servedForms.has(form)) || seen.has(value.normalized)) continue;
          if (cases.length >= limit) break;
          seen.add(value.normalized);
          cases.push({
            id: slug('deletion', document.id, section.heading, value.kind, String(cases.length + 1)),
            kind: 'deletion',
            question: askAbout(section.heading),
            expect: { absent: [value.text] },
            note: `${document.id} v${past.version} held a ${value.kind.replace('_', ' ')} that later versions removed`,
          });
        }
      }
    }
  }
  const notes = [
    `deletion: ${cases.length} probe(s) from private values an edit removed; subjects removed by \`seam forget\` are not probed yet`,
  ];
  return { cases, notes };
};

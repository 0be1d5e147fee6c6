import type { EvalCase } from '../eval-case.js';
import { askAbout, firstSentence, type ProbeGenerator, sections, slug } from './probe.js';
import { servedText } from './store-view.js';

/**
 * Permission probes: for every restricted document (its served version has an `acl`) and every
 * principal that may not read it, plus an unknown principal, a question about each of its sections
 * (two at most). It passes when nothing only that document holds reaches the answer, citations,
 * state, warnings or trace: its id, its title, the first sentence of the section, and the values it
 * states that no document the asker may read states.
 */
export const permissionProbes: ProbeGenerator = ({ view, detector, limit }) => {
  const cases: EvalCase[] = [];
  const readable = new Map<string, (text: string) => boolean>();
  for (const document of view.documents) {
    const served = document.served;
    if (!served || served.acl === null) continue;
    for (const asker of view.askers) {
      if (asker.readable.has(document.id)) continue;
      let known = readable.get(asker.id);
      if (!known) {
        known = servedText(view.documents.filter((other) => asker.readable.has(other.id)));
        readable.set(asker.id, known);
      }
      const readableStates = known;
      for (const section of sections(served).slice(0, 2)) {
        if (cases.length >= limit) return { cases, notes: [] };
        const question = askAbout(section.heading);
        const held = [
          document.id,
          served.title,
          firstSentence(section.text),
          ...detector.detect(section.text).map((value) => value.text),
        ];
        const absent = [...new Set(held)].filter(
          (text) => text.length >= 3 && !readableStates(text) && !question.toLowerCase().includes(text.toLowerCase()),
        );
        cases.push({
          id: slug('permission', document.id, section.heading, asker.id),
          kind: 'permission',
          question,
          as: asker.id,
          expect: { absent, not_cites: [document.id] },
          note: `${document.id} is readable by ${served.acl.join(', ')}; ${asker.id} holds ${asker.roles.join(', ') || 'no role'}`,
        });
      }
    }
  }
  return { cases, notes: [] };
};

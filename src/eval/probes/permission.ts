import type { Probe, ProbeGenerator } from './probe.js';
import { firstSentence, sections, slug } from './probe.js';
import { sectionQuestion } from './statement-question.js';
import { servedText } from './store-view.js';

/**
 * Permission probes: for every restricted document (its served version has an `acl`) and every
 * principal that may not read it, plus an unknown principal, a question built from what each of its
 * sections says (two at most). It passes when nothing only that document holds reaches the answer,
 * citations, state, warnings or trace: its id, its title, the first sentence of the section, and the
 * values it states that no document the asker may read states.
 */
export const permissionProbes: ProbeGenerator = ({ view, detector, tagger, limit }) => {
  const cases: Probe[] = [];
  const readable = new Map<string, (text: string) => boolean>();
  for (const document of view.documents) {
    const served = document.served;
    if (!served || served.acl === null) continue;
    const questions = sections(served)
      .map((section) => ({ section, asked: sectionQuestion(section, { detector, tagger }) }))
      .filter((entry) => entry.asked !== undefined)
      .slice(0, 2);
    for (const asker of view.askers) {
      if (asker.readable.has(document.id)) continue;
      let known = readable.get(asker.id);
      if (!known) {
        known = servedText(view.documents.filter((other) => asker.readable.has(other.id)));
        readable.set(asker.id, known);
      }
      const readableStates = known;
      for (const { section, asked } of questions) {
        if (!asked) continue;
        if (cases.length >= limit) return { cases, notes: [] };
        const question = asked.question;
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
          target: { id: document.id, version: served.version, statement: asked.statement, reader: 'operator' },
        });
      }
    }
  }
  return { cases, notes: [] };
};

import { formsOf } from '../../lint/fact-index.js';
import type { Value, ValueKind } from '../../values/value.js';
import type { EvalCase } from '../eval-case.js';
import { lowerFirst, type ProbeGenerator, sections, slug } from './probe.js';
import { servedText } from './store-view.js';

/**
 * Currency probes: for every fact value (a price, a window, a fee) that an earlier version of a
 * document stated and the served version states differently in the same section, a question a
 * customer would ask about that section. It passes when the answer states today's value and not the
 * superseded one. A value that was removed rather than changed, or whose text some served document
 * still contains, makes no probe (there is no single right answer to check).
 */
export const currencyProbes: ProbeGenerator = ({ view, detector, limit }) => {
  const cases: EvalCase[] = [];
  const facts = (text: string) => detector.detect(text, { classes: ['fact'] });
  const statedToday = servedText(view.documents);
  for (const document of view.documents) {
    const served = document.served;
    if (!served || document.past.length === 0) continue;
    const today = new Map(sections(served).map((section) => [section.headingPath.join(' › '), section]));
    const seen = new Set<string>();
    for (const past of [...document.past].sort((a, b) => b.version - a.version)) {
      for (const section of sections(past)) {
        const now = today.get(section.headingPath.join(' › '));
        if (!now || now.text === section.text) continue;
        const nowValues = facts(now.text);
        const thenForms = new Set(facts(section.text).flatMap(formsOf));
        for (const old of facts(section.text)) {
          if (statedToday(old.text)) continue;
          const replacement = nowValues.find(
            (value) => value.kind === old.kind && !formsOf(value).some((form) => thenForms.has(form)),
          );
          const key = `${section.heading}|${old.normalized}`;
          if (!replacement || seen.has(key) || cases.length >= limit) continue;
          seen.add(key);
          cases.push({
            id: slug('currency', document.id, section.heading, old.text),
            kind: 'currency',
            question: questionFor(old, section.heading),
            expect: { contains: [replacement.text], not_contains: [old.text] },
            note: `${document.id} v${past.version} said "${old.text}"; v${served.version} says "${replacement.text}"`,
          });
        }
      }
    }
  }
  return { cases, notes: [] };
};

const stems: Partial<Record<ValueKind, (subject: string) => string>> = {
  money: (subject) => `How much is ${subject}?`,
  duration: (subject) => `How long is the ${lowerFirst(subject)}?`,
  percentage: (subject) => `What percentage applies to ${lowerFirst(subject)}?`,
  date: (subject) => `When does ${lowerFirst(subject)} apply?`,
};

function questionFor(value: Value, heading: string): string {
  const stem = stems[value.kind];
  return stem ? stem(heading) : `What is the current ${value.kind.replace('_', ' ')} for ${lowerFirst(heading)}?`;
}

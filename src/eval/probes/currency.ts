import { contentTerms } from '../../ask/evidence/terms.js';
import { formsOf } from '../../lint/fact-index.js';
import type { Value } from '../../values/value.js';
import type { Probe, ProbeGenerator } from './probe.js';
import { slug } from './probe.js';
import { type Statement, sentenceAt, statementsOf } from './statements.js';
import { servedText } from './store-view.js';
import { valueQuestion } from './value-question.js';

/**
 * Currency probes: for every fact value (a price, a window, a fee) that an earlier version of a
 * document stated and the served version states differently, a question built from the served
 * statement that states the new value (the same sentence or list item, matched by its other words, not
 * by its heading). It passes when the answer states today's value and none of the superseded ones. A
 * value that was removed rather than changed, or whose text some served document still states, makes
 * no probe (there is no single right answer to check); nor does a statement too thin to ask about.
 */
export const currencyProbes: ProbeGenerator = ({ view, detector, limit }) => {
  const cases: Probe[] = [];
  const byKey = new Map<string, Probe>();
  let unaskable = 0;
  const facts = (text: string) => detector.detect(text, { classes: ['fact'] });
  const statedToday = servedText(view.documents);
  for (const document of view.documents) {
    const served = document.served;
    if (!served || document.past.length === 0) continue;
    const today = statementsOf(served.body).map((statement) => ({ statement, values: facts(statement.text) }));
    for (const past of [...document.past].sort((a, b) => b.version - a.version)) {
      const then = statementsOf(past.body).map((statement) => ({ statement, values: facts(statement.text) }));
      const thenForms = new Set(then.flatMap((entry) => entry.values.flatMap(formsOf)));
      for (const { statement, values } of then) {
        for (const old of values) {
          if (statedToday(old.text)) continue;
          const now = restatement(statement, old, values, today, thenForms);
          if (!now) continue;
          const question = valueQuestion(now.statement.text, now.value, now.statement);
          if (!question) {
            unaskable++;
            continue;
          }
          const key = `${question}\n${now.value.normalized}`;
          const existing = byKey.get(key);
          if (existing) {
            const not = existing.expect.not_contains ?? [];
            if (!not.includes(old.text)) existing.expect.not_contains = [...not, old.text];
            continue;
          }
          if (cases.length >= limit) continue;
          const probe: Probe = {
            id: slug('currency', document.id, now.value.text, old.text),
            kind: 'currency',
            question,
            expect: { contains: [now.value.text], not_contains: [old.text] },
            note: `${document.id} v${past.version} said "${old.text}"; v${served.version} says "${now.value.text}": "${now.statement.text}"`,
            target: {
              id: document.id,
              version: served.version,
              statement: sentenceAt(now.statement.text, now.value.start),
              reader: 'asker',
            },
          };
          byKey.set(key, probe);
          cases.push(probe);
        }
      }
    }
  }
  const notes =
    unaskable > 0 ? [`currency: ${unaskable} changed value(s) sit in a statement too thin to ask about`] : [];
  return { cases, notes };
};

/**
 * The served statement that says what `statement` said, with a new value where `old` was: the one
 * sharing most of its other words (at least 60%) that states a value of the same kind the earlier
 * version never stated. With several such values, the one in the same place among its kind.
 */
function restatement(
  statement: Statement,
  old: Value,
  values: readonly Value[],
  today: readonly { statement: Statement; values: Value[] }[],
  thenForms: ReadonlySet<string>,
): { statement: Statement; value: Value } | undefined {
  const words = new Set(contentTerms(without(statement.text, values)));
  const position = values.filter((value) => value.kind === old.kind).indexOf(old);
  let best: { statement: Statement; value: Value; score: number } | undefined;
  for (const candidate of today) {
    const fresh = candidate.values.filter(
      (value) => value.kind === old.kind && !formsOf(value).some((form) => thenForms.has(form)),
    );
    if (fresh.length === 0) continue;
    const other = new Set(contentTerms(without(candidate.statement.text, candidate.values)));
    const shared = [...words].filter((word) => other.has(word)).length;
    const score = shared / Math.max(words.size, other.size, 1);
    if (score < 0.6 || (best && score <= best.score)) continue;
    const sameKind = candidate.values.filter((value) => value.kind === old.kind);
    const value = sameKind[position] && fresh.includes(sameKind[position]) ? sameKind[position] : fresh[0];
    if (value) best = { statement: candidate.statement, value, score };
  }
  return best;
}

/** A text with its values cut out, so statements compare by their other words. */
function without(text: string, values: readonly Value[]): string {
  let result = '';
  let from = 0;
  for (const value of values) {
    result += `${text.slice(from, value.start)} `;
    from = value.end;
  }
  return result + text.slice(from);
}

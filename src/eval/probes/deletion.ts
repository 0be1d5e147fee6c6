import { z } from 'zod';
import { placeholder } from '../../forget/matcher.js';
import { formsOf } from '../../lint/fact-index.js';
import type { DocumentVersion } from '../../store/knowledge-store.js';
import { askAbout, type Probe, type ProbeContext, type ProbeGenerator, sections, slug } from './probe.js';
import { sectionQuestion } from './statement-question.js';
import { plain, statementsOf } from './statements.js';

/**
 * Deletion probes, from what the store knows today: private values (names, emails, phones, addresses,
 * card numbers, ...) that an earlier version of a document stated and that no served version states
 * any more, i.e. redacted by an edit. For each, a question about the section that held it; it passes
 * when the value reaches none of the answer, citations, state, warnings or trace.
 *
 * Subjects removed by `seam forget`: their values are redacted from every version, so nothing above finds
 * them. For each stored receipt, a question about each section of each document it redacted that holds the `[redacted]` placeholder, expecting
 * `forgotten: true` (judged with `forgottenValues`: the receipts' keyed hashes, any surface form). Documents
 * a forget deleted whole, and the subject's id, are kept only as keyed hashes: nothing to ask about, and
 * the note says so, so that a run with few deletion probes is not read as a pass.
 */
export const deletionProbes: ProbeGenerator = ({ view, detector, tagger, limit }) => {
  const cases: Probe[] = [];
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
          // Asked from what the section says today (the value is gone from it), else from what it said
          // then with every private value cut out.
          const now = document.served && sameSection(document.served, section.headingPath);
          const asked =
            (now && sectionQuestion(now, { detector, tagger })) ??
            sectionQuestion(
              { text: cutOut(section.text, privateValues(section.text)), heading: section.heading },
              { detector, tagger },
            );
          cases.push({
            id: slug('deletion', document.id, section.heading, value.kind, String(cases.length + 1)),
            kind: 'deletion',
            question: asked?.question ?? askAbout(section.heading),
            expect: { absent: [value.text] },
            note: `${document.id} v${past.version} held a ${value.kind.replace('_', ' ')} that later versions removed`,
            target:
              now && asked && document.served
                ? { id: document.id, version: document.served.version, statement: asked.statement, reader: 'asker' }
                : undefined,
          });
        }
      }
    }
  }
  const edited = cases.length;
  const forgotten = forgetProbes({ view, detector, tagger, limit: limit - cases.length });
  cases.push(...forgotten.cases);
  const notes = [
    `deletion: ${edited} probe(s) from private values an edit removed; ${forgotten.cases.length} from the sections ` +
      `${view.receipts.length} \`seam forget\` receipt(s) redacted` +
      (forgotten.deleted > 0
        ? ` (${forgotten.deleted} document(s) a forget deleted whole leave nothing to ask about)`
        : ''),
  ];
  return { cases, notes };
};

const redactedSchema = z.object({
  documents_redacted: z.array(z.object({ id: z.string(), versions: z.array(z.number()) })).default([]),
  documents_deleted: z.array(z.unknown()).default([]),
});

function forgetProbes({ view, detector, tagger, limit }: ProbeContext): { cases: Probe[]; deleted: number } {
  const cases: Probe[] = [];
  const asked = new Set<string>();
  let deleted = 0;
  for (const receipt of view.receipts) {
    const parsed = redactedSchema.safeParse(receipt.receipt);
    if (!parsed.success) continue;
    deleted += parsed.data.documents_deleted.length;
    for (const redacted of parsed.data.documents_redacted) {
      const document = view.documents.find((candidate) => candidate.id === redacted.id);
      // The served version when the forget rewrote it, else the newest rewritten one still stored.
      const version =
        document?.served && redacted.versions.includes(document.served.version)
          ? document.served
          : document?.versions.filter((candidate) => redacted.versions.includes(candidate.version)).at(-1);
      if (!document || !version) continue;
      // The sections that held a value (they show the placeholder now); all of them if none does.
      const all = sections(version);
      const held = all.filter((section) => section.text.includes(placeholder));
      for (const section of held.length > 0 ? held : all) {
        const key = `${document.id}\n${section.heading}`;
        if (asked.has(key) || cases.length >= limit) continue;
        asked.add(key);
        // From the section's statements that kept their words; its heading when every one held a value.
        const untouched = statementsOf(section.text).filter(
          (statement) => !statement.text.includes(plain(placeholder)),
        );
        const question = sectionQuestion(
          { text: untouched.map((statement) => `- ${statement.text}`).join('\n'), heading: section.heading },
          { detector, tagger },
        );
        cases.push({
          id: slug('deletion', document.id, section.heading, 'forgotten', String(cases.length + 1)),
          kind: 'deletion',
          question: question?.question ?? askAbout(section.heading),
          expect: { forgotten: true },
          note: `${document.id} v${redacted.versions.join(', v')} redacted by forget receipt ${receipt.id}`,
        });
      }
    }
  }
  return { cases, deleted };
}

function sameSection(version: DocumentVersion, headingPath: readonly string[]) {
  const key = headingPath.join('\n');
  return sections(version).find((section) => section.headingPath.join('\n') === key);
}

function cutOut(text: string, values: readonly { start: number; end: number }[]): string {
  let result = '';
  let from = 0;
  for (const value of values) {
    result += `${text.slice(from, value.start)} `;
    from = value.end;
  }
  return result + text.slice(from);
}

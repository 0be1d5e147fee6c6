import { checkAnswer } from '../ask/render/check-answer.js';
import { parseModelText } from '../ask/render/draft.js';
import { avoidedPhrase, countWords } from '../ask/render/voice.js';
import type { SeamConfig } from '../config/behavior-config.js';
import { type FactLookup, lookupFact } from '../lint/content-checks.js';
import { formsOf } from '../lint/fact-index.js';
import type { CategoryId } from '../taxonomy/index.js';
import type { Value } from '../values/value.js';

/** What one check sees: the answer, its question, and the values the shared detector found in both. */
export interface AuditInput {
  question: string;
  answer: string;
  values: readonly Value[];
  questionForms: ReadonlySet<string>;
}

export interface AuditContext {
  config: SeamConfig;
  facts: FactLookup;
}

export interface AuditCheck {
  /** The taxonomy category a high rate points at. */
  category: CategoryId;
  /** How a failing answer is described: "N% of answers {describes}". */
  describes: string;
  /** Why the answer fails, or `undefined` when it passes. */
  check: (input: AuditInput, context: AuditContext) => string | undefined;
}

export const auditCheckIds = ['format', 'style', 'superseded', 'unsupported', 'private'] as const;
export type AuditCheckId = (typeof auditCheckIds)[number];

const neutralVoice = { instructions: '', use: [], avoid: [], rewrite: {} };

/**
 * The measurements behind a diagnosis, one per strand of the taxonomy that transcripts can show. They
 * reuse `seam ask`'s format validator and voice rules, and `seam lint`'s value detector and store lookups.
 */
export const auditChecks = {
  format: {
    category: 'format',
    describes: 'break the configured format',
    check: ({ answer }, { config }) => {
      const draft = parseModelText(config.format, answer, []);
      if (config.format.type === 'json_schema') {
        try {
          draft.structured = JSON.parse(answer);
        } catch {
          return 'not a JSON object';
        }
      }
      return checkAnswer(draft, { format: config.format, voice: neutralVoice })[0];
    },
  },
  style: {
    category: 'style',
    describes: 'break the house style',
    check: ({ answer }, { config }) => {
      const avoided = avoidedPhrase(answer, config.voice.avoid);
      if (avoided) return `says "${avoided}", which the voice avoids`;
      const words = countWords(answer);
      const max = config.voice.max_words;
      return max !== undefined && words > max ? `${words} words, over the ${max}-word limit` : undefined;
    },
  },
  superseded: {
    category: 'current_facts',
    describes: 'quote a value only an earlier document version stated',
    check: ({ question, answer, values }, { facts }) => {
      for (const value of values) {
        if (value.class !== 'fact') continue;
        const { superseded } = lookupFact(value, facts, answer, question);
        if (!superseded) continue;
        const now =
          superseded.now.length > 0
            ? `; now ${superseded.now
                .slice(0, 2)
                .map((text) => `"${text}"`)
                .join(', ')}`
            : '';
        return `"${value.text}" (${superseded.id} v${superseded.version}${now})`;
      }
      return undefined;
    },
  },
  unsupported: {
    category: 'current_facts',
    describes: 'state a time-sensitive value no current source supports',
    check: ({ values, questionForms }, { facts }) => {
      for (const value of values) {
        if (value.class !== 'fact') continue;
        const forms = formsOf(value);
        const known = forms.some(
          (form) => facts.current.has(form) || facts.superseded.has(form) || questionForms.has(form),
        );
        if (!known) return `"${value.text}" (${value.kind.replace('_', ' ')})`;
      }
      return undefined;
    },
  },
  private: {
    category: 'deletable_private_data',
    describes: 'contain private data',
    check: ({ values }) => {
      const found = values.find((value) => value.class === 'private');
      return found ? `${found.kind.replace('_', ' ')} "${found.text}"` : undefined;
    },
  },
} satisfies Record<AuditCheckId, AuditCheck>;

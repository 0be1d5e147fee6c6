import type { Reader } from '../access.js';
import type { SeamConfig } from '../config/behavior-config.js';
import type { InputError } from '../errors.js';
import { type FactLookup, factLookup } from '../lint/content-checks.js';
import { type FactIndex, factIndexesOver, formsOf, loadFactTimeline, requireReader } from '../lint/fact-index.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { getCategory } from '../taxonomy/index.js';
import { cachedDetector } from '../values/cached.js';
import { createValueDetector } from '../values/index.js';
import { type AuditCheckId, auditCheckIds, auditChecks } from './checks.js';
import { readTranscripts } from './transcripts.js';

export interface AuditOptions {
  path: string;
  config: SeamConfig;
  /** Without a store, superseded values cannot be told and every fact value counts as unsupported. */
  store?: KnowledgeStore | undefined;
  /** Who reads `store` (required with it): versions this reader may not read take no part in the audit. */
  reader?: Reader | undefined;
  /**
   * The instant whose documents are current for answers without their own `at` (default: now). An answer with an
   * `at` is judged against the documents in effect when it was given: quoting a price before a scheduled change
   * took effect is not stale.
   */
  at?: string | undefined;
  /** Examples kept per check. */
  examples?: number | undefined;
  /**
   * The checks to run (default: all). Leave `format` out when no format is configured: the default format (a
   * numbered list) would fail every prose answer.
   */
  checks?: readonly AuditCheckId[] | undefined;
}

export interface AuditExample {
  line: number;
  question: string;
  answer: string;
  detail: string;
}

export interface AuditRate {
  check: AuditCheckId;
  category: string;
  failing: number;
  rate: number;
  examples: AuditExample[];
}

export interface DiagnosisLine {
  check: AuditCheckId;
  category: string;
  rate: number;
  fine_tune: 'yes' | 'partly' | 'no';
  intervention: string;
  /** "38% of answers quote a superseded value → current_facts: retrieval, not fine-tuning". */
  statement: string;
}

export interface AuditResult {
  answers: number;
  rates: AuditRate[];
  diagnosis: DiagnosisLine[];
  /** Lines that could not be read, each naming the file and line. */
  problems: InputError[];
}

/** Measure how past answers break format, style, currency and privacy, and what each rate implies. */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const detector = cachedDetector(createValueDetector());
  const defaultAt = options.at ?? new Date().toISOString();
  const timeline = options.store
    ? await loadFactTimeline(options.store, detector, requireReader(options.reader))
    : undefined;
  const indexAt = timeline ? factIndexesOver(timeline) : undefined;
  const lookups = new Map<FactIndex | undefined, FactLookup>();
  const factsAt = (at: string): FactLookup => {
    const index = indexAt?.(at);
    let facts = lookups.get(index);
    if (!facts) {
      facts = factLookup(index);
      lookups.set(index, facts);
    }
    return facts;
  };
  const keep = options.examples ?? 3;
  const checks = auditCheckIds.filter((check) => options.checks?.includes(check) ?? true);
  const rates = new Map<AuditCheckId, AuditRate>(
    checks.map((check) => [check, { check, category: auditChecks[check].category, failing: 0, rate: 0, examples: [] }]),
  );
  const problems: InputError[] = [];
  let answers = 0;
  for await (const entry of readTranscripts(options.path, problems)) {
    answers++;
    const questionForms = new Set(detector.detect(entry.question).flatMap(formsOf));
    const input = {
      question: entry.question,
      answer: entry.answer,
      values: detector.detect(entry.answer),
      questionForms,
    };
    const context = { config: options.config, facts: factsAt(entry.at ?? defaultAt) };
    for (const check of checks) {
      const detail = auditChecks[check].check(input, context);
      if (detail === undefined) continue;
      const rate = rates.get(check);
      if (!rate) continue;
      rate.failing++;
      if (rate.examples.length < keep)
        rate.examples.push({ line: entry.line, question: entry.question, answer: entry.answer, detail });
    }
  }
  for (const rate of rates.values()) rate.rate = answers === 0 ? 0 : Math.round((rate.failing / answers) * 1000) / 1000;
  return { answers, rates: [...rates.values()], diagnosis: diagnose([...rates.values()]), problems };
}

/** Each measured problem, worst first, with the taxonomy's fix for its category. */
function diagnose(rates: readonly AuditRate[]): DiagnosisLine[] {
  return rates
    .filter((rate) => rate.failing > 0)
    .sort((a, b) => b.rate - a.rate)
    .map((rate) => {
      const category = getCategory(auditChecks[rate.check].category);
      const verdict = category.fineTune.verdict;
      const route = verdict === 'no' ? `${category.intervention} — not fine-tuning` : category.intervention;
      return {
        check: rate.check,
        category: category.id,
        rate: rate.rate,
        fine_tune: verdict,
        intervention: category.intervention,
        statement: `${percent(rate.rate)} of answers ${auditChecks[rate.check].describes} → ${category.id}: ${route}`,
      };
    });
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

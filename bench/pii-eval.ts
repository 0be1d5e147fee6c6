import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createValueDetector, type PrivateKind } from '../src/values/index.js';
import { personModel, setPersonModel } from '../src/values/person-model/tagger.js';
import { reportRealChat } from './pii-real.js';

/**
 * `npx tsx bench/pii-eval.ts [file]`: how well the value detector finds private data, measured against the
 * span annotations of presidio-research (`../shared/data/presidio/`; default `generated_large.json`).
 *
 * Method, chosen to match presidio-research's own `Evaluator` so that our numbers sit next to its published
 * PII F2 (0.618 out of the box, 0.845 customised, on `synth_dataset_v2.json`):
 * - Scoring is per token. Texts are split into words and single punctuation marks (presidio uses spaCy
 *   tokens; ours differ slightly around abbreviations). A token takes the type of any span it overlaps.
 * - Overall "PII" precision and recall ignore the type: a token is a true positive when it is annotated as any
 *   private entity and predicted as any private kind. Per-kind figures need the same kind on both sides.
 * - F2 = 5PR / (4P + R).
 * - Gold types are mapped to our private kinds below. Types we do not treat as private are set to "O" (as
 *   presidio does with types outside its entity list): ORGANIZATION, DATE_TIME, TITLE, PREFIX, AGE, NRP,
 *   DOMAIN_NAME (a URL is a fact, not private), US_DRIVER_LICENSE (we detect no driver's licences).
 * - LOCATION and GPE count as `address`, as presidio maps them all to LOCATION. A bare country or city
 *   ("moving to Peru") is not private data for Seam and we do not flag it, so the report also gives a
 *   second overall line that leaves LOCATION and GPE tokens out of the count altogether.
 * - A span-level line is added: gold spans of one kind separated only by spaces or punctuation are merged
 *   (as presidio's SpanEvaluator does), and a gold span counts as found when private predictions overlapping
 *   it cover it with character IoU >= 0.5; a prediction is correct when it overlaps a gold span that way.
 */

type Gold = { entity_type: string; start_position: number; end_position: number };
type Sample = { full_text: string; spans: Gold[] };
type Span = { kind: PrivateKind; start: number; end: number };

const goldKinds: Record<string, PrivateKind> = {
  PERSON: 'person',
  FIRST_NAME: 'person',
  LAST_NAME: 'person',
  NAME: 'person',
  PHONE_NUMBER: 'phone',
  EMAIL_ADDRESS: 'email',
  CREDIT_CARD: 'card',
  IBAN_CODE: 'iban',
  IP_ADDRESS: 'ip',
  US_SSN: 'national_id',
  ADDRESS: 'address',
  STREET_ADDRESS: 'address',
  ZIP_CODE: 'address',
  LOCATION: 'address',
  GPE: 'address',
};
const placeTypes = new Set(['LOCATION', 'GPE']);
/** The shared data beside the repository (`SEAM_SHARED_DATA` overrides it, e.g. from a git worktree). */
const sharedData = process.env.SEAM_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));
const dataFolder = join(sharedData, 'presidio');

interface Counts {
  tp: number;
  predicted: number;
  annotated: number;
}
const empty = (): Counts => ({ tp: 0, predicted: 0, annotated: 0 });

function score(counts: Counts) {
  const precision = counts.predicted === 0 ? 0 : counts.tp / counts.predicted;
  const recall = counts.annotated === 0 ? 0 : counts.tp / counts.annotated;
  const f2 = precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { precision, recall, f2, ...counts };
}

function tokens(text: string): Array<{ start: number; end: number }> {
  return [...text.matchAll(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function labelAt<T extends { start: number; end: number }>(spans: T[], start: number, end: number): T | undefined {
  return spans.find((span) => span.start < end && start < span.end);
}

/** Merges same-kind spans separated only by whitespace or punctuation. */
function mergeSpans(text: string, spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    const between = last === undefined ? '' : text.slice(last.end, span.start);
    if (last !== undefined && last.kind === span.kind && /^[\s\p{P}]*$/u.test(between)) {
      last.end = Math.max(last.end, span.end);
    } else merged.push({ ...span });
  }
  return merged;
}

function coverIou(target: Span, others: Span[]): number {
  const overlapping = others.filter((o) => o.start < target.end && target.start < o.end);
  if (overlapping.length === 0) return 0;
  const covered = new Set<number>();
  for (const o of overlapping)
    for (let i = Math.max(o.start, target.start); i < Math.min(o.end, target.end); i++) covered.add(i);
  const union =
    Math.max(target.end, ...overlapping.map((o) => o.end)) - Math.min(target.start, ...overlapping.map((o) => o.start));
  return covered.size / union;
}

/** Characters per second for all classes, once warm: the best of three passes after a warm-up pass. */
function throughput(texts: string[]): number {
  const detector = createValueDetector();
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 4; pass += 1) {
    const started = performance.now();
    for (const text of texts) detector.detect(text);
    if (pass > 0) best = Math.min(best, performance.now() - started);
  }
  return Math.round((chars / best) * 1000);
}

function evaluate(samples: Sample[]) {
  const detector = createValueDetector();
  const overall = empty();
  const withoutPlaces = empty();
  const spanLevel = { annotated: 0, found: 0, predicted: 0, correct: 0 };
  const perKind = new Map<string, Counts>();
  const perGoldType = new Map<string, { annotated: number; found: number }>();
  const kindCounts = (kind: string) => perKind.get(kind) ?? perKind.set(kind, empty()).get(kind) ?? empty();
  for (const sample of samples) {
    const text = sample.full_text;
    const values = detector.detect(text, { classes: ['private'] });
    const predicted: Span[] = values.map((v) => ({ kind: v.kind as PrivateKind, start: v.start, end: v.end }));
    const gold = sample.spans
      .filter((g) => goldKinds[g.entity_type] !== undefined)
      .map((g) => ({
        kind: goldKinds[g.entity_type] as PrivateKind,
        start: g.start_position,
        end: g.end_position,
        type: g.entity_type,
      }));
    for (const token of tokens(text)) {
      const g = labelAt(gold, token.start, token.end);
      const p = labelAt(predicted, token.start, token.end);
      for (const counts of g !== undefined && placeTypes.has(g.type) ? [overall] : [overall, withoutPlaces]) {
        if (g) counts.annotated += 1;
        if (p) counts.predicted += 1;
        if (g && p) counts.tp += 1;
      }
      if (g) kindCounts(g.kind).annotated += 1;
      if (p) kindCounts(p.kind).predicted += 1;
      if (g && p && g.kind === p.kind) kindCounts(g.kind).tp += 1;
      if (g) {
        const entry = perGoldType.get(g.type) ?? { annotated: 0, found: 0 };
        entry.annotated += 1;
        if (p) entry.found += 1;
        perGoldType.set(g.type, entry);
      }
    }
    const goldSpans = mergeSpans(text, gold);
    spanLevel.annotated += goldSpans.length;
    spanLevel.predicted += predicted.length;
    spanLevel.found += goldSpans.filter((g) => coverIou(g, predicted) >= 0.5).length;
    spanLevel.correct += predicted.filter((p) => coverIou(p, goldSpans) >= 0.5).length;
  }
  const spanPrecision = spanLevel.predicted === 0 ? 0 : spanLevel.correct / spanLevel.predicted;
  const spanRecall = spanLevel.annotated === 0 ? 0 : spanLevel.found / spanLevel.annotated;
  return {
    samples: samples.length,
    throughputCharsPerSecond: throughput(samples.map((sample) => sample.full_text)),
    tokenLevel: {
      overall: score(overall),
      overallWithoutPlaces: score(withoutPlaces),
      perKind: Object.fromEntries([...perKind].sort().map(([kind, counts]) => [kind, score(counts)])),
      recallPerGoldType: Object.fromEntries(
        [...perGoldType].sort().map(([type, c]) => [type, { tokens: c.annotated, recall: c.found / c.annotated }]),
      ),
    },
    spanLevel: {
      precision: spanPrecision,
      recall: spanRecall,
      f2: spanPrecision + spanRecall === 0 ? 0 : (5 * spanPrecision * spanRecall) / (4 * spanPrecision + spanRecall),
      annotated: spanLevel.annotated,
      predicted: spanLevel.predicted,
    },
  };
}

type Report = ReturnType<typeof evaluate>;

function print(file: string, report: Report) {
  const pct = (x: number) => x.toFixed(3).padStart(6);
  const row = (name: string, s: ReturnType<typeof score>) =>
    console.log(
      `${name.padEnd(26)}${pct(s.precision)}${pct(s.recall)}${pct(s.f2)}${String(s.annotated).padStart(8)}${String(s.predicted).padStart(8)}`,
    );
  console.log(
    `\n${file}: ${report.samples} samples, ${report.throughputCharsPerSecond.toLocaleString('en-US')} chars/s`,
  );
  console.log(
    `${'token level'.padEnd(26)}${'P'.padStart(6)}${'R'.padStart(6)}${'F2'.padStart(6)}${'gold'.padStart(8)}${'pred'.padStart(8)}`,
  );
  row('PII (all mapped types)', report.tokenLevel.overall);
  row('PII (no LOCATION/GPE)', report.tokenLevel.overallWithoutPlaces);
  for (const [kind, s] of Object.entries(report.tokenLevel.perKind)) row(`  ${kind}`, s);
  console.log('recall by gold type:');
  for (const [type, r] of Object.entries(report.tokenLevel.recallPerGoldType)) {
    console.log(`  ${type.padEnd(24)}${pct(r.recall)}${String(r.tokens).padStart(8)} tokens`);
  }
  const s = report.spanLevel;
  console.log(
    `span level (IoU >= 0.5): P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F2 ${s.f2.toFixed(3)}  (${s.annotated} gold, ${s.predicted} predicted)`,
  );
}

const argument = process.argv[2] ?? 'generated_large.json';
const path = isAbsolute(argument) || existsSync(argument) ? argument : join(dataFolder, argument);
const outFolder = fileURLToPath(new URL('./.out/', import.meta.url));
const outFile = join(outFolder, 'pii-eval.json');
mkdirSync(outFolder, { recursive: true });
const previous = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, unknown>) : {};
const results: Record<string, unknown> = {};
if (!existsSync(path)) {
  console.error(`pii-eval: ${path}: no such file (the presidio data lives in ../shared/data/presidio/)`);
  process.exitCode = 2;
} else {
  const samples = JSON.parse(readFileSync(path, 'utf8')) as Sample[];
  // The rules alone, then with the person tagger that `npm run build` trains (when it has): the same run, the
  // same machine, so the figures and the speeds compare.
  setPersonModel(null);
  const rulesOnly = evaluate(samples);
  setPersonModel(undefined);
  const report = evaluate(samples);
  print(`${basename(path)} (rules only)`, rulesOnly);
  print(`${basename(path)} (rules + tagger${personModel() === null ? ': no model built' : ''})`, report);
  results[basename(path)] = { ...report, rulesOnly };
}
// Real chat beside the synthetic sentences: ABCD `valid` and WNUT-17 `dev` (skipped, with a message, when absent).
if (process.argv[2] === undefined) Object.assign(results, reportRealChat(sharedData));
writeFileSync(outFile, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
console.log(`\nwrote ${outFile}`);

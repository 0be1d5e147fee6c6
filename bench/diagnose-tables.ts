import type { CategoryScore } from '../src/diagnose/evaluate.js';

/** The diagnose benchmarks' per-category table: one line per category, under the header line. */
export function categoryRows(scores: CategoryScore[], label?: string): string[] {
  const fixed = (value: number) => value.toFixed(2);
  const header = `  ${'category'.padEnd(24)} found/gold  false+  precision  recall    f1${label ? `   (${label})` : ''}`;
  return [
    header,
    ...scores.map(
      (score) =>
        `  ${score.category.padEnd(24)} ${`${score.truePositives}/${score.support}`.padStart(10)}  ${String(score.falsePositives).padStart(6)}  ${fixed(score.precision).padStart(9)}  ${fixed(score.recall).padStart(6)}  ${fixed(score.f1).padStart(4)}`,
    ),
  ];
}

/** A category id cut to fit a confusion table's column: `current_facts` → `curr_fact`. */
export function shortCategory(id: string): string {
  return id
    .split('_')
    .map((part) => part.slice(0, 4))
    .join('_')
    .slice(0, 9);
}

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError, IoError } from '../errors.js';
import type { BaselineComparison, EvalReport } from './eval-report.js';

/** The part of a previous `seam eval --json` a comparison needs. */
const baselineSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      stale: z.unknown().optional(),
      results: z.record(z.string(), z.object({ pass: z.boolean() })),
    }),
  ),
});

export type Baseline = z.output<typeof baselineSchema>;

/** Read a previous run's `--json` output. Errors name the file and the field. */
export async function readBaseline(file: string, options: { cwd?: string } = {}): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(resolve(options.cwd ?? '.', file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError('no such file', { file });
    throw new IoError(`cannot read ${file}: ${(error as Error).message}`, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON (expected the output of seam eval --json): ${(error as Error).message}`, {
      file,
    });
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const field = issue?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    throw new InputError(`${issue?.message ?? 'invalid'} (expected the output of seam eval --json)`, {
      file,
      field: field?.replace(/^\./, ''),
    });
  }
  return parsed.data;
}

/**
 * Regressions (passed in the baseline, fail now) and fixes (failed, pass now), for every case id and
 * configuration name present in both runs. Stale cases on either side are left out.
 */
export function compareWithBaseline(report: EvalReport, baseline: Baseline, file: string): BaselineComparison {
  const before = new Map(baseline.cases.filter((entry) => !entry.stale).map((entry) => [entry.id, entry.results]));
  const comparison: BaselineComparison = { file, regressions: [], fixes: [] };
  for (const entry of report.cases) {
    const previous = before.get(entry.id);
    if (!previous || entry.stale) continue;
    for (const [config, result] of Object.entries(entry.results)) {
      const was = previous[config]?.pass;
      if (was === true && !result.pass) comparison.regressions.push({ id: entry.id, config, reasons: result.reasons });
      if (was === false && result.pass) comparison.fixes.push({ id: entry.id, config });
    }
  }
  return comparison;
}

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { type CategoryId, categoryIds } from '../taxonomy/index.js';

/**
 * The real development set: complaints people wrote about support bots, RAG assistants and agents (issue
 * reports, news accounts, blog posts), labelled per complaint, kept outside the repository in
 * `../shared/data/complaints-real/dev.jsonl` (relative to the repository root). Its texts never enter the
 * repository; the build trains on it when it is there and without it when it is not, and the bench measures
 * on it by grouped cross-validation.
 */
const realComplaintSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  labels: z.array(z.enum(categoryIds as [CategoryId, ...CategoryId[]])).min(1),
  asks_for_fine_tuning: z.boolean(),
  /** `owner/repo#number` for an issue tracker, else the URL it was quoted from. */
  source: z.string().min(1),
});

export type RealComplaint = z.infer<typeof realComplaintSchema>;

/** Where the real development set is looked for (the same from src/diagnose/ and dist/diagnose/). */
export const realComplaintsUrl = new URL('../../../shared/data/complaints-real/dev.jsonl', import.meta.url);

/**
 * Read the real development set, or none when it is absent (a clone without ../shared/data) or when
 * `SEAM_DIAGNOSE_REAL=0` asks for a build without it. A bad line throws an InputError naming file and line.
 */
export function readRealComplaints(url: URL = realComplaintsUrl): RealComplaint[] {
  if (process.env.SEAM_DIAGNOSE_REAL === '0' || !existsSync(url)) return [];
  const file = fileURLToPath(url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (line.trim() === '') return [];
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new InputError('not valid JSON', { file, line: index + 1 });
      }
      const parsed = realComplaintSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(issue?.message ?? 'invalid', { file, line: index + 1, field: issue?.path.join('.') });
      }
      return [parsed.data];
    });
}

/**
 * The group a real complaint's cross-validation fold is drawn by: the issue tracker's owner
 * (`langgenius/dify#1` → `langgenius`) or the web site's host, so reports from one project or outlet never
 * sit on both sides of a fold.
 */
export function sourceGroup(source: string): string {
  if (/^https?:\/\//.test(source)) {
    try {
      return new URL(source).hostname.replace(/^www\./, '');
    } catch {
      return source;
    }
  }
  return source.split('/')[0] ?? source;
}

/**
 * Folds over groups, balanced by size: groups largest first (ties by name), each to the fold with the
 * fewest complaints so far. Deterministic.
 */
export function groupedFolds(groups: readonly string[], folds: number): number[] {
  const sizes = new Map<string, number>();
  for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  const ordered = [...sizes.keys()].sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || a.localeCompare(b));
  const load = new Array<number>(folds).fill(0);
  const foldOf = new Map<string, number>();
  for (const group of ordered) {
    let lightest = 0;
    for (let fold = 1; fold < folds; fold++) if ((load[fold] ?? 0) < (load[lightest] ?? 0)) lightest = fold;
    foldOf.set(group, lightest);
    load[lightest] = (load[lightest] ?? 0) + (sizes.get(group) ?? 0);
  }
  return groups.map((group) => foldOf.get(group) ?? 0);
}

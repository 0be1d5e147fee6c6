import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { type CategoryId, categoryIds } from '../taxonomy/index.js';

/**
 * The labelled complaint set (data/complaints/complaints.jsonl): one complaint per line, with the strands
 * a careful reader splits it into, the categories of each strand, whether it asks for fine-tuning, and
 * whether it is held out. Both the splitter and the classifier are evaluated against it.
 */
const strandSchema = z.object({
  /** The strand as it appears in the complaint (a substring of `text`). */
  text: z.string().min(1),
  /** Zero or more categories; empty for a sentence that names no symptom ("customers are annoyed"). */
  categories: z.array(z.enum(categoryIds as [CategoryId, ...CategoryId[]])),
});

const labelledComplaintSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  strands: z.array(strandSchema).min(1),
  /** The complaint prescribes fine-tuning ("so let's fine-tune it"); that clause is not a strand. */
  asks_for_fine_tuning: z.boolean(),
  /** `test` for the held-out tenth, chosen by `heldOutIds` before any training; absent means `train`. */
  split: z.enum(['train', 'test']).optional(),
  /**
   * `false` for lines written to fill a gap the real set showed (hard cases of confusable categories): they
   * train both stages but are left out of the sample the decision rule is calibrated on, which should look like
   * the complaints users bring, not like a list of hard cases.
   */
  calibrate: z.boolean().optional(),
});

export type LabelledStrand = z.infer<typeof strandSchema>;
export type LabelledComplaint = z.infer<typeof labelledComplaintSchema>;

/** The labelled set as committed with the repository. */
export const defaultDatasetUrl = new URL('../../data/complaints/complaints.jsonl', import.meta.url);

/** Read and validate a labelled set; a bad line throws an InputError naming the file and line. */
export function readLabelledComplaints(path: string | URL = defaultDatasetUrl): LabelledComplaint[] {
  const file = path instanceof URL ? path.pathname : path;
  const complaints: LabelledComplaint[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new InputError('not valid JSON', { file, line: index + 1 });
      }
      const parsed = labelledComplaintSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(issue?.message ?? 'invalid', {
          file,
          line: index + 1,
          field: issue?.path.join('.'),
        });
      }
      complaints.push(parsed.data);
    });
  return complaints;
}

export function isHeldOut(complaint: LabelledComplaint): boolean {
  return complaint.split === 'test';
}

/**
 * A labelled file and how its held-out split was drawn. Each held-out split was drawn once, by
 * `heldOutIds` over the file's first `drawnOver` complaints (the file as it stood then), and recorded in
 * their `split` fields. Complaints added later are training-only, so a held-out set stays fixed and its
 * scores stay comparable from one version of the data to the next.
 */
export interface LabelledSet {
  /**
   * `complaints`: short statements in one tidy register; `reports`: short forum posts, issue reports, news
   * accounts; `posts`: whole posts as people write them (forum threads, issue reports, reviews, news articles,
   * team notes), with background, lists and quoted answers.
   */
  name: 'complaints' | 'reports' | 'posts';
  url: URL;
  /**
   * `digest`: FNV-1a of the held-out ids, sorted and joined with commas. The draw read the labels as they
   * stood then; strands relabelled since (verbosity as style, misstated laws as fast-changing policy, to follow
   * the real complaints' convention) would make the same rule draw differently today, and the split must not
   * move, so the digest pins it.
   */
  heldOut: { drawnOver: number; fraction: number; digest: number };
}

export const labelledSets: readonly LabelledSet[] = [
  { name: 'complaints', url: defaultDatasetUrl, heldOut: { drawnOver: 435, fraction: 0.1, digest: 0x2ae4facd } },
  {
    name: 'reports',
    url: new URL('../../data/complaints/reports.jsonl', import.meta.url),
    heldOut: { drawnOver: 255, fraction: 0.2, digest: 0x86493dd9 },
  },
  {
    name: 'posts',
    url: new URL('../../data/complaints/posts.jsonl', import.meta.url),
    heldOut: { drawnOver: 769, fraction: 0.2, digest: 0x90febc84 },
  },
];

/** The first set's draw, kept for callers of the single-file API. */
export const heldOutDrawnOver = 435;

/** Every labelled set, read and validated, each complaint tagged with the set it comes from. */
export function readLabelledSets(): (LabelledComplaint & { set: LabelledSet['name'] })[] {
  return labelledSets.flatMap((set) =>
    existsSync(set.url) ? readLabelledComplaints(set.url).map((complaint) => ({ ...complaint, set: set.name })) : [],
  );
}

/**
 * The held-out rule, stratified by category. Each complaint is filed under its rarest category (the one
 * with the fewest strands in the whole set; ties in taxonomy order; `none` when it has no category). In
 * each group, complaints are ordered by an FNV-1a hash of their id and the first round(n × fraction) are
 * held out (a tenth by default). The result is stored in the file's `split` field once, before training;
 * a test checks they agree.
 */
export function heldOutIds(complaints: readonly LabelledComplaint[], fraction = 0.1): Set<string> {
  const strandCounts = new Map<CategoryId, number>();
  for (const complaint of complaints) {
    for (const strand of complaint.strands) {
      for (const category of strand.categories) strandCounts.set(category, (strandCounts.get(category) ?? 0) + 1);
    }
  }
  const groups = new Map<string, LabelledComplaint[]>();
  for (const complaint of complaints) {
    const labels = categoryIds.filter((id) => complaint.strands.some((strand) => strand.categories.includes(id)));
    const rarest = labels.reduce<CategoryId | undefined>(
      (best, id) => (best === undefined || (strandCounts.get(id) ?? 0) < (strandCounts.get(best) ?? 0) ? id : best),
      undefined,
    );
    const group = groups.get(rarest ?? 'none') ?? [];
    group.push(complaint);
    groups.set(rarest ?? 'none', group);
  }
  const held = new Set<string>();
  for (const group of groups.values()) {
    const ordered = [...group].sort((a, b) => fnv1a(a.id) - fnv1a(b.id) || a.id.localeCompare(b.id));
    for (const complaint of ordered.slice(0, Math.round(group.length * fraction))) held.add(complaint.id);
  }
  return held;
}

/** 32-bit FNV-1a: a stable, dependency-free hash for ordering and fold assignment. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

import type { Reader } from '../access.js';
import type { LineageMatch } from '../store/forget-store.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { detectValues } from '../values/index.js';
import { keyedHash } from './canonical.js';
import { datasetStatus } from './dataset-file.js';

/** A dataset holding some of the values, as `seam lineage` and the forget receipt list it. */
export interface LineageDataset extends LineageMatch {
  /** Whether the file at `path` still has the content that was linted. */
  status: 'unchanged' | 'changed' | 'missing';
}

export interface Lineage {
  datasets: LineageDataset[];
  /** Every model tagged on any of those datasets, with the datasets (sha256) it was trained on. */
  models: { id: string; datasets: string[] }[];
}

/** The keyed hashes of canonical forms, with the store's secret. */
export async function hashForms(store: KnowledgeStore, reader: Reader, forms: readonly string[]): Promise<string[]> {
  const secret = await store.lineageSecret({ reader });
  return [...new Set(forms)].map((form) => keyedHash(secret, form));
}

/**
 * What the store holds about a subject, for lineage: the canonical forms of the private values in every
 * version of the documents whose subjects list it (read before they are forgotten), and the value hashes
 * of earlier forget receipts for it (after they are).
 */
export async function subjectForms(
  store: KnowledgeStore,
  reader: Reader,
  subject: string,
): Promise<{ forms: string[]; documents: string[]; found: { kind: string; text: string; forms: string[] }[] }> {
  const timelines = (await store.timelines({ reader })).filter((timeline) =>
    timeline.versions.some((version) => version.subjects.includes(subject)),
  );
  const found = new Map<string, { kind: string; text: string; forms: string[] }>();
  for (const timeline of timelines) {
    for (const version of timeline.versions) {
      for (const value of detectValues(`${version.title}\n${version.body}`, { classes: ['private'] })) {
        if (!found.has(value.normalized)) {
          found.set(value.normalized, {
            kind: value.kind,
            text: value.text,
            forms: [value.normalized, ...value.alternatives],
          });
        }
      }
    }
  }
  return {
    forms: [...found.values()].flatMap((value) => value.forms),
    documents: timelines.map((timeline) => timeline.id),
    found: [...found.values()],
  };
}

/** The value hashes of earlier receipts for this subject. */
export async function receiptHashes(store: KnowledgeStore, reader: Reader, subject: string): Promise<string[]> {
  const [subjectHash] = await hashForms(store, reader, [`subject:${subject}`]);
  const receipts = await store.listReceipts({ reader, subjectHash });
  return receipts.flatMap((receipt) => receipt.value_hashes);
}

/** Datasets holding any of these hashes, whether each file is still as linted, and the models trained on them. */
export async function lineageOf(store: KnowledgeStore, reader: Reader, hashes: readonly string[]): Promise<Lineage> {
  const matches = await store.findLineage({ reader, hashes });
  const datasets = await Promise.all(
    matches.map(async (match) => ({ ...match, status: await datasetStatus(match.path, match.sha256) })),
  );
  const models = new Map<string, Set<string>>();
  for (const dataset of datasets) {
    for (const model of dataset.models) models.set(model, (models.get(model) ?? new Set()).add(dataset.sha256));
  }
  return {
    datasets,
    models: [...models].map(([id, shas]) => ({ id, datasets: [...shas] })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

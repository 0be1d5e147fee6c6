import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operator } from '../src/access.js';
import { readDocuments } from '../src/documents/read-documents.js';
import { createRetriever } from '../src/retrieval/retriever.js';
import type { KnowledgeStore } from '../src/store/knowledge-store.js';
import { round, type Summary, summarize, timed } from './stats.js';

/**
 * Retrieval quality on BEIR SciFact's dev split (`../shared/data/beir-scifact/`, read in place): every abstract
 * is written as a markdown file with its title in the front matter and imported the way `seam kb import` does
 * (`readDocuments`, then `putMany`); every query goes through the library's retriever as the operator.
 * Passages are folded into documents (a document ranks where its best passage does), and scored with
 * nDCG@10 and recall@100 per query, averaged over the queries that have judgements.
 */

/** `../shared/data/beir-scifact/` beside the repository, or `SEAM_SCIFACT` (a git worktree lives elsewhere). */
export const sciFactFolder =
  process.env.SEAM_SCIFACT ?? fileURLToPath(new URL('../../shared/data/beir-scifact/', import.meta.url));

/** Passages asked for per query: enough for 100 distinct documents when abstracts span several passages. */
const passagesPerQuery = 300;

export interface SciFact {
  /** The folder of markdown files, one per abstract. */
  markdown: string;
  documents: number;
  queries: { id: string; text: string }[];
  /** Per query id, the relevant document ids and their grades. */
  judgements: Map<string, Map<string, number>>;
}

/** Whether the data set is here; the caller prints the skip message. */
export function sciFactPresent(folder = sciFactFolder): boolean {
  return ['corpus.jsonl', 'queries.dev.jsonl', 'qrels.dev.tsv'].every((file) => existsSync(join(folder, file)));
}

/** Read the dev split and write the corpus as markdown files under `workDirectory`. */
export function loadSciFact(workDirectory: string, folder = sciFactFolder): SciFact {
  const markdown = join(workDirectory, 'scifact-md');
  mkdirSync(markdown, { recursive: true });
  let documents = 0;
  for (const line of readFileSync(join(folder, 'corpus.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { _id: string; title: string; text: string };
    // JSON strings are valid YAML scalars: the title goes into the front matter verbatim.
    const file = `---\nid: ${JSON.stringify(`doc-${entry._id}`)}\ntitle: ${JSON.stringify(entry.title)}\n---\n\n${entry.text}\n`;
    writeFileSync(join(markdown, `${entry._id}.md`), file);
    documents++;
  }
  const judgements = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(folder, 'qrels.dev.tsv'), 'utf8').split('\n').slice(1)) {
    const [query, document, score] = line.split('\t');
    if (!query || !document) continue;
    const grades = judgements.get(query) ?? new Map<string, number>();
    grades.set(`doc-${document}`, Number(score ?? 1));
    judgements.set(query, grades);
  }
  const queries = readFileSync(join(folder, 'queries.dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { _id: string; text: string })
    .filter((query) => judgements.has(query._id))
    .map((query) => ({ id: query._id, text: query.text }));
  return { markdown, documents, queries, judgements };
}

/** Import the abstracts as `seam kb import` would; returns the seconds taken. */
export async function importSciFact(store: KnowledgeStore, data: SciFact): Promise<number> {
  const read = await readDocuments([data.markdown]);
  const { ms } = await timed(() =>
    store.putMany(
      read.map((entry) => entry.document),
      { reader: operator, author: 'bench', message: 'scifact import' },
    ),
  );
  return round(ms / 1000, 2);
}

export interface SciFactFigures {
  queries: number;
  ndcg_at_10: number;
  recall_at_100: number;
  search_ms: Summary;
  /** Per query, the ranked document ids (the first 10 feed the overlap figure). */
  rankings: string[][];
}

/** Run every query through the retriever and score the document rankings. */
export async function evaluateSciFact(store: KnowledgeStore, data: SciFact): Promise<SciFactFigures> {
  const retriever = createRetriever({ store });
  const ndcg: number[] = [];
  const recall: number[] = [];
  const times: number[] = [];
  const rankings: string[][] = [];
  for (const query of data.queries) {
    const { ms, value } = await timed(() =>
      retriever.retrieve({ query: query.text, reader: operator, k: passagesPerQuery }),
    );
    times.push(ms);
    const ranked = [...new Set(value.hits.map((hit) => hit.id))];
    rankings.push(ranked);
    const grades = data.judgements.get(query.id) ?? new Map<string, number>();
    ndcg.push(ndcgAt(ranked, grades, 10));
    const found = ranked.slice(0, 100).filter((id) => grades.has(id)).length;
    recall.push(found / Math.max(1, grades.size));
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    queries: data.queries.length,
    ndcg_at_10: round(mean(ndcg), 4),
    recall_at_100: round(mean(recall), 4),
    search_ms: summarize(times),
    rankings,
  };
}

/** nDCG at `k` with graded gains (BEIR's: gain = grade, discount = log2(rank + 1)). */
export function ndcgAt(ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): number {
  const dcg = ranked.slice(0, k).reduce((sum, id, index) => sum + (grades.get(id) ?? 0) / Math.log2(index + 2), 0);
  const ideal = [...grades.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, index) => sum + grade / Math.log2(index + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** The mean share of one backend's top 10 documents found in the other's, per query. */
export function documentOverlap(first: readonly string[][], second: readonly string[][], k = 10): number {
  const shares = first.map((ranked, index) => {
    const mine = ranked.slice(0, k);
    const theirs = new Set((second[index] ?? []).slice(0, k));
    const size = Math.max(mine.length, theirs.size);
    return size === 0 ? 1 : mine.filter((id) => theirs.has(id)).length / size;
  });
  return round(shares.reduce((sum, share) => sum + share, 0) / Math.max(1, shares.length), 3);
}

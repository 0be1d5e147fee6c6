import { printSearchModes } from './postgres-search-measure.js';
import type { Summary } from './stats.js';

/** The backends bench's figures as printed: SciFact quality first, then each corpus size. */

interface Quality {
  queries: number;
  ndcg_at_10: number;
  recall_at_100: number;
  search_ms: Summary;
  import_seconds: number;
}

interface Scale {
  corpus: { documents: number; chunks: number; markdown_mb: number };
  import: Record<string, { seconds: number; chunks_per_second: number }>;
  search: Record<string, Record<string, Summary & { empty: number }>>;
  top10_overlap_sqlite_vs_postgres: Record<
    string,
    { queries: number; mean_top10_overlap: number; same_first_hit: number }
  >;
  edit_to_visible: Record<string, { total_ms: Summary; not_visible: number; stale_hits: number }>;
  postgres_blocks_vs_sql?: Parameters<typeof printSearchModes>[0];
}

const log = (line = '') => console.log(line);
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : 'n/a');
const column = (value: unknown, width: number) => String(value ?? 'n/a').padStart(width);

export function printBackendsReport(results: {
  machine: { load_average: { before: number[]; after: number[] } };
  scifact: Record<string, unknown> | string;
  scales: Record<string, unknown>[];
}): void {
  log();
  log(
    `Load average (1/5/15 min) before ${results.machine.load_average.before.join(' ')}, after ${results.machine.load_average.after.join(' ')}`,
  );
  log();
  if (typeof results.scifact === 'string') {
    log(`SciFact: ${results.scifact}`);
  } else {
    const quality = results.scifact as Record<string, Quality> & { top10_document_overlap: number };
    log('SciFact dev (BEIR), through the retriever   nDCG@10  recall@100  search p50    p99   import s');
    for (const name of ['sqlite', 'postgres']) {
      const entry = quality[name];
      log(
        `  ${name.padEnd(40)} ${column(entry?.ndcg_at_10, 7)} ${column(entry?.recall_at_100, 11)} ${column(entry?.search_ms.p50.toFixed(1), 11)} ${column(entry?.search_ms.p99.toFixed(1), 6)} ${column(entry?.import_seconds, 10)}`,
      );
    }
    log(`  top-10 documents in common, SQLite vs PostgreSQL: ${quality.top10_document_overlap}`);
  }
  for (const raw of results.scales) {
    const scale = raw as unknown as Scale;
    log();
    log(`Corpus: ${scale.corpus.documents} documents, ${scale.corpus.chunks} chunks, ${scale.corpus.markdown_mb} MB`);
    log(
      `  import (putMany, batches of 500): sqlite ${scale.import.sqlite?.chunks_per_second} chunks/s, postgres ${scale.import.postgres?.chunks_per_second} chunks/s`,
    );
    log('  search, k=10 (ms)        sqlite p50    p99   postgres p50    p99   ratio p50  p99   empty (s/p)  overlap');
    for (const share of Object.keys(scale.search.sqlite ?? {})) {
      const a = scale.search.sqlite?.[share];
      const b = scale.search.postgres?.[share];
      const overlap = scale.top10_overlap_sqlite_vs_postgres[share]?.mean_top10_overlap;
      log(
        `  reader allowed ${share.padEnd(5)}  ${column(a?.p50.toFixed(2), 10)} ${column(a?.p99.toFixed(2), 6)}   ${column(b?.p50.toFixed(2), 12)} ${column(b?.p99.toFixed(2), 6)}   ${column(ratio(b?.p50, a?.p50), 8)} ${column(ratio(b?.p99, a?.p99), 4)}   ${column(`${a?.empty}/${b?.empty}`, 11)}  ${column(overlap, 7)}`,
      );
    }
    if (scale.postgres_blocks_vs_sql) printSearchModes(scale.postgres_blocks_vs_sql);
    for (const name of ['sqlite', 'postgres']) {
      const figures = scale.edit_to_visible[name];
      log(
        `  edit to visible, ${name.padEnd(9)} p50 ${figures?.total_ms.p50.toFixed(2)} ms  p99 ${figures?.total_ms.p99.toFixed(2)} ms  not visible ${figures?.not_visible}  stale hits ${figures?.stale_hits}`,
      );
    }
  }
}

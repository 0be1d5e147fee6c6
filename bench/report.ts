import type { BenchResults } from './run.js';
import { round, type Summary } from './stats.js';

/** The human-readable report; the same figures go to `bench/.out/store-bench.json`. */

const log = (line = '') => console.log(line);
const ms = (summary: Summary) =>
  `p50 ${summary.p50.toFixed(2)} ms  p99 ${summary.p99.toFixed(2)} ms  mean ${summary.mean.toFixed(2)} ms  max ${summary.max.toFixed(2)} ms`;

function table(rows: (string | number)[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length))) ?? [];
  for (const row of rows) {
    log(
      row
        .map((cell, column) =>
          String(cell)
            .padStart(column === 0 ? 0 : (widths[column] ?? 0))
            .padEnd(column === 0 ? (widths[0] ?? 0) : 0),
        )
        .join('   '),
    );
  }
}

function searchBlock(search: BenchResults['seam']['search']): void {
  log(`  all (${search.all.count})            ${ms(search.all)}`);
  log(`  as nobody (public)   ${ms(search.nobody)}`);
  log(`  as bea (billing)     ${ms(search.bea)}`);
  log(`  keywords             ${ms(search.keywords)}`);
  log(`  with a stopword      ${ms(search.with_stopword)}`);
  log(`  queries with no hit: ${search.empty_results}`);
}

export function printReport(results: BenchResults): void {
  const { corpus, seam, minisearch } = results;
  log();
  log(
    `Corpus: ${corpus.documents} documents, ${corpus.chunks} chunks, ${corpus.markdown_mb} MB of markdown, ${corpus.billing_documents} with acl [billing]`,
  );
  log();
  log('Seam (SQLite) import, putMany in batches of 500');
  const imported = seam.import;
  log(
    `  ${imported.seconds} s: ${imported.docs_per_second} docs/s, ${imported.chunks_per_second} chunks/s, ${imported.mb_per_second} MB/s`,
  );
  log(`  database ${imported.db_mb} MB (+ WAL ${imported.wal_mb} MB), ${imported.indexed_chunks} chunks indexed`);
  log(
    `  docs/s first tenth ${imported.first_tenth_docs_per_second}, last tenth ${imported.last_tenth_docs_per_second}; slowest batch ${imported.slowest_batch_ms} ms`,
  );
  log();
  log('Seam search, retrieve k=10');
  searchBlock(seam.search);
  log('  by share of chunks matching any query term:');
  for (const { share, latency } of seam.query_diagnosis.by_matching_share) {
    log(`    ${share.padEnd(7)} (${String(latency.count).padStart(3)} queries) ${ms(latency)}`);
  }
  log('  slowest queries (and the bare FTS5 ranking of the same terms, without the joins and filters):');
  for (const slow of seam.query_diagnosis.slowest) {
    log(
      `    ${slow.ms} ms  "${slow.query}" as ${slow.as}: ${slow.matching_chunks} matching chunks, FTS5 alone ${slow.fts_only_ms} ms`,
    );
  }
  log();
  log(`Seam edit-to-visible (${seam.edits.put_ms.count} edits, searched as bea)`);
  log(`  put                  ${ms(seam.edits.put_ms)}`);
  log(`  put end to visible   ${ms(seam.edits.visible_ms)}`);
  log(`  put + visible        ${ms(seam.edits.total_ms)}`);
  log(
    `  searches needed: p50 ${seam.edits.searches_needed.p50}, max ${seam.edits.searches_needed.max}; not visible ${seam.edits.not_visible}; stale hits ${seam.edits.stale_hits}`,
  );
  log();
  log(
    `MiniSearch (in memory) build ${minisearch.build.seconds} s, ${minisearch.build.chunks_per_second} chunks/s (pre-chunked)`,
  );
  searchBlock(minisearch.search);
  log(`  edit: re-chunk + discard + add ${ms(minisearch.edits.update_ms)}`);
  log(`        search                   ${ms(minisearch.edits.search_ms)}`);
  log(`  not visible ${minisearch.edits.not_visible}; stale hits ${minisearch.edits.stale_hits}`);
  log();
  const ratios = results.ratios_seam_over_minisearch;
  table([
    ['', 'Seam', 'MiniSearch', 'Seam / MiniSearch'],
    ['build chunks/s', imported.chunks_per_second, minisearch.build.chunks_per_second, ratios.build_chunks_per_second],
    ['search p50 ms', seam.search.all.p50, minisearch.search.all.p50, ratios.search_p50],
    ['search p99 ms', seam.search.all.p99, minisearch.search.all.p99, ratios.search_p99],
    [
      'edit-to-visible p50 ms',
      round(seam.edits.total_ms.p50, 2),
      round(minisearch.edits.visible_ms.p50, 2),
      ratios.edit_to_visible_p50,
    ],
    ['RSS at end of phase, MB', seam.memory.rss_mb, minisearch.memory.rss_mb, ''],
    ['heap used at end of phase, MB', seam.memory.heap_used_mb, minisearch.memory.heap_used_mb, ''],
    ['peak RSS by end of phase, MB', seam.memory.peak_rss_mb, minisearch.memory.peak_rss_mb, ''],
  ]);
  log(
    `  (baseline with the corpus in memory: RSS ${results.memory_baseline.rss_mb} MB, heap ${results.memory_baseline.heap_used_mb} MB;`,
  );
  log('   Seam import includes chunking, hashing and durable commits; MiniSearch indexes chunks made beforehand;');
  log("   Seam's memory is taken after the store is closed, and its file sits in the OS page cache, not in RSS)");
}

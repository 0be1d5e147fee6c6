import { existsSync, readFileSync } from 'node:fs';

/**
 * Word clusters for the person tagger: `data/word-clusters/clusters.txt`, one `word TAB fine TAB coarse` a line,
 * 100,000 lower-case English words in 512 fine clusters and 64 coarse groups, derived once from GloVe's word vectors
 * (bench/derive-word-clusters.ts says how). Words used alike share a cluster (`lisa`, `maria`; `boston`, `denver`), so
 * the tagger can tell a name it never saw in training from the company it keeps in the vectors. Read once per
 * process, on first use; without the file (it is part of the package) every word is in no cluster.
 */

export interface WordCluster {
  fine: string;
  coarse: string;
}

/** The table in the repository and the package, seen from src/values/person-model/ and dist/values/person-model/. */
export const wordClustersUrl = new URL('../../../data/word-clusters/clusters.txt', import.meta.url);

const none: WordCluster = { fine: '-', coarse: '-' };
let table: Map<string, WordCluster> | undefined;

function load(): Map<string, WordCluster> {
  const map = new Map<string, WordCluster>();
  if (!existsSync(wordClustersUrl)) return map;
  // One object per cluster, shared by its words; the lines are read with `indexOf`, not split (a third of the time).
  const clusters = new Map<string, WordCluster>();
  const text = readFileSync(wordClustersUrl, 'utf8');
  let at = 0;
  while (at < text.length) {
    const firstTab = text.indexOf('\t', at);
    const secondTab = firstTab < 0 ? -1 : text.indexOf('\t', firstTab + 1);
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (secondTab < 0 || secondTab > end) break;
    const fine = text.slice(firstTab + 1, secondTab);
    let cluster = clusters.get(fine);
    if (cluster === undefined) {
      cluster = { fine, coarse: text.slice(secondTab + 1, end) };
      clusters.set(fine, cluster);
    }
    map.set(text.slice(at, firstTab), cluster);
    at = end + 1;
  }
  return map;
}

/** The cluster of a lower-case word, or `-` for both levels when it has none. */
export function wordCluster(lower: string): WordCluster {
  table ??= load();
  return table.get(lower) ?? none;
}

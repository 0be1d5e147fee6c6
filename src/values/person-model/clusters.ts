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
  // One object per cluster, shared by its words.
  const clusters = new Map<string, WordCluster>();
  for (const line of readFileSync(wordClustersUrl, 'utf8').split('\n')) {
    const [word, fine, coarse] = line.split('\t');
    if (word === undefined || fine === undefined || coarse === undefined) continue;
    let cluster = clusters.get(fine);
    if (cluster === undefined) {
      cluster = { fine, coarse };
      clusters.set(fine, cluster);
    }
    map.set(word, cluster);
  }
  return map;
}

/** The cluster of a lower-case word, or `-` for both levels when it has none. */
export function wordCluster(lower: string): WordCluster {
  table ??= load();
  return table.get(lower) ?? none;
}

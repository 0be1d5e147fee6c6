// Build step (npm run build, after tsc): train the person tagger on WNUT-17's training split when the shared data
// is beside the repository (../shared/data/wnut17/train.conll, or $SEAM_SHARED_DATA/wnut17/train.conll) and write
// dist/values/person-model/person-model.json. Without the data no model is written (and a stale one is removed):
// the detector then runs on its rules alone. The build key (the training file's bytes, the settings and the
// compiled code the features depend on) makes a second build with the same inputs a no-op.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../util/write-file-atomic.js';
import { builtPersonModelUrl } from './tagger.js';
import { personTrainingSettings, readTaggedSentences, trainPersonModel } from './train.js';

const sharedData = process.env.SEAM_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const trainingFile = join(sharedData, 'wnut17', 'train.conll');
const keyUrl = new URL('./person-model.build-key', import.meta.url);
const modelPath = fileURLToPath(builtPersonModelUrl);

/**
 * The inputs of a model: training data, settings, the compiled tagger and the word lists, word clusters and tokenizer
 * it reads.
 */
function buildKey(): string {
  const hash = createHash('sha256').update(JSON.stringify(personTrainingSettings));
  hash.update(existsSync(trainingFile) ? readFileSync(trainingFile) : 'no training data');
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const name of readdirSync(here).sort()) {
    if (name.endsWith('.js') && name !== 'build.js') hash.update(name).update(readFileSync(join(here, name)));
  }
  for (const file of [
    '../lexicon.js',
    '../tokens.js',
    '../../../node_modules/wink-perceptron/package.json',
    '../../../data/word-clusters/clusters.txt',
  ]) {
    const url = new URL(file, import.meta.url);
    if (existsSync(url)) hash.update(file).update(readFileSync(url));
  }
  return hash.digest('hex');
}

const key = buildKey();
const stored = existsSync(keyUrl) ? readFileSync(keyUrl, 'utf8').trim() : undefined;
if (!existsSync(trainingFile)) {
  rmSync(modelPath, { force: true });
  writeFileSync(keyUrl, `${key}\n`);
  process.stdout.write(`person model: none (no training data at ${trainingFile}); the detector uses its rules\n`);
} else if (stored === key && existsSync(modelPath)) {
  process.stdout.write(`person model: up to date (${modelPath})\n`);
} else {
  const started = performance.now();
  const model = trainPersonModel(readTaggedSentences(trainingFile), key);
  await writeFileAtomic(modelPath, `${JSON.stringify(model)}\n`);
  writeFileSync(keyUrl, `${key}\n`);
  const trained = model.trained_on;
  process.stdout.write(
    `person model: ${trained.sentences} sentences, ${trained.tokens} tokens, ${trained.people} names, ` +
      `${Object.keys(model.weights).length} features (${Math.round(performance.now() - started)} ms) -> ${modelPath}\n`,
  );
}

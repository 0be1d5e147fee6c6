// Build step (npm run build, after tsc): train the offline diagnose classifier on the training splits of
// data/complaints/ and write dist/diagnose/model.json beside the compiled code. Training takes minutes of
// CPU, so it is skipped when the model beside the code carries this build's key (build-key.ts): `npx seam`
// in a fresh clone runs `prepare` again, and must not retrain what `npm install` has just trained.
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import { buildKeyMatches, storeBuildKey } from './build-key.js';
import { builtModelUrl, modelToJson, trainFromDataset } from './model-file.js';

if (buildKeyMatches()) {
  process.stdout.write(`diagnose model: up to date (${fileURLToPath(builtModelUrl)})\n`);
} else {
  const started = performance.now();
  const model = await trainFromDataset();
  await writeFileAtomic(fileURLToPath(builtModelUrl), `${JSON.stringify(modelToJson(model))}\n`);
  storeBuildKey();
  const development = model.trainedOn.development;
  process.stdout.write(
    `diagnose model: ${model.trainedOn.strands} strands from ${model.trainedOn.complaints} complaints, ` +
      `at most ${model.maxCategories} categories per strand; development split: strand micro-F1 ` +
      `${development.strandMicroF1}, complaint P ${development.complaintPrecision} R ${development.complaintRecall} ` +
      `F1 ${development.complaintMicroF1} (${Math.round(performance.now() - started)} ms) -> ${fileURLToPath(builtModelUrl)}\n`,
  );
}

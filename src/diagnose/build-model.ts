// Build step (npm run build, after tsc): train the offline diagnose classifier on the training splits of
// data/complaints/ and write dist/diagnose/model.json beside the compiled code.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtModelUrl, modelToJson, trainFromDataset } from './model-file.js';

const started = performance.now();
const model = await trainFromDataset();
writeFileSync(builtModelUrl, `${JSON.stringify(modelToJson(model))}\n`);
const development = model.trainedOn.development;
process.stdout.write(
  `diagnose model: ${model.trainedOn.strands} strands from ${model.trainedOn.complaints} complaints, ` +
    `at most ${model.maxCategories} categories per strand; development split: strand micro-F1 ` +
    `${development.strandMicroF1}, complaint P ${development.complaintPrecision} R ${development.complaintRecall} ` +
    `F1 ${development.complaintMicroF1} (${Math.round(performance.now() - started)} ms) -> ${fileURLToPath(builtModelUrl)}\n`,
);

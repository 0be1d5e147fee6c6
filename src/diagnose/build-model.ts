// Build step (npm run build, after tsc): train the offline diagnose classifier on the training split of
// data/complaints/complaints.jsonl and write dist/diagnose/model.json beside the compiled code.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtModelUrl, modelToJson, trainFromDataset } from './model-file.js';

const started = performance.now();
const model = trainFromDataset();
writeFileSync(builtModelUrl, `${JSON.stringify(modelToJson(model))}\n`);
process.stdout.write(
  `diagnose model: ${model.trainedOn.strands} strands from ${model.trainedOn.complaints} complaints, ` +
    `threshold ${model.threshold}, cross-validated micro-F1 ${model.trainedOn.crossValidatedMicroF1} ` +
    `(${Math.round(performance.now() - started)} ms) -> ${fileURLToPath(builtModelUrl)}\n`,
);

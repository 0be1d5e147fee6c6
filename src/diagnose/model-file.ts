import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { IoError } from '../errors.js';
import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { defaultDatasetUrl, isHeldOut, type LabelledComplaint, readLabelledComplaints } from './dataset.js';
import { featuresVersion } from './features.js';
import { type OfflineModel, type TrainingExample, trainOfflineModel } from './model.js';

/**
 * The offline model on disk: `dist/diagnose/model.json`, written by `npm run build` (build-model.ts) from
 * the training split of data/complaints/complaints.jsonl. Weights are plain objects so the file can be read
 * and diffed; features below 1e-4 in absolute weight are dropped.
 */
export const builtModelUrl = new URL('./model.json', import.meta.url);

const binarySchema = z.object({ bias: z.number(), weights: z.record(z.string(), z.number()) });

const modelFileSchema = z.object({
  format: z.literal('seam-diagnose-model'),
  features_version: z.number(),
  threshold: z.number(),
  floor: z.number(),
  classes: z.object(
    Object.fromEntries(categoryIds.map((id) => [id, binarySchema])) as Record<CategoryId, typeof binarySchema>,
  ),
  trained_on: z.object({ strands: z.number(), complaints: z.number(), cross_validated_micro_f1: z.number() }),
});

export function modelToJson(model: OfflineModel): z.infer<typeof modelFileSchema> {
  const classes = Object.fromEntries(
    categoryIds.map((id) => [
      id,
      {
        bias: round(model.classes[id].bias),
        weights: Object.fromEntries(
          [...model.classes[id].weights]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([key, value]) => [key, round(value)]),
        ),
      },
    ]),
  ) as Record<CategoryId, { bias: number; weights: Record<string, number> }>;
  return {
    format: 'seam-diagnose-model',
    features_version: model.featuresVersion,
    threshold: model.threshold,
    floor: model.floor,
    classes,
    trained_on: {
      strands: model.trainedOn.strands,
      complaints: model.trainedOn.complaints,
      cross_validated_micro_f1: model.trainedOn.crossValidatedMicroF1,
    },
  };
}

export function modelFromJson(raw: unknown): OfflineModel {
  const file = modelFileSchema.parse(raw);
  if (file.features_version !== featuresVersion) {
    throw new Error(
      `the diagnose model was built with features v${file.features_version}, this code uses v${featuresVersion}: run npm run build`,
    );
  }
  const classes = Object.fromEntries(
    categoryIds.map((id) => [
      id,
      { bias: file.classes[id].bias, weights: new Map(Object.entries(file.classes[id].weights)) },
    ]),
  ) as OfflineModel['classes'];
  return {
    featuresVersion: file.features_version,
    threshold: file.threshold,
    floor: file.floor,
    classes,
    trainedOn: {
      strands: file.trained_on.strands,
      complaints: file.trained_on.complaints,
      crossValidatedMicroF1: file.trained_on.cross_validated_micro_f1,
    },
  };
}

/** Every strand of these complaints as a training example. */
export function trainingExamples(complaints: readonly LabelledComplaint[]): TrainingExample[] {
  return complaints.flatMap((complaint) =>
    complaint.strands.map((strand) => ({ text: strand.text, categories: strand.categories, group: complaint.id })),
  );
}

/** Train on the training split of the labelled set (the held-out tenth never enters). */
export function trainFromDataset(path: string | URL = defaultDatasetUrl): OfflineModel {
  return trainOfflineModel(trainingExamples(readLabelledComplaints(path).filter((complaint) => !isHeldOut(complaint))));
}

let cached: OfflineModel | undefined;

/**
 * The model `seam diagnose` uses: the one built into dist/, or, when running from source (tests, tsx),
 * one trained from the committed labelled set on first use.
 */
export function loadOfflineModel(): OfflineModel {
  if (cached) return cached;
  let text: string | undefined;
  try {
    text = readFileSync(builtModelUrl, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    cached = modelFromJson(JSON.parse(text));
  } else if (existsSync(defaultDatasetUrl)) {
    cached = trainFromDataset();
  } else {
    throw new IoError(
      'the offline diagnose model is missing: run npm run build (it writes dist/diagnose/model.json)',
      fileURLToPath(builtModelUrl),
    );
  }
  return cached;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { IoError } from '../errors.js';
import { type CategoryId, categoryIds } from '../taxonomy/index.js';
import { precisionFloor } from './calibrate.js';
import { defaultDatasetUrl, isHeldOut, type LabelledComplaint, labelledSets, readLabelledSets } from './dataset.js';
import { featuresVersion } from './features.js';
import type { BinaryModel } from './logistic-regression.js';
import {
  type OfflineModel,
  realComplaintWeight,
  type TrainingExample,
  trainingSettings,
  trainOfflineModel,
} from './model.js';
import { neighbourCount, neighboursFromJson, neighboursSchema, neighboursToJson } from './neighbours.js';
import { projectLabels } from './project-labels.js';
import { readRealComplaints, realComplaintsUrl } from './real-complaints.js';
import { createComplaintSplitter } from './split-complaint.js';

/**
 * The offline model on disk: `dist/diagnose/model.json`, written by `npm run build` (build-model.ts) from
 * the training splits of data/complaints/. Every feature that carries a weight is named once, in `features`;
 * each class lists the indexes of its features and their weights, side by side. (Objects keyed by feature,
 * one per class, made a 22 MB file that took over a second to read.) Training has already dropped the small
 * weights (`trainingSettings.keepAbove`).
 */
export const builtModelUrl = new URL('./model.json', import.meta.url);

/** Numbers checked with one plain loop: zod's per-element checks cost a noticeable share of a load. */
const numbers = (check: (value: number) => boolean, message: string) =>
  z.custom<number[]>(
    (value) => Array.isArray(value) && value.every((item) => typeof item === 'number' && check(item)),
    {
      message,
    },
  );
const binarySchema = z.object({
  bias: z.number(),
  index: numbers((item) => Number.isInteger(item) && item >= 0, 'expected feature indexes'),
  weight: numbers(Number.isFinite, 'expected finite weights'),
});
const perCategory = <T extends z.ZodType>(schema: T) =>
  z.object(Object.fromEntries(categoryIds.map((id) => [id, schema])) as Record<CategoryId, T>);

const modelFileSchema = z.object({
  format: z.literal('seam-diagnose-model'),
  features_version: z.number(),
  thresholds: perCategory(z.number()),
  max_categories: z.number().int().min(1),
  pool_ratio: z.number(),
  cues: perCategory(z.array(z.string())),
  features: z.array(z.string()),
  symptom: binarySchema,
  classes: perCategory(binarySchema),
  /** The complaint stage: per category, over the whole complaint. */
  complaint_classes: perCategory(binarySchema),
  /** The complaint stage's nearest-neighbour learner (hashed features, no text). */
  complaint_neighbours: neighboursSchema.optional(),
  trained_on: z.object({
    strands: z.number(),
    complaints: z.number(),
    /** Real complaints (the development set in ../shared/data) the complaint stage learnt from; 0 without it. */
    real_complaints: z.number(),
    /** `trainingFingerprint()` when the model was built: a model run from source is reused only if it matches. */
    fingerprint: z.string(),
    development: z.object({
      strand_micro_f1: z.number(),
      complaint_precision: z.number(),
      complaint_recall: z.number(),
      complaint_micro_f1: z.number(),
    }),
  }),
});

export function modelToJson(model: OfflineModel): z.infer<typeof modelFileSchema> {
  const { features, at } = featureIndex([
    model.symptom,
    ...categoryIds.map((id) => model.classes[id]),
    ...categoryIds.map((id) => model.complaint.classes[id]),
  ]);
  const perClass = (models: Record<CategoryId, BinaryModel>) =>
    Object.fromEntries(categoryIds.map((id) => [id, binaryToJson(models[id], at)])) as Record<CategoryId, BinaryJson>;
  const development = model.trainedOn.development;
  return {
    format: 'seam-diagnose-model',
    features_version: model.featuresVersion,
    thresholds: model.thresholds,
    max_categories: model.maxCategories,
    pool_ratio: model.poolRatio,
    cues: Object.fromEntries(categoryIds.map((id) => [id, [...model.cues[id]]])) as Record<CategoryId, string[]>,
    features,
    symptom: binaryToJson(model.symptom, at),
    classes: perClass(model.classes),
    complaint_classes: perClass(model.complaint.classes),
    ...(model.complaint.neighbours ? { complaint_neighbours: neighboursToJson(model.complaint.neighbours) } : {}),
    trained_on: {
      strands: model.trainedOn.strands,
      complaints: model.trainedOn.complaints,
      real_complaints: model.trainedOn.realComplaints,
      fingerprint: trainingFingerprint(),
      development: {
        strand_micro_f1: development.strandMicroF1,
        complaint_precision: development.complaintPrecision,
        complaint_recall: development.complaintRecall,
        complaint_micro_f1: development.complaintMicroF1,
      },
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
  const perClass = (models: Record<CategoryId, BinaryJson>) =>
    Object.fromEntries(categoryIds.map((id) => [id, binaryFromJson(models[id], file.features)])) as Record<
      CategoryId,
      BinaryModel
    >;
  const development = file.trained_on.development;
  return {
    featuresVersion: file.features_version,
    thresholds: file.thresholds,
    maxCategories: file.max_categories,
    poolRatio: file.pool_ratio,
    cues: file.cues,
    symptom: binaryFromJson(file.symptom, file.features),
    classes: perClass(file.classes),
    complaint: {
      classes: perClass(file.complaint_classes),
      ...(file.complaint_neighbours ? { neighbours: neighboursFromJson(file.complaint_neighbours) } : {}),
    },
    trainedOn: {
      strands: file.trained_on.strands,
      complaints: file.trained_on.complaints,
      realComplaints: file.trained_on.real_complaints,
      development: {
        strandMicroF1: development.strand_micro_f1,
        complaintPrecision: development.complaint_precision,
        complaintRecall: development.complaint_recall,
        complaintMicroF1: development.complaint_micro_f1,
      },
    },
  };
}

type BinaryJson = z.infer<typeof binarySchema>;

/** Every feature any class weighs, sorted, and each one's index. */
function featureIndex(models: readonly BinaryModel[]): { features: string[]; at: Map<string, number> } {
  const features = [...new Set(models.flatMap((model) => [...model.weights.keys()]))].sort();
  return { features, at: new Map(features.map((feature, index) => [feature, index])) };
}

function binaryToJson(model: BinaryModel, at: ReadonlyMap<string, number>): BinaryJson {
  const entries = [...model.weights]
    .map(([feature, value]) => [at.get(feature) as number, round(value)] as const)
    .sort((a, b) => a[0] - b[0]);
  return { bias: round(model.bias), index: entries.map(([index]) => index), weight: entries.map(([, value]) => value) };
}

function binaryFromJson(file: BinaryJson, features: readonly string[]): BinaryModel {
  if (file.index.length !== file.weight.length || file.index.some((index) => index >= features.length)) {
    throw new Error('the diagnose model file is damaged (feature indexes and weights disagree): run npm run build');
  }
  const weights = new Map<string, number>();
  file.index.forEach((index, at) => {
    weights.set(features[index] as string, file.weight[at] as number);
  });
  return { bias: file.bias, weights };
}

/** Every gold strand of these complaints as a training example. */
export function trainingExamples(complaints: readonly LabelledComplaint[]): TrainingExample[] {
  return complaints.flatMap((complaint) =>
    complaint.strands.map((strand, at) => ({
      text: strand.text,
      categories: strand.categories,
      group: complaint.id,
      document: complaint.text,
      ...(at > 0 ? { context: complaint.strands[at - 1]?.text ?? '' } : {}),
    })),
  );
}

/**
 * The splitter's pieces of a complaint as training examples, labelled from its gold strands by
 * `projectLabels`: the classifier learns from what it will be given.
 */
export function pieceExamples(complaint: LabelledComplaint, pieces: readonly string[]): TrainingExample[] {
  const gold = [...new Set(complaint.strands.flatMap((strand) => strand.categories))];
  return projectLabels(complaint, pieces).map((piece, at) => ({
    text: piece.text,
    categories: piece.categories,
    group: complaint.id,
    document: complaint.text,
    complaintCategories: gold,
    ...(at > 0 ? { context: pieces[at - 1] ?? '' } : {}),
  }));
}

/**
 * Train on the training splits of every labelled set (no held-out complaint ever enters), each complaint cut
 * by the splitter `seam diagnose` uses. Trained on the splitter's pieces, the development split's complaint
 * F1 equals training on the gold strands (0.81 either way) while the held-out posts' behavior-versus-knowledge
 * split rises. The rule is calibrated on the sets in the register of real complaints (reports and posts): the
 * tidy set trains the classifier but would make the development split easier than the complaints users bring.
 */
export async function trainFromDataset(options: { real?: boolean } = {}): Promise<OfflineModel> {
  const splitter = await createComplaintSplitter();
  return trainOfflineModel(writtenExamples(splitter), trainingSettings, {
    realComplaints: options.real === false ? [] : realTrainingComplaints(),
  });
}

/** The written sets' training complaints, cut by the splitter, as strand examples. */
export function writtenExamples(splitter: { split(text: string): { strands: string[] } }): TrainingExample[] {
  return readLabelledSets()
    .filter((complaint) => !isHeldOut(complaint))
    .flatMap((complaint) =>
      pieceExamples(complaint, splitter.split(complaint.text).strands).map((example) => ({
        ...example,
        calibrate: complaint.set !== 'complaints' && complaint.calibrate !== false,
      })),
    );
}

/** The real development set (when present) as complaint-stage examples, each weighing `realComplaintWeight`. */
export function realTrainingComplaints() {
  return readRealComplaints().map((complaint) => ({
    text: complaint.text,
    categories: complaint.labels,
    weight: realComplaintWeight,
  }));
}

/**
 * What a model is built from: the labelled files' bytes, the features version and the training settings. A
 * model built from other data or settings is not reused when running from source.
 */
export function trainingFingerprint(): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({ featuresVersion, trainingSettings, precisionFloor, realComplaintWeight, neighbourCount }),
  );
  for (const set of labelledSets) if (existsSync(set.url)) hash.update(readFileSync(set.url));
  if (readRealComplaints().length > 0) hash.update(readFileSync(realComplaintsUrl));
  return hash.digest('hex');
}

/** The model `npm run build` writes, seen from the source tree (src/diagnose/ → dist/diagnose/). */
const distModelUrl = new URL('../../dist/diagnose/model.json', import.meta.url);

let cached: OfflineModel | undefined;

/**
 * The model `seam diagnose` uses: the one built beside this code (dist/diagnose/model.json). Running from
 * source (tests, tsx), the built one is reused when it was trained on the same data and settings
 * (its fingerprint matches), or else one is trained from the labelled sets on first use.
 */
export async function loadOfflineModel(): Promise<OfflineModel> {
  if (cached) return cached;
  const beside = readJson(builtModelUrl);
  if (beside !== undefined) {
    cached = modelFromJson(beside);
    return cached;
  }
  const built = readJson(distModelUrl);
  if (
    built !== undefined &&
    fingerprintOf(built) === trainingFingerprint() &&
    modelFileSchema.safeParse(built).success
  ) {
    cached = modelFromJson(built);
  } else if (existsSync(defaultDatasetUrl)) {
    cached = await trainFromDataset();
  } else {
    throw new IoError(
      'the offline diagnose model is missing: run npm run build (it writes dist/diagnose/model.json)',
      fileURLToPath(builtModelUrl),
    );
  }
  return cached;
}

function readJson(url: URL): unknown {
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch {
    return undefined;
  }
}

function fingerprintOf(raw: unknown): string | undefined {
  const parsed = z.object({ trained_on: z.object({ fingerprint: z.string() }) }).safeParse(raw);
  return parsed.success ? parsed.data.trained_on.fingerprint : undefined;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

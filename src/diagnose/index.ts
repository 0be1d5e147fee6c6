// `seam diagnose` as a library: split a complaint into strands, label them, plan the fix. Nothing here prints.

export { assignCategories, type DecisionRule, unclearCandidates } from './calibrate.js';
export { isHeldOut, type LabelledComplaint, readLabelledComplaints, readLabelledSets } from './dataset.js';
export { createDiagnoser, type Diagnoser, type DiagnoserOptions } from './diagnose.js';
export type * from './diagnosis.js';
export { type Evaluation, evaluateLabels } from './evaluate.js';
export { type PreparedComplaint, prepareComplaint } from './features.js';
export { type OfflineModel, scoreStrand, trainOfflineModel } from './model.js';
export { loadOfflineModel, modelFromJson, modelToJson, trainFromDataset } from './model-file.js';
export { renderMarkdown, renderText } from './render.js';
export {
  type ComplaintSplitter,
  createComplaintSplitter,
  normalizeStrand,
  type SplitComplaint,
} from './split-complaint.js';
export { unclearQuestion } from './unclear.js';

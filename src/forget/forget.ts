import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Reader } from '../access.js';
import { InputError } from '../errors.js';
import { hashForms, lineageOf, receiptHashes, subjectForms } from '../lineage/lineage.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { type FileTarget, purgeFileTarget } from './file-targets.js';
import { type ForgetValue, parseForgetValue, subjectValue } from './forget-value.js';
import { findValues, redactValues } from './matcher.js';
import { datasetAction, type ForgetReceipt, modelAction, storedForm } from './receipt.js';
import { scanFiles } from './residual-scan.js';

export interface ForgetOptions {
  store: KnowledgeStore;
  /** Must be the operator (the store refuses anyone else). */
  reader: Reader;
  subject: string;
  /** The values to redact from every other document (`--value`). */
  values: readonly string[];
  dryRun: boolean;
  now: Date;
  /** Files beside the store that may hold the values (`defaultFileTargets`). */
  fileTargets?: readonly FileTarget[] | undefined;
}

/**
 * `seam forget`: delete the subject's documents, redact the values (and the subject id) from every version
 * of every other document, purge other records and files holding them, look up the datasets and models
 * that hold them (lineage), store the receipt without the values, and scan the store's files for any copy
 * left (`residual`). A dry run does everything but write, delete and scan.
 */
export async function forget(options: ForgetOptions): Promise<ForgetReceipt> {
  const { store, reader, subject } = options;
  const values = parseValues(options.values);
  const matchers: ForgetValue[] = [...values, subjectValue(subject)];
  const at = options.now.toISOString();
  const receiptId = `forget-${at.slice(0, 10)}-${randomBytes(4).toString('hex')}`;

  // Read before anything goes: what the subject's documents hold, for lineage and for the warnings.
  const about = await subjectForms(store, reader, subject);
  const warnings = notGivenWarnings(about.found, values, subject);
  const sources = new Map((await store.list({ reader })).map((document) => [document.id, document.source]));
  const result = await store.forgetSubject({
    reader,
    subject,
    redact: (text) => redactValues(text, matchers),
    dryRun: options.dryRun,
    receipt: receiptId,
  });
  const touched = [...result.documents_deleted, ...result.documents_redacted].map((document) => document.id);
  warnings.push(
    ...(await sourceWarnings(
      touched.map((id) => sources.get(id)),
      matchers,
    )),
  );
  const purged = { ...result.purged };
  for (const target of options.fileTargets ?? []) {
    purged[target.name] = (await purgeFileTarget(target, matchers, { dryRun: options.dryRun })).length;
  }

  const hasLineage =
    (await store.listDatasets({ reader })).datasets.length > 0 || (await store.listReceipts({ reader })).length > 0;
  const valueForms = [...values.flatMap((value) => value.forms), ...about.forms];
  const valueHashes = hasLineage || !options.dryRun ? await hashForms(store, reader, valueForms) : [];
  const lineage = hasLineage
    ? await lineageOf(store, reader, [...valueHashes, ...(await receiptHashes(store, reader, subject))])
    : { datasets: [], models: [] };

  const receipt: ForgetReceipt = {
    receipt: receiptId,
    at,
    dry_run: options.dryRun,
    subject,
    values: values.map((value) => ({ text: value.text, kind: value.kind })),
    value_count: values.length,
    documents_deleted: result.documents_deleted,
    documents_redacted: result.documents_redacted,
    purged,
    datasets: lineage.datasets.map((dataset) => ({
      path: dataset.path,
      sha256: dataset.sha256,
      lines: dataset.lines,
      kinds: dataset.kinds,
      status: dataset.status,
      complete: dataset.complete,
      models: dataset.models,
      action: datasetAction(dataset.path),
    })),
    models: lineage.models.map((model) => ({ ...model, action: modelAction })),
    residual: null,
    residual_locations: [],
    scanned: [],
    warnings,
  };
  if (options.dryRun) return receipt;

  const [subjectHash = ''] = await hashForms(store, reader, [`subject:${subject}`]);
  const idHashes = await hashForms(
    store,
    reader,
    result.documents_deleted.map((document) => `document:${document.id}`),
  );
  const stored = { id: receiptId, at, subject_hash: subjectHash, value_hashes: valueHashes };
  await store.putReceipt({ ...stored, receipt: storedForm(receipt, idHashes) }, { reader });
  const files = await store.storageFiles({ reader });
  if (files === undefined) {
    receipt.warnings.push(
      "the store's files are on a database server: Seam cannot scan them for copies (see the README)",
    );
    return receipt;
  }
  const targetFiles = (await Promise.all((options.fileTargets ?? []).map((target) => target.files()))).flat();
  const scan = await scanFiles([...files, ...targetFiles], matchers);
  Object.assign(receipt, { residual: scan.residual, residual_locations: scan.locations, scanned: scan.files });
  await store.putReceipt({ ...stored, receipt: storedForm(receipt, idHashes) }, { reader });
  return receipt;
}

/** Parse every `--value`, reporting all bad ones at once. */
function parseValues(texts: readonly string[]): ForgetValue[] {
  const problems: InputError[] = [];
  const values: ForgetValue[] = [];
  texts.forEach((text, index) => {
    try {
      values.push(parseForgetValue(text, index + 1));
    } catch (error) {
      if (!InputError.isInstance(error)) throw error;
      problems.push(error);
    }
  });
  const [first, ...others] = problems;
  if (first) throw others.length > 0 ? new InputError(first.message, {}, problems) : first;
  return values;
}

/**
 * The files the deleted and redacted documents were imported from that still hold a value: the next
 * `kb import` of them would bring it back.
 */
async function sourceWarnings(sources: readonly (string | null | undefined)[], matchers: readonly ForgetValue[]) {
  const holding: string[] = [];
  for (const source of new Set(sources)) {
    if (!source) continue;
    const text = await readFile(source, 'utf8').catch(() => undefined);
    if (text !== undefined && findValues(text, matchers, { detector: true }).length > 0) holding.push(source);
  }
  if (holding.length === 0) return [];
  return [
    `these source files still hold the values; delete or edit them before the next kb import: ${holding.join(', ')}`,
  ];
}

/** Private values in the subject's documents that no `--value` covers: forget leaves them in other documents. */
function notGivenWarnings(
  found: readonly { kind: string; text: string; forms: string[] }[],
  values: readonly ForgetValue[],
  subject: string,
): string[] {
  const missing = found.filter(
    (value) =>
      !values.some((given) => given.forms.some((form) => value.forms.includes(form))) &&
      findValues(value.text, values, { detector: false }).length === 0,
  );
  if (missing.length === 0) return [];
  const list = missing.map((value) => `${value.kind} '${value.text}'`).join(', ');
  return [
    `the documents about ${subject} also hold ${list}; other documents keep them unless given with --value (run with --dry-run first)`,
  ];
}

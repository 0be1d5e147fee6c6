import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import { createValueDetector } from '../values/index.js';
import { compareWithBaseline, readBaseline } from './baseline.js';
import type { EvalCase } from './eval-case.js';
import { defaultEvalConfig, type EvalConfig, loadEvalConfig } from './eval-config.js';
import type { EvalReport } from './eval-report.js';
import { belowMinPass, parseMinPass } from './min-pass.js';
import { generateProbes, type ProbeKind, probeKinds } from './probes/generate.js';
import { readCaseFile } from './read-cases.js';
import { renderEvalHtml } from './report-html.js';
import { renderEvalText } from './report-text.js';
import { runEval } from './run-eval.js';

export interface EvalCommandOptions {
  store: KnowledgeStore;
  files: readonly string[];
  configFiles: readonly string[];
  /** `currency,permission,...`. */
  generate?: string | undefined;
  limit: number;
  html?: string | undefined;
  baseline?: string | undefined;
  minPass?: string | undefined;
  concurrency: number;
  retries: number;
  /** Failing cases shown per configuration in the text report (default 5). */
  failures?: number | undefined;
  cacheDir?: string | undefined;
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * `seam eval` as one function the doors call: read the cases and configurations (every input checked
 * before anything runs), generate probes, run, compare with a baseline, write the HTML report, and
 * return the JSON, the text and the `--min-pass` limits the run fell below.
 */
export async function runEvalCommand(
  options: EvalCommandOptions,
): Promise<{ report: EvalReport; json: unknown; text: string; below: string[] }> {
  const kinds = parseKinds(options.generate);
  const configs = await loadConfigs(options);
  const limits = options.minPass
    ? parseMinPass(
        options.minPass,
        configs.map((config) => config.name),
      )
    : [];
  const baseline = options.baseline ? await readBaseline(options.baseline, { cwd: options.cwd }) : undefined;
  const cases: EvalCase[] = [];
  for (const file of options.files) cases.push(...(await readCaseFile(file, { cwd: options.cwd })));
  const at = options.now().toISOString();
  const generated = kinds.length
    ? await generateProbes({ store: options.store, kinds, detector: createValueDetector(), at, limit: options.limit })
    : { cases: [], notes: [] };
  const ids = new Set(cases.map((entry) => entry.id));
  cases.push(...generated.cases.filter((entry) => !ids.has(entry.id)));
  if (cases.length === 0) throw new InputError('no cases to run: the files and generated probes are empty');

  const report = await runEval({
    store: options.store,
    cases,
    configs,
    env: options.env,
    now: options.now,
    concurrency: options.concurrency,
    retries: options.retries,
    cacheDir: options.cacheDir,
    notes: generated.notes,
    onProgress: options.onProgress,
  });
  if (baseline && options.baseline) report.baseline = compareWithBaseline(report, baseline, options.baseline);
  if (options.html)
    await writeFileAtomic(resolve(options.cwd, options.html), renderEvalHtml(report, { generatedAt: at }));
  const below = belowMinPass(report, limits);
  return {
    report,
    json: { ...report, min_pass: { limits, below } },
    text:
      renderEvalText(report, { failures: options.failures ?? 5 }) +
      (options.html ? `\n\nHTML report: ${options.html}` : ''),
    below,
  };
}

function parseKinds(spec: string | undefined): ProbeKind[] {
  if (spec === undefined) return [];
  const kinds = spec
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  const unknown = kinds.filter((kind) => !(probeKinds as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new InputError(`unknown probe kind '${unknown[0] ?? spec}'; choose from ${probeKinds.join(', ')}`, {
      field: '--generate',
    });
  }
  return [...new Set(kinds)] as ProbeKind[];
}

async function loadConfigs(options: EvalCommandOptions): Promise<EvalConfig[]> {
  if (options.configFiles.length === 0) {
    const { loadConfig } = await import('../config/load-config.js');
    return [defaultEvalConfig((await loadConfig({ cwd: options.cwd })).config)];
  }
  const configs: EvalConfig[] = [];
  for (const path of options.configFiles) {
    const config = await loadEvalConfig({ path, cwd: options.cwd, now: options.now });
    if (configs.some((other) => other.name === config.name)) {
      throw new InputError(`two configurations are named '${config.name}'; rename one file`, { file: path });
    }
    configs.push(config);
  }
  return configs;
}

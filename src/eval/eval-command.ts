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
import { renderEvalJunit } from './report-junit.js';
import { renderEvalMarkdown } from './report-markdown.js';
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
  /** Write JUnit XML here (one test case per case per configuration). */
  junit?: string | undefined;
  /** Write a markdown summary for a pull-request comment here. */
  markdown?: string | undefined;
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
    ? await generateProbes({
        store: options.store,
        kinds,
        detector: createValueDetector(),
        at,
        limit: options.limit,
        retrieval: probeRetrieval(configs),
      })
    : { cases: [], notes: [], dropped: [] };
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
  report.dropped = generated.dropped;
  if (baseline && options.baseline) report.baseline = compareWithBaseline(report, baseline, options.baseline);
  const below = belowMinPass(report, limits);
  // Each report is written whole or not at all (a CI job never reads half a file).
  const written: string[] = [];
  if (options.html) {
    await writeFileAtomic(resolve(options.cwd, options.html), renderEvalHtml(report, { generatedAt: at }));
    written.push(`HTML report: ${options.html}`);
  }
  if (options.junit) {
    await writeFileAtomic(resolve(options.cwd, options.junit), renderEvalJunit(report, { generatedAt: at }));
    written.push(`JUnit XML: ${options.junit}`);
  }
  if (options.markdown) {
    await writeFileAtomic(resolve(options.cwd, options.markdown), renderEvalMarkdown(report, { below }));
    written.push(`Markdown summary: ${options.markdown}`);
  }
  return {
    report,
    json: { ...report, min_pass: { limits, below } },
    text:
      renderEvalText(report, { failures: options.failures ?? 5 }) +
      (written.length > 0 ? `\n\n${written.join('\n')}` : ''),
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

/**
 * The retrieval generated probes must survive: the shallowest `k` of the configurations that retrieve
 * (a probe whose passage ranks 5th is luck for a configuration that reads 3), and their collection when
 * they agree on one.
 */
function probeRetrieval(configs: readonly EvalConfig[]): { k: number; collection: string | undefined } {
  const retrieving = configs.filter((config) => config.retrieval).map((config) => config.config.retrieval);
  const settings = retrieving.length > 0 ? retrieving : [defaultEvalConfig().config.retrieval];
  const collections = new Set(settings.map((setting) => setting.collection));
  return {
    k: Math.min(...settings.map((setting) => setting.k)),
    collection: collections.size === 1 ? [...collections][0] : undefined,
  };
}

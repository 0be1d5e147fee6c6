import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { operator } from '../src/access.js';
import { demoDates, demoFiles } from '../src/demo/corpus.js';
import { parseDocumentText } from '../src/documents/parse-document.js';
import type { FactIndex } from '../src/lint/fact-index.js';
import { fixDataset } from '../src/lint/fix-dataset.js';
import { lintDataset, loadFactIndex } from '../src/lint/lint.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { abcdAvailable, abcdDir, abcdTestSet, loadAbcdStore } from '../test/fixtures/abcd.js';
import { generateDataset } from './lint-dataset.js';
import { round, saveResults } from './stats.js';

/**
 * `npx tsx bench/lint-fix-bench.ts` (also run by `npm run bench:lint`): what `seam lint --fix` leaves and what it
 * costs. On ABCD-derived data (its policy manual as the store, three values edited, 50 examples; skipped when
 * ../shared/data/abcd is absent) and on the lint bench's generated dataset (SEAM_BENCH_FIX_MB, default 2 MB, with
 * the demo store): errors before and after the fix, billed tokens before and after and their ratio (the issue
 * aims at 0 errors and at most 1.5x), and whether a second fix changes anything.
 */

const log = (line: string) => console.log(line);

interface FixFigures {
  examples: number;
  errors_before: number;
  errors_after: number;
  warnings_after: number;
  billed_tokens_before: number;
  billed_tokens_after: number;
  billed_ratio: number;
  over_budget_examples: number;
  second_fix_changed: number;
  second_fix_identical: boolean;
  seconds: number;
}

async function measure(directory: string, path: string, index: FactIndex): Promise<FixFigures> {
  const started = performance.now();
  const before = await lintDataset({ path, index, maxFindings: 0 });
  const out = join(directory, 'fixed.jsonl');
  const fixed = await fixDataset({ path, out, index });
  const after = await lintDataset({ path: out, index, maxFindings: 0 });
  const again = await fixDataset({ path: out, out: join(directory, 'fixed-again.jsonl'), index });
  return {
    examples: before.summary.examples,
    errors_before: before.summary.errors,
    errors_after: after.summary.errors,
    warnings_after: after.summary.warnings,
    billed_tokens_before: fixed.billed_tokens.before,
    billed_tokens_after: fixed.billed_tokens.after,
    billed_ratio: fixed.billed_tokens.ratio,
    over_budget_examples: fixed.over_budget.examples,
    second_fix_changed: again.changed,
    second_fix_identical: readFileSync(out, 'utf8') === readFileSync(join(directory, 'fixed-again.jsonl'), 'utf8'),
    seconds: round((performance.now() - started) / 1000, 2),
  };
}

function print(name: string, figures: FixFigures): void {
  log(
    `${name.padEnd(22)} ${figures.examples} examples: errors ${figures.errors_before} -> ${figures.errors_after}, billed tokens ${figures.billed_tokens_before.toLocaleString('en-US')} -> ${figures.billed_tokens_after.toLocaleString('en-US')} (${figures.billed_ratio}x, aim <= 1.5x), over budget ${figures.over_budget_examples}, second fix changed ${figures.second_fix_changed} (identical: ${figures.second_fix_identical}), ${figures.seconds} s`,
  );
}

export async function runFixBench(): Promise<Record<string, FixFigures | string>> {
  const results: Record<string, FixFigures | string> = {};
  const at = new Date().toISOString();
  const directory = mkdtempSync(join(tmpdir(), 'seam-fix-bench-'));
  try {
    if (abcdAvailable) {
      const store = openSqliteStore({ path: join(directory, 'abcd.db') });
      await loadAbcdStore(store);
      const index = await loadFactIndex(store, { at, reader: operator });
      await store.close();
      const path = join(directory, 'abcd.jsonl');
      writeFileSync(path, `${abcdTestSet().lines.join('\n')}\n`);
      results.abcd = await measure(directory, path, index);
      print('ABCD-derived', results.abcd);
    } else {
      results.abcd = `skipped: ${abcdDir} is absent`;
      log(`ABCD-derived           ${results.abcd}`);
    }
    const store = openSqliteStore({ path: join(directory, 'demo.db') });
    for (const file of demoFiles(demoDates(new Date(at)))) {
      for (const version of file.versions) {
        const parsed = parseDocumentText(version.markdown, { file: file.path, fallbackId: file.path });
        await store.put(parsed, { reader: operator, author: version.author });
      }
    }
    const index = await loadFactIndex(store, { at, reader: operator });
    await store.close();
    const path = join(directory, 'generated.jsonl');
    await generateDataset(path, Number(process.env.SEAM_BENCH_FIX_MB ?? 2) * 2 ** 20);
    results.lint_bench_dataset = await measure(directory, path, index);
    print('lint bench dataset', results.lint_bench_dataset);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  saveResults('lint-fix-bench', { generated_at: at, ...results });
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runFixBench();

import { excerpt, table } from '../cli/format.js';
import { pc } from '../util/colors.js';
import { plural } from '../util/plural.js';
import { caseKinds } from './eval-case.js';
import { type EvalReport, type PassCount, rate } from './eval-report.js';

/**
 * The terminal report: the matrix (case kinds × configurations, passed/total and the rate), then the
 * failing cases of each configuration with an excerpt of the answer and why, then stale cases, the
 * baseline comparison and notes.
 */
export function renderEvalText(report: EvalReport, options: { failures?: number } = {}): string {
  const names = report.configs.map((config) => config.name);
  const kinds = caseKinds.filter((kind) => names.some((name) => report.summary[name]?.[kind]));
  const cell = (count: PassCount | undefined) => {
    if (!count || count.total === 0) return '-';
    return `${count.passed}/${count.total} ${percent(rate(count)).padStart(4)}`;
  };
  const totals = (name: string): PassCount =>
    Object.values(report.summary[name] ?? {}).reduce(
      (sum, count) => ({ passed: sum.passed + count.passed, total: sum.total + count.total }),
      { passed: 0, total: 0 },
    );
  const header = report.configs.map((config) => `${config.name} (${describe(config)})`);
  const lines = [
    `${plural(report.cases.length, 'case')} × ${plural(names.length, 'configuration')}`,
    '',
    table(
      ['kind', ...header],
      [
        ...kinds.map((kind) => [kind, ...names.map((name) => cell(report.summary[name]?.[kind]))]),
        ['all', ...names.map((name) => cell(totals(name)))],
      ],
    ),
  ];
  const shown = options.failures ?? 5;
  for (const name of names) {
    const failing = report.cases.filter((entry) => !entry.stale && entry.results[name]?.pass === false);
    if (failing.length === 0) continue;
    lines.push('', pc.bold(`Failing with ${name} (${failing.length}):`));
    for (const entry of failing.slice(0, shown)) {
      const result = entry.results[name];
      if (!result) continue;
      lines.push(`  ${entry.id}${entry.as ? ` (as ${entry.as})` : ''}: ${entry.question}`);
      if (result.answer) lines.push(`    answer: ${excerpt(result.answer, 160)}`);
      lines.push(`    why: ${result.reasons.join('; ')}`);
    }
    if (failing.length > shown) lines.push(`  … and ${failing.length - shown} more (--json or --html for all)`);
  }
  if (report.stale.length > 0) {
    lines.push('', pc.bold(`Stale cases (${report.stale.length}, not counted): the document moved on`));
    for (const entry of report.stale) {
      lines.push(
        `  ${entry.id}: cites ${entry.cites}, ${entry.served === null ? 'the document is gone' : `now v${entry.served}`}`,
      );
    }
  }
  const baseline = report.baseline;
  if (baseline) {
    lines.push(
      '',
      pc.bold(
        `Against ${baseline.file}: ${plural(baseline.regressions.length, 'regression')}, ${baseline.fixes.length === 1 ? '1 fix' : `${baseline.fixes.length} fixes`}`,
      ),
    );
    for (const entry of baseline.regressions) {
      lines.push(`  ${pc.red('regression')} ${entry.id} [${entry.config}]: ${entry.reasons.join('; ')}`);
    }
    for (const entry of baseline.fixes) lines.push(`  ${pc.green('fixed')} ${entry.id} [${entry.config}]`);
  }
  for (const note of report.notes) lines.push('', `note: ${note}`);
  return lines.join('\n');
}

function describe(config: EvalReport['configs'][number]): string {
  const frozen = config.frozen_at ? `, frozen at ${config.frozen_at}` : '';
  return `${config.composer}${config.retrieval ? '' : ', closed-book'}${frozen}`;
}

export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

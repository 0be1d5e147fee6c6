import { caseKinds } from './eval-case.js';
import { type EvalReport, type PassCount, rate } from './eval-report.js';

/**
 * A summary fit for a pull-request comment: pass rates per case kind and configuration, the limits
 * `--min-pass` found broken, regressions and fixes against `--baseline`, then the failing cases
 * (folded) and the run's notes. GitHub-flavoured markdown, no HTML but `<details>`.
 */
export function renderEvalMarkdown(
  report: EvalReport,
  options: { below?: readonly string[]; failures?: number } = {},
): string {
  const names = report.configs.map((config) => config.name);
  const kinds = caseKinds.filter((kind) => names.some((name) => report.summary[name]?.[kind]));
  const cell = (count: PassCount | undefined) =>
    !count || count.total === 0 ? '–' : `${count.passed}/${count.total} (${Math.round(rate(count) * 100)}%)`;
  const total = (name: string): PassCount =>
    Object.values(report.summary[name] ?? {}).reduce(
      (sum, count) => ({ passed: sum.passed + count.passed, total: sum.total + count.total }),
      { passed: 0, total: 0 },
    );
  const lines = [
    `### seam eval: ${report.cases.length} case(s) × ${names.length} configuration(s)`,
    '',
    `| kind | ${report.configs.map((config) => `${inline(config.name)}${config.retrieval ? '' : ' (closed-book)'}`).join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...kinds.map((kind) => `| ${kind} | ${names.map((name) => cell(report.summary[name]?.[kind])).join(' | ')} |`),
    `| **all** | ${names.map((name) => `**${cell(total(name))}**`).join(' | ')} |`,
  ];
  const below = options.below ?? [];
  if (below.length > 0)
    lines.push('', `**Below --min-pass (${below.length}):**`, ...below.map((line) => `- ${inline(line)}`));
  const baseline = report.baseline;
  if (baseline) {
    lines.push(
      '',
      `**Against \`${inline(baseline.file)}\`: ${baseline.regressions.length} regression(s), ${baseline.fixes.length} fix(es)**`,
      ...baseline.regressions.map(
        (entry) =>
          `- regression \`${inline(entry.id)}\` [${inline(entry.config)}]: ${inline(entry.reasons.join('; '))}`,
      ),
      ...baseline.fixes.map((entry) => `- fixed \`${inline(entry.id)}\` [${inline(entry.config)}]`),
    );
  }
  const failing = report.cases.flatMap((entry) =>
    entry.stale
      ? []
      : Object.entries(entry.results)
          .filter(([, result]) => !result.pass)
          .map(([config, result]) => ({ entry, config, result })),
  );
  if (failing.length > 0) {
    const shown = options.failures ?? 20;
    lines.push('', `<details><summary>Failing (${failing.length})</summary>`, '');
    for (const { entry, config, result } of failing.slice(0, shown)) {
      lines.push(
        `- \`${inline(entry.id)}\` [${inline(config)}]${entry.as ? ` as ${inline(entry.as)}` : ''}: ${inline(entry.question)} — ${inline(result.reasons.join('; '))}`,
      );
    }
    if (failing.length > shown) lines.push(`- … and ${failing.length - shown} more`);
    lines.push('', '</details>');
  }
  if (report.stale.length > 0) lines.push('', `${report.stale.length} stale case(s) not counted.`);
  if (report.notes.length > 0) lines.push('', ...report.notes.map((note) => `> ${inline(note)}`));
  return `${lines.join('\n')}\n`;
}

/** Keep table cells and list items intact: pipes, newlines and HTML-looking text. */
function inline(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

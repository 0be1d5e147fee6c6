import { pc } from '../util/colors.js';
import { plural } from '../util/plural.js';
import { type Finding, type FindingKind, findingKinds, findingPath } from './findings.js';
import type { LintResult } from './lint.js';

const titles: Record<FindingKind, string> = {
  format: 'Format',
  frozen_fact: 'Frozen facts (the knowledge store owns these values today)',
  superseded_fact: 'Superseded facts (only an older document version said this)',
  time_sensitive: 'Time-sensitive values (will go stale; nothing supplies them)',
  business_state: "Business state (one customer's data, supplied by nothing in the example)",
  private_data: 'Private data (cannot be forgotten once trained)',
  grounded: 'Grounded values (supplied by the context: fine)',
};

/** Human-readable report: findings grouped by kind, a few examples each, then the summary. */
export function toText(
  result: LintResult,
  options: { path: string; perKind?: number; showGrounded?: boolean | undefined },
): string {
  const perKind = options.perKind ?? 10;
  const out: string[] = [];
  for (const kind of findingKinds) {
    if (kind === 'grounded' && !options.showGrounded) continue;
    const ofKind = result.findings.filter((finding) => finding.kind === kind);
    const total = result.summary.by_kind[kind] ?? 0;
    if (total === 0) continue;
    out.push(pc.bold(`${titles[kind]}: ${total}`));
    for (const finding of ofKind.slice(0, perKind)) out.push(renderFinding(finding, options.path));
    if (total > perKind) out.push(pc.dim(`  … and ${total - perKind} more (--format json lists them all)`));
    out.push('');
  }
  const { summary } = result;
  const tokens = summary.tokens;
  out.push(
    pc.bold('Summary'),
    `  ${summary.examples} ${summary.format} examples on ${summary.lines} lines: ${colourCount(summary.errors, 'error', pc.red)}, ${colourCount(summary.warnings, 'warning', pc.yellow)}, ${summary.infos} grounded`,
    `  tokens (${tokens.encoding}) per example: min ${tokens.total_tokens.min}, median ${tokens.total_tokens.p50}, p90 ${tokens.total_tokens.p90}, max ${tokens.total_tokens.max}; trained (assistant) median ${tokens.assistant_tokens.p50}`,
    `  messages per example: median ${tokens.messages_per_example.p50}, max ${tokens.messages_per_example.max}; without a system message: ${tokens.missing_system}; without a user message: ${tokens.missing_user}`,
    `  over the ${tokens.context_limit}-token limit (truncated in training): ${tokens.examples_over_limit}`,
    `  billed estimate: ${tokens.billed_tokens.toLocaleString('en-US')} tokens (${plural(tokens.epochs, 'epoch')} by default)`,
  );
  if (summary.omitted_findings > 0)
    out.push(pc.dim(`  ${summary.omitted_findings} findings beyond --max-findings were counted but not kept`));
  return out.join('\n');
}

function renderFinding(finding: Finding, path: string): string {
  const located = findingPath(finding);
  const where = located === undefined ? '' : ` ${located.replace(/\.content$/, '')}`;
  const value = finding.value === undefined ? '' : ` ${pc.bold(JSON.stringify(finding.value))}`;
  const source = finding.source ? pc.cyan(` ← ${finding.source.id} v${finding.source.version}`) : '';
  const severity =
    finding.severity === 'error'
      ? pc.red('error')
      : finding.severity === 'warning'
        ? pc.yellow('warning')
        : pc.dim('info');
  return `  ${path}:${finding.line}${where} ${severity} ${finding.code}${value}${source}\n    ${finding.explanation}\n    ${pc.dim(`fix: ${finding.fix}`)}`;
}

function colourCount(count: number, word: string, colour: (text: string) => string): string {
  const text = `${count} ${word}${count === 1 ? '' : 's'}`;
  return count > 0 ? colour(text) : text;
}

import { pc } from '../util/colors.js';
import type { AuditResult } from './audit.js';
import { percent } from './audit.js';
import { auditChecks } from './checks.js';

/** The audit for people: each rate with examples, then the diagnosis it implies. */
export function renderAudit(
  result: AuditResult,
  options: { path: string; thresholds: Partial<Record<string, number>> },
): string {
  const out = [pc.bold(`${result.answers} answers in ${options.path}`), ''];
  for (const rate of result.rates) {
    const limit = options.thresholds[rate.check];
    const over = limit !== undefined && rate.rate > limit;
    const figure = `${percent(rate.rate)} (${rate.failing})`;
    out.push(
      `${(over ? pc.red : rate.failing > 0 ? pc.yellow : pc.green)(figure.padEnd(14))} ${auditChecks[rate.check].describes}${limit === undefined ? '' : pc.dim(`  (limit ${percent(limit)})`)}`,
    );
    for (const example of rate.examples) {
      out.push(pc.dim(`    ${options.path}:${example.line}  ${example.detail}  — "${excerpt(example.answer)}"`));
    }
  }
  out.push('', pc.bold('Diagnosis'));
  if (result.diagnosis.length === 0) out.push('  nothing measured points at a problem');
  for (const line of result.diagnosis) out.push(`  ${line.statement}`);
  return out.join('\n');
}

function excerpt(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

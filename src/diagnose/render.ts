import type { CategoryPlan, Diagnosis, StrandDiagnosis } from './diagnosis.js';

/** Human renderings of a diagnosis: a terminal plan and a markdown block for a ticket. Pure functions. */

const verdictText: Record<StrandDiagnosis['fine_tune'], string> = {
  recommended: 'fine-tuning recommended',
  partly: 'fine-tuning fixes part of it',
  not_a_fix: 'fine-tuning is not the fix',
  unknown: 'no category recognised',
};

const outcomeText: Record<StrandDiagnosis['outcome'], string> = {
  categorised: '',
  unclear: 'unclear',
  no_symptom: 'no symptom named',
};

export function renderText(diagnosis: Diagnosis): string {
  const count = diagnosis.strands.length;
  const lines = [
    `${count} strand${count === 1 ? '' : 's'}${diagnosis.asks_for_fine_tuning ? '; the complaint asks for fine-tuning' : ''}`,
  ];
  diagnosis.strands.forEach((strand, index) => {
    lines.push('', `${index + 1}. "${strand.text}"`);
    if (strand.outcome === 'unclear') {
      lines.push(
        `   unclear: no category is confident (likely ${strand.candidates?.join(' or ') ?? 'none'}, best ${strand.confidence})`,
        `   ask:    ${strand.question ?? ''}`,
      );
    } else if (strand.plan.length === 0) {
      lines.push('   no symptom named (background, a verdict or a question): nothing to fix here');
    }
    for (const entry of strand.plan) {
      lines.push(
        `   ${entry.category} (confidence ${entry.confidence}) · ${entry.side} · lives in ${entry.lives_text}`,
        `   fix:    ${entry.intervention}`,
        `   fine-tuning: ${entry.fine_tune.verdict === 'yes' ? 'recommended' : entry.fine_tune.verdict === 'partly' ? 'partly' : 'not the fix'} — ${entry.fine_tune.text}`,
        `   why:    ${entry.why}`,
        `   verify: ${entry.verify}`,
        `   undo:   ${entry.undo} (reversibility ${entry.reversibility.rating}: ${entry.reversibility.text})`,
      );
    }
  });
  if (diagnosis.unclear) {
    lines.push(
      '',
      `Unclear: no strand names a symptom Seam can sort with confidence. Ask: ${diagnosis.unclear.question}`,
    );
  }
  const verdict = diagnosis.fine_tuning;
  if (verdict) {
    lines.push('', verdict.summary);
    for (const entry of verdict.cannot_fix) {
      lines.push(
        '',
        `  "${entry.text}" (${entry.categories.join(', ')}): ${entry.reason}.`,
        '  What trying would cost:',
        `    training spend:      ${entry.cost.training_spend}`,
        `    frozen staleness:    ${entry.cost.frozen_staleness}`,
        `    lost flexibility:    ${entry.cost.lost_flexibility}`,
        `    inability to delete: ${entry.cost.inability_to_delete}`,
        `  Do instead: ${entry.instead}.`,
      );
    }
  }
  return lines.join('\n');
}

/** A markdown block for pasting into a ticket: a summary table, one section per strand, the verdict. */
export function renderMarkdown(diagnosis: Diagnosis, complaint: string): string {
  const lines = [
    `### Diagnosis: ${diagnosis.strands.length} strand${diagnosis.strands.length === 1 ? '' : 's'}`,
    '',
    `> ${complaint.replace(/\s+/g, ' ').trim()}`,
    '',
    '| # | Strand | Categories | Confidence | Fix | Fine-tuning |',
    '|---|---|---|---|---|---|',
    ...diagnosis.strands.map(
      (strand, index) =>
        `| ${index + 1} | ${cell(strand.text)} | ${cell(strand.categories.map((id) => `\`${id}\``).join(', ') || outcomeText[strand.outcome])} | ${strand.confidence.toFixed(2)} | ${cell(strand.route)} | ${verdictText[strand.fine_tune]} |`,
    ),
  ];
  diagnosis.strands.forEach((strand, index) => {
    lines.push('', `#### ${index + 1}. ${strand.text}`, '');
    if (strand.outcome === 'unclear') lines.push(`- **Unclear.** Ask: ${strand.question ?? ''}`);
    else if (strand.plan.length === 0) lines.push('- No symptom named.');
    for (const entry of strand.plan) lines.push(...markdownPlan(entry, strand.plan.length > 1));
  });
  if (diagnosis.unclear) lines.push('', `**Unclear.** Ask: ${diagnosis.unclear.question}`);
  const verdict = diagnosis.fine_tuning;
  if (verdict) {
    lines.push('', '#### Fine-tuning', '', verdict.summary);
    for (const entry of verdict.cannot_fix) {
      lines.push(
        '',
        `**Fine-tuning cannot fix "${entry.text}"** (${entry.categories.map((id) => `\`${id}\``).join(', ')}): ${entry.reason}. Trying would cost:`,
        '',
        `- Training spend: ${entry.cost.training_spend}`,
        `- Frozen staleness: ${entry.cost.frozen_staleness}`,
        `- Lost flexibility: ${entry.cost.lost_flexibility}`,
        `- Inability to delete: ${entry.cost.inability_to_delete}`,
        '',
        `Do instead: ${entry.instead}.`,
      );
    }
  }
  return lines.join('\n');
}

function markdownPlan(entry: CategoryPlan, named: boolean): string[] {
  return [
    ...(named ? [`**\`${entry.category}\`** (confidence ${entry.confidence.toFixed(2)})`, ''] : []),
    `- **Category:** \`${entry.category}\` (${entry.side}; lives in ${entry.lives_text})`,
    `- **Fix:** ${entry.intervention}`,
    `- **Fine-tuning:** ${entry.fine_tune.text}`,
    `- **Why:** ${entry.why}`,
    `- **Verify:** ${entry.verify}`,
    `- **Undo:** ${entry.undo} (reversibility: ${entry.reversibility.rating})`,
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

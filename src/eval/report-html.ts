import { caseKinds } from './eval-case.js';
import { type EvalReport, type PassCount, rate } from './eval-report.js';

/**
 * The report as one self-contained HTML file (inline CSS, no script, no CDN, no external request):
 * the matrix of kinds × configurations, then every case with each configuration's answer, verdict,
 * reasons and citations in a drill-down. Failing cases open first. Every text is escaped.
 */
export function renderEvalHtml(report: EvalReport, options: { title?: string; generatedAt: string }): string {
  const names = report.configs.map((config) => config.name);
  const kinds = caseKinds.filter((kind) => names.some((name) => report.summary[name]?.[kind]));
  const cell = (count: PassCount | undefined) =>
    !count || count.total === 0
      ? '<td class="none">–</td>'
      : `<td class="${count.passed === count.total ? 'ok' : 'bad'}">${count.passed}/${count.total} <b>${Math.round(rate(count) * 100)}%</b></td>`;
  const matrix = `<table class="matrix"><thead><tr><th>kind</th>${report.configs
    .map(
      (config) =>
        `<th>${escapeHtml(config.name)}<br><small>${escapeHtml(config.composer)}${config.retrieval ? '' : ', closed-book'}${config.frozen_at ? `, frozen at ${escapeHtml(config.frozen_at)}` : ''}</small></th>`,
    )
    .join('')}</tr></thead><tbody>${kinds
    .map((kind) => `<tr><th>${kind}</th>${names.map((name) => cell(report.summary[name]?.[kind])).join('')}</tr>`)
    .join('')}</tbody></table>`;

  const ordered = [...report.cases].sort(
    (a, b) =>
      Number(Object.values(a.results).every((r) => r.pass)) - Number(Object.values(b.results).every((r) => r.pass)),
  );
  const cases = ordered
    .map((entry) => {
      const failing = Object.values(entry.results).some((result) => !result.pass);
      const badges = names
        .map((name) => {
          const result = entry.results[name];
          return `<span class="badge ${result?.pass ? 'ok' : 'bad'}">${escapeHtml(name)}: ${result?.pass ? 'pass' : 'fail'}</span>`;
        })
        .join(' ');
      const columns = names
        .map((name) => {
          const result = entry.results[name];
          if (!result) return '';
          const citations = result.citations.map((c) => `${escapeHtml(c.id)}@${c.version}`).join(', ') || 'none';
          const reasons = result.reasons.length
            ? `<ul class="reasons">${result.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`
            : '';
          return `<div class="result ${result.pass ? 'ok' : 'bad'}"><h4>${escapeHtml(name)}: ${result.pass ? 'pass' : 'fail'}${result.refused ? ' (declined)' : ''}</h4><pre>${escapeHtml(result.answer)}</pre>${reasons}<p class="meta">citations: ${citations} · ${Math.round(result.ms)} ms</p></div>`;
        })
        .join('');
      const stale = entry.stale
        ? `<p class="stale">stale: cites ${escapeHtml(entry.stale.cites)}, ${entry.stale.served === null ? 'the document is gone' : `now v${entry.stale.served}`} (not counted)</p>`
        : '';
      return `<details${failing ? ' open' : ''}><summary><code>${escapeHtml(entry.kind)}</code> ${escapeHtml(entry.question)}${entry.as ? ` <small>as ${escapeHtml(entry.as)}</small>` : ''} ${badges}</summary><p class="meta">${escapeHtml(entry.id)}${entry.note ? ` · ${escapeHtml(entry.note)}` : ''}</p><p class="meta">expect: <code>${escapeHtml(JSON.stringify(entry.expect))}</code></p>${stale}<div class="results">${columns}</div></details>`;
    })
    .join('\n');
  const baseline = report.baseline
    ? `<h2>Against ${escapeHtml(report.baseline.file)}</h2><ul>${report.baseline.regressions
        .map(
          (r) =>
            `<li class="bad">regression: ${escapeHtml(r.id)} [${escapeHtml(r.config)}]: ${escapeHtml(r.reasons.join('; '))}</li>`,
        )
        .join(
          '',
        )}${report.baseline.fixes.map((f) => `<li class="ok">fixed: ${escapeHtml(f.id)} [${escapeHtml(f.config)}]</li>`).join('')}</ul>`
    : '';
  const notes = report.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('');
  const title = options.title ?? 'seam eval';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f}
table.matrix{border-collapse:collapse;margin:1rem 0}table.matrix td,table.matrix th{border:1px solid #ccc;padding:.35rem .7rem;text-align:left}
td.ok,.badge.ok,.result.ok h4,li.ok{color:#0a6b2d}td.bad,.badge.bad,.result.bad h4,li.bad{color:#b3261e}
.badge{font-size:12px;border:1px solid currentColor;border-radius:4px;padding:0 .3rem;margin-left:.2rem}
details{border-top:1px solid #e3e3e3;padding:.4rem 0}summary{cursor:pointer}
.results{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.8rem}
.result{border:1px solid #e3e3e3;border-radius:6px;padding:.5rem .7rem}.result h4{margin:.1rem 0}
pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem;border-radius:4px;margin:.3rem 0}
.meta{color:#666;font-size:12px;margin:.2rem 0}.stale{color:#8a5a00}.note{color:#555;font-style:italic}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${report.cases.length} cases × ${names.length} configurations · ${escapeHtml(options.generatedAt)}</p>
${matrix}
${notes}
${baseline}
<h2>Cases</h2>
${cases}
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

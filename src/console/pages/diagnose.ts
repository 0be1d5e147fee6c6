import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Diagnosis } from '../../diagnose/diagnosis.js';
import type { ServerServices } from '../../server/services.js';
import { getCategory, isCategoryId } from '../../taxonomy/index.js';
import { pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

/**
 * Diagnose a complaint: its strands, their categories and the cheapest reversible fix for each; an unclear
 * strand names its likely categories, and a complaint with no category gets the question to ask.
 */
export async function diagnosePage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  let text = '';
  let diagnosis: Diagnosis | undefined;
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    text = String(form.text ?? '')
      .trim()
      .slice(0, 20_000);
    if (text !== '') diagnosis = await services.diagnose(text);
  }
  return c.html(
    pageFor(
      c,
      'Diagnose',
      html`<h1>Diagnose a complaint</h1>
      <form method="post" action="/diagnose">
        <textarea name="text" aria-label="complaint" placeholder="its tone is inconsistent and it gives out-of-date answers, so let's fine-tune it">${text}</textarea>
        <div class="toolbar"><button type="submit">Diagnose</button></div>
      </form>
      ${diagnosis ? strandTable(diagnosis) : ''}`,
    ),
  );
}

function strandTable(diagnosis: Diagnosis) {
  return html`<table data-testid="strands">
      <tr><th>Strand</th><th>Categories</th><th>Cheapest reversible fix</th><th>Confidence</th></tr>
      ${diagnosis.strands.map(
        (strand) => html`<tr data-outcome="${strand.outcome}"><td>${strand.text}</td><td>${outcomeCell(strand)}</td>
          <td>${strand.intervention}</td><td>${strand.confidence.toFixed(2)}</td></tr>`,
      )}
    </table>
    ${
      diagnosis.unclear
        ? html`<p data-testid="unclear"><strong>Unclear.</strong> No strand names a symptom Seam can sort with confidence. Ask: ${diagnosis.unclear.question}</p>`
        : ''
    }
    ${diagnosis.fine_tuning ? html`<p data-testid="fine-tuning">${diagnosis.fine_tuning.summary}</p>` : ''}`;
}

function outcomeCell(strand: Diagnosis['strands'][number]) {
  if (strand.outcome === 'categorised') {
    return strand.categories.map(
      (category) => html`<span class="pill" data-category="${category}" title="${category}">${label(category)}</span>`,
    );
  }
  if (strand.outcome === 'unclear') {
    return html`<span class="pill">unclear</span> likely ${(strand.candidates ?? []).map(label).join(' or ')}`;
  }
  return html`<span class="meta">no symptom named</span>`;
}

/** A category's human label ("Current facts"), its id when it is not one of the taxonomy's. */
const label = (id: string): string => (isCategoryId(id) ? getCategory(id).label : id.replace(/_/g, ' '));

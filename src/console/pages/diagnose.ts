import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Diagnosis } from '../../diagnose/diagnosis.js';
import type { ServerServices } from '../../server/services.js';
import { pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

/** Diagnose a complaint: its strands, their categories and the cheapest reversible fix for each. */
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
      ${
        diagnosis
          ? html`<table data-testid="strands">
              <tr><th>Strand</th><th>Categories</th><th>Cheapest reversible fix</th><th>Confidence</th></tr>
              ${diagnosis.strands.map(
                (
                  strand,
                ) => html`<tr><td>${strand.text}</td><td>${strand.categories.map((category) => html`<span class="pill">${category}</span>`)}</td>
                  <td>${strand.intervention}</td><td>${strand.confidence.toFixed(2)}</td></tr>`,
              )}
            </table>`
          : ''
      }`,
    ),
  );
}

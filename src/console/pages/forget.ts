import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ForgetReceipt } from '../../forget/receipt.js';
import { renderReceipt } from '../../forget/render-receipt.js';
import { forgetAs } from '../../operations/forget.js';
import { requireRole } from '../../operations/reader.js';
import type { ServerServices } from '../../server/services.js';
import { pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

/**
 * Forget (admin): a subject and their values; submitting shows the dry-run receipt with a confirm button;
 * confirming runs `seam forget` and shows its receipt. Both posts go through the same admin check as the API.
 */
export async function forgetPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireRole(c.var.self, 'admin', 'forgetting a subject');
  let subject = '';
  let valuesText = '';
  let receipt: ForgetReceipt | undefined;
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    subject = String(form.subject ?? '')
      .trim()
      .slice(0, 200);
    valuesText = String(form.values ?? '').slice(0, 20_000);
    const values = valuesText
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (subject !== '') {
      receipt = await forgetAs({
        store: services.store,
        reader: c.var.reader,
        subject,
        values,
        dryRun: form.confirm !== 'yes',
        now: services.now(),
      });
    }
  }
  return c.html(
    pageFor(
      c,
      'Forget',
      html`<h1>Forget a subject</h1>
      <p class="meta">Deletes the documents whose subjects list the id and redacts the values (one a line) from every other document. A dry run comes first.</p>
      <form method="post" action="/forget">
        <input name="subject" aria-label="subject" placeholder="cust-1042" value="${subject}" />
        <textarea name="values" aria-label="values" placeholder="one value a line: email, phone, name">${valuesText}</textarea>
        <div class="toolbar"><button type="submit">Dry run</button></div>
      </form>
      ${
        receipt
          ? html`<pre data-testid="receipt">${renderReceipt(receipt)}</pre>
            ${
              receipt.dry_run
                ? html`<form method="post" action="/forget">
                    <input type="hidden" name="subject" value="${subject}" />
                    <input type="hidden" name="values" value="${valuesText}" />
                    <input type="hidden" name="confirm" value="yes" />
                    <button type="submit" data-testid="confirm">Forget for real</button>
                  </form>`
                : ''
            }`
          : ''
      }`,
    ),
  );
}

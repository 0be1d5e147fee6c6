import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ForgetReceipt } from '../../forget/receipt.js';
import { renderReceipt } from '../../forget/render-receipt.js';
import { forgetAs, forgetReceiptsAs } from '../../operations/forget.js';
import { requireRole } from '../../operations/reader.js';
import type { ServerServices } from '../../server/services.js';
import type { StoredReceipt } from '../../store/forget-store.js';
import { formatTime, pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

/**
 * Forget (admin): a subject and their values; submitting shows the dry-run receipt with a confirm button;
 * confirming runs `seam forget` and shows its receipt. Below, the stored receipts (`seam forget --list`), newest
 * first. Every request goes through the same admin checks as the API.
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
  const stored = await forgetReceiptsAs({ store: services.store, reader: c.var.reader });
  return c.html(
    pageFor(
      c,
      'Forget',
      html`<h1>Forget a subject</h1>
      <p class="meta">Deletes the documents whose subjects list the id and redacts the values (one a line) from every other document. A dry run comes first.</p>
      <form method="post" action="/forget">
        <label class="field">Subject <span class="hint">the id in the documents' <code>subjects</code> (and a principal's id)</span>
          <input name="subject" aria-label="subject" placeholder="cust-1042" value="${subject}" /></label>
        <label class="field">Values to redact everywhere else <span class="hint">one a line: email, phone, name</span>
          <textarea class="short" name="values" aria-label="values" placeholder="ana@example.com">${valuesText}</textarea></label>
        <div class="toolbar"><button class="secondary" type="submit" data-testid="dry-run">Dry run</button>
          <span class="meta">Shows what would be deleted and redacted; changes nothing.</span></div>
      </form>
      ${
        receipt
          ? html`<pre data-testid="receipt">${renderReceipt(receipt)}</pre>
            ${
              receipt.dry_run
                ? html`<form class="card danger-zone" method="post" action="/forget"
                    data-confirm="Forget ${subject} for real? Their documents are deleted and the values redacted everywhere; this cannot be undone.">
                    <p>This was a dry run: nothing has changed yet. Forgetting deletes and redacts what is listed above, for good.</p>
                    <input type="hidden" name="subject" value="${subject}" />
                    <input type="hidden" name="values" value="${valuesText}" />
                    <input type="hidden" name="confirm" value="yes" />
                    <button class="danger" type="submit" data-testid="confirm">Forget for real</button>
                  </form>`
                : ''
            }`
          : ''
      }
      ${receiptsTable(stored)}`,
    ),
  );
}

/** The stored receipts as `seam forget --list` shows them: kept without the subject or the values. */
function receiptsTable(stored: readonly StoredReceipt[]) {
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  return html`<h2>Receipts</h2>
    ${
      stored.length === 0
        ? html`<p class="meta" data-testid="no-receipts">No subject has been forgotten yet.</p>`
        : html`<table data-testid="receipts">
            <tr><th>Receipt</th><th>When</th><th>Deleted</th><th>Redacted</th><th>Datasets</th><th>Models</th><th>Residual</th></tr>
            ${stored.map(
              ({ id, at, receipt }) => html`<tr data-receipt="${id}">
                <td>${id}</td><td class="meta">${formatTime(at)}</td>
                <td>${count(receipt.documents_deleted)}</td><td>${count(receipt.documents_redacted)}</td>
                <td>${count(receipt.datasets)}</td><td>${count(receipt.models)}</td>
                <td>${String(receipt.residual ?? '-')}</td>
              </tr>`,
            )}
          </table>`
    }
    <p class="meta">Kept without the subject or the values; also <code>GET /v1/forget/receipts</code> and <code>seam forget --list</code>.</p>`;
}

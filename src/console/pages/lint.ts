import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Finding } from '../../lint/findings.js';
import type { ServerServices } from '../../server/services.js';
import { type Html, pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

const maxFindings = 500;

/** The text a finding's offsets refer to, when it is a message's plain `content`. */
function contentOf(lines: readonly string[], finding: Finding): string | undefined {
  if (finding.message === undefined || finding.content_part !== undefined || finding.tool_call !== undefined) return;
  try {
    const example = JSON.parse(lines[finding.line - 1] ?? '') as { messages?: { content?: unknown }[] };
    const content = example.messages?.[finding.message]?.content;
    return typeof content === 'string' ? content : undefined;
  } catch {
    return undefined;
  }
}

/** The message with the finding's span marked, or its value alone. */
function inPlace(lines: readonly string[], finding: Finding): Html {
  const content = contentOf(lines, finding);
  const { start, end } = finding;
  if (content === undefined || start === undefined || end === undefined)
    return html`<code>${finding.value ?? ''}</code>`;
  const from = Math.max(0, start - 80);
  return html`${from > 0 ? '…' : ''}${content.slice(from, start)}<mark>${content.slice(start, end)}</mark>${content.slice(end, end + 80)}${end + 80 < content.length ? '…' : ''}`;
}

/** Lint a dataset by upload: findings against the documents the reader may read, each highlighted in its message. */
export async function lintPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  let report: Html | '' = '';
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    const file = form.dataset;
    if (file instanceof File && file.size > 0) {
      const text = await file.text();
      const folder = await mkdtemp(join(tmpdir(), 'seam-console-lint-'));
      try {
        const path = join(folder, 'dataset.jsonl');
        await writeFile(path, text);
        const { lintDataset } = await import('../../lint/lint.js');
        const result = await lintDataset({
          path,
          store: services.store,
          reader: c.var.reader,
          at: services.now().toISOString(),
          jobs: 0,
          maxFindings,
        });
        const lines = text.split('\n');
        const { summary } = result;
        report = html`<div class="card" data-testid="lint-summary">
            ${file.name}: ${summary.examples} examples, <strong>${summary.errors} errors</strong>, ${summary.warnings} warnings
            ${summary.omitted_findings > 0 ? html`(${summary.omitted_findings} more findings not shown)` : ''}
          </div>
          <table data-testid="findings">
            <tr><th>Line</th><th>Kind</th><th>In place</th><th>Why, and the fix</th></tr>
            ${result.findings
              .filter((finding) => finding.kind !== 'grounded')
              .map(
                (finding) => html`<tr>
                  <td>${finding.line}${finding.message === undefined ? '' : html`<div class="meta">message ${finding.message}</div>`}</td>
                  <td><span class="pill ${finding.severity === 'error' ? 'restricted' : ''}" data-kind="${finding.kind}">${finding.kind.replace(/_/g, ' ')}</span></td>
                  <td>${inPlace(lines, finding)}${
                    finding.source
                      ? html`<div class="meta">stated by <a href="/document?id=${encodeURIComponent(finding.source.id)}&version=${finding.source.version}">${finding.source.id} v${finding.source.version}</a></div>`
                      : ''
                  }</td>
                  <td>${finding.explanation}<div class="meta">${finding.fix}</div></td>
                </tr>`,
              )}
          </table>`;
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    }
  }
  return c.html(
    pageFor(
      c,
      'Lint',
      html`<h1>Lint a fine-tuning dataset</h1>
      <p class="meta">An OpenAI fine-tuning file (JSONL, at most 2 MB here; use <code>seam lint</code> for larger files). Facts are checked against the documents ${c.var.session.viewAs ?? c.var.principal} may read.</p>
      <form class="toolbar" method="post" action="/lint" enctype="multipart/form-data">
        <input type="file" name="dataset" accept=".jsonl,.json,application/jsonl" aria-label="dataset" />
        <button type="submit">Lint</button>
      </form>
      ${report}`,
    ),
  );
}

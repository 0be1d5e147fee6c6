import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { AskResult, AskTrace } from '../../ask/ask-result.js';
import { instantKey, isIsoDate } from '../../documents/parse-document.js';
import type { ServerServices } from '../../server/services.js';
import { type Html, pageFor } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import type { ConsoleEnv } from '../session.js';

/**
 * The ask playground: the answer as the reader would get it, its citations (exact versions), a summary of
 * how it was reached, and the full trace folded away. Logged as asked by the signed-in principal, with
 * whom an admin was viewing as.
 */
export async function askPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  let question = '';
  let asOf = '';
  let result: AskResult | undefined;
  const viewAs = c.var.session.viewAs;
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    question = String(form.question ?? '').trim();
    asOf = String(form.as_of ?? '');
    if (question !== '') {
      result = await services.ask({
        reader: c.var.reader,
        principal: c.var.principal,
        viewedAs: viewAs,
        question: question.slice(0, 4000),
        asOf: isIsoDate(asOf) ? instantKey(asOf) : undefined,
      });
    }
  }
  return c.html(
    pageFor(
      c,
      'Ask',
      html`<h1>Ask</h1>
      <p class="meta">Answered as ${viewAs ?? c.var.principal}, from the documents they may read, in effect today (or on a date).
        ${viewAs ? html`The answer log records it as asked by ${c.var.principal}, viewing as ${viewAs}.` : ''}</p>
      <form class="toolbar" method="post" action="/ask">
        <input type="text" name="question" value="${question}" size="70" placeholder="How long do I have to return a bag?" aria-label="question" />
        <label class="meta">as of <input type="date" name="as_of" value="${asOf}" /></label>
        <button type="submit">Ask</button>
      </form>
      ${result ? answerView(result) : ''}`,
    ),
  );
}

function answerView(result: AskResult): Html {
  return html`<div class="card">
      <div class="answer" data-testid="answer">${raw(renderMarkdown(result.answer))}</div>
      ${result.refused && result.refusal ? html`<p class="notice">Declined (${result.refusal.reason.replace(/_/g, ' ')}): ${result.refusal.detail}</p>` : ''}
      ${result.handoff ? html`<p class="notice">Handoff (${result.handoff.reason.replace(/_/g, ' ')}): ${result.handoff.detail}</p>` : ''}
    </div>
    <h2>Citations</h2>
    <ul data-testid="citations">
      ${result.citations.map(
        (
          citation,
        ) => html`<li><a href="/document?id=${encodeURIComponent(citation.id)}&version=${citation.version}">${citation.title} (${citation.id} v${citation.version})</a>
          ${citation.effective_from ? html`<span class="meta">in effect from ${citation.effective_from}</span>` : ''}</li>`,
      )}
    </ul>
    ${result.citations.length === 0 ? html`<p class="meta">None.</p>` : ''}
    <h2>How it was answered</h2>
    ${traceSummary(result)}
    <details class="trace" data-testid="trace-toggle">
      <summary>Full trace (JSON)</summary>
      <pre data-testid="trace">${JSON.stringify(result.trace, null, 2)}</pre>
    </details>`;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The trace in a few lines a policy owner reads: who, what was searched and used, checks, time. */
function traceSummary(result: AskResult): Html {
  const trace: AskTrace = result.trace;
  const used = trace.hits.filter((hit) => hit.used);
  const { grounding, validation } = trace;
  return html`<dl class="summary card" data-testid="trace-summary">
      <dt>Asked as</dt>
      <dd>${trace.principal.id ?? 'the operator'}${
        trace.principal.roles.length > 0 ? ` (roles: ${trace.principal.roles.join(', ')})` : ' (no roles)'
      }${trace.principal.known ? '' : ', not a registered principal'}</dd>
      <dt>Permissions</dt>
      <dd>${trace.permissions.map((decision) => html`<div>${decision.subject}: ${decision.detail}</div>`)}</dd>
      <dt>Passages</dt>
      <dd data-testid="passages">${plural(trace.hits.length, 'passage')} found that they may read, ${used.length} used${
        used.length > 0
          ? html`: ${used.map(
              (hit, index) =>
                html`${index > 0 ? ', ' : ''}<a href="/document?id=${encodeURIComponent(hit.id)}&version=${hit.version}">${hit.id} v${hit.version}</a>`,
            )}`
          : ''
      }</dd>
      ${
        trace.connectors.length > 0
          ? html`<dt>Account data</dt><dd>${trace.connectors.map(
              (call) =>
                html`<div>${call.name}: ${call.status}${call.status === 'ok' ? `, ${plural(call.records, 'record')}` : ''} — ${call.detail}</div>`,
            )}</dd>`
          : ''
      }
      <dt>Written by</dt>
      <dd>${trace.composer === 'extractive' ? 'extractive (sentences quoted from the passages, no model)' : trace.composer}${
        trace.model_calls > 0 ? `, ${plural(trace.model_calls, 'model call')}` : ''
      }</dd>
      <dt>Checks</dt>
      <dd data-testid="checks">${groundingLine(grounding)}; ${
        validation.ok ? 'format valid' : `format problems: ${validation.problems.join('; ')}`
      }${validation.repair_attempted ? ' (after one repair)' : ''}</dd>
      <dt>Time</dt>
      <dd>${Math.round(trace.timings.total)} ms</dd>
    </dl>`;
}

function groundingLine(grounding: AskTrace['grounding']): string {
  if (grounding.ungrounded.length === 0) {
    return grounding.values === 0
      ? 'no values (amounts, dates, durations) to check'
      : `every value found in the sources (${plural(grounding.values, 'value')})`;
  }
  const missing = grounding.ungrounded.map((value) => value.text).join(', ');
  const action = { none: 'kept', removed: 'sentences removed', withheld: 'answer withheld' }[grounding.action];
  return `not in the sources: ${missing} (${action})`;
}

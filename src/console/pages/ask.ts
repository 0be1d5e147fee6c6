import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AskResult } from '../../ask/ask-result.js';
import { instantKey, isIsoDate } from '../../documents/parse-document.js';
import type { ServerServices } from '../../server/services.js';
import { type Html, pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';

/** The ask playground: the answer as the reader would get it, its citations (exact versions) and the trace. */
export async function askPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  let question = '';
  let asOf = '';
  let result: AskResult | undefined;
  if (c.req.method === 'POST') {
    const form = await c.req.parseBody();
    question = String(form.question ?? '').trim();
    asOf = String(form.as_of ?? '');
    if (question !== '') {
      result = await services.ask({
        reader: c.var.reader,
        principal: c.var.session.viewAs ?? c.var.principal,
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
      <p class="meta">Answered as ${c.var.session.viewAs ?? c.var.principal}, from the documents they may read, in effect today (or on a date).</p>
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
      <div class="answer" data-testid="answer">${result.answer}</div>
      ${result.refused && result.refusal ? html`<p class="notice">Declined (${result.refusal.reason}): ${result.refusal.detail}</p>` : ''}
      ${result.handoff ? html`<p class="notice">Handoff (${result.handoff.reason}): ${result.handoff.detail}</p>` : ''}
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
    <h2>Trace</h2>
    <pre data-testid="trace">${JSON.stringify(result.trace, null, 2)}</pre>`;
}

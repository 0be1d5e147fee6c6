import { html } from 'hono/html';
import type { Html } from '../layout.js';

/** A unified diff with added and removed lines marked. */
export function diffView(patch: string): Html {
  const lines = patch.split('\n').slice(2);
  return html`<pre class="diff" data-testid="diff">${lines.map((line) =>
    line.startsWith('+')
      ? html`<span class="add">${line}</span>`
      : line.startsWith('-')
        ? html`<span class="del">${line}</span>`
        : html`${line}\n`,
  )}</pre>`;
}

import { html } from 'hono/html';
import type { Html } from '../layout.js';

/** A unified diff's hunks with added and removed lines marked (no changes: an empty box). */
export function diffView(patch: string): Html {
  const all = patch.split('\n');
  const start = all.findIndex((line) => line.startsWith('@@'));
  const lines = start === -1 ? [] : all.slice(start);
  return html`<pre class="diff" data-testid="diff">${lines.map((line) =>
    line.startsWith('+')
      ? html`<span class="add">${line}</span>`
      : line.startsWith('-')
        ? html`<span class="del">${line}</span>`
        : html`${line}\n`,
  )}</pre>`;
}

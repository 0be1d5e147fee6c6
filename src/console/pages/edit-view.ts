import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { listDocuments } from '../../operations/read-documents.js';
import type { ServerServices } from '../../server/services.js';
import { type Html, pageFor } from '../layout.js';
import type { ConsoleEnv } from '../session.js';
import { type DocumentFields, dateField, fieldsForm } from './edit-form.js';
import { type ScheduleStep, showInstant, timelineTable, upcoming } from './schedule.js';

export interface EditState {
  fields: DocumentFields;
  isNew: boolean;
  /** The newest version when the editor opened: the save is refused (a conflict) if another was saved since. */
  baseVersion: number;
  /** The version whose content the form started from: today's, or a scheduled one. */
  editing?: number | undefined;
  message: string;
  notice?: Html | undefined;
  preview?: string | undefined;
}

/** The form's labels for the front-matter keys an error can name. */
const labels: Record<string, string> = {
  id: 'Id',
  title: 'Title',
  collection: 'Collection',
  acl: 'Readers',
  effective_from: 'In effect from',
  effective_until: 'In effect until',
  tags: 'Tags',
  subjects: 'Subjects',
};

/** The label of the form field an input error is about, if it names one. */
export function fieldLabel(field: string | undefined): string | undefined {
  const key = field?.match(/'([a-z_]+)'/)?.[1] ?? field;
  return key === undefined ? undefined : labels[key];
}

/**
 * The editor page: what is being changed and the version it is checked against, the fields, the markdown,
 * and what will be served when once it is saved (the store's rule applied to the versions plus this one).
 */
export async function renderEdit(
  c: Context<ConsoleEnv>,
  services: ServerServices,
  state: EditState,
  status: 200 | 400 | 409 = 200,
): Promise<Response> {
  const { store } = services;
  const { fields } = state;
  const [principals, { documents }, history] = await Promise.all([
    store.listPrincipals(),
    listDocuments({ store, reader: c.var.self }),
    state.isNew ? undefined : store.history(fields.id, { reader: c.var.self }),
  ]);
  const versions = history ?? [];
  const now = services.now().toISOString();
  const fresh = Math.max(versions.at(-1)?.version ?? 0, state.baseVersion) + 1;
  const from = dateField(fields.effectiveFrom);
  const until = dateField(fields.effectiveUntil);
  const datesValid = (from !== null || fields.effectiveFrom === '') && (until !== null || fields.effectiveUntil === '');
  const before = upcoming(versions, now);
  const after = datesValid
    ? upcoming([...versions, { version: fresh, effective_from: from, effective_until: until }], now)
    : undefined;
  const titles = new Map(versions.map((entry) => [entry.version, entry.title]));
  const title = state.isNew ? 'New document' : `Edit ${fields.title || fields.id}`;
  const encoded = encodeURIComponent(fields.id);

  return c.html(
    pageFor(
      c,
      title,
      html`<h1>${title}</h1>
      <p class="meta">${
        state.isNew
          ? 'A new document: give it an id, a title and who may read it.'
          : html`Changing <strong data-testid="editing">v${state.editing ?? state.baseVersion}</strong>${editingNote(before, state.editing)}.
            Your save becomes v${fresh}, checked against <strong data-testid="base-version">version ${state.baseVersion}</strong>
            (the newest when you opened it): if someone saves in between, nothing is overwritten.`
      }</p>
      ${state.notice ?? ''}
      <form method="post" action="/edit" data-testid="edit-form">
        <input type="hidden" name="is_new" value="${state.isNew ? '1' : '0'}" />
        <input type="hidden" name="base_version" value="${String(state.baseVersion)}" />
        <input type="hidden" name="editing" value="${state.editing === undefined ? '' : String(state.editing)}" />
        ${fieldsForm({
          fields,
          isNew: state.isNew,
          roles: principals.flatMap((principal) => principal.roles),
          collections: [...new Set(documents.map((entry) => entry.collection))].sort(),
        })}
        <div class="editor ${state.preview === undefined ? '' : 'with-preview'}">
          <label class="meta" for="body">Text (markdown)</label>
          <textarea id="body" name="body" aria-label="text" spellcheck="true">${fields.body}</textarea>
          ${state.preview === undefined ? '' : html`<span class="meta">Preview</span>`}
          ${state.preview === undefined ? '' : html`<article class="card preview" data-testid="preview">${raw(state.preview)}</article>`}
        </div>
        <div class="toolbar">
          <input type="text" name="message" value="${state.message}" placeholder="Why (shown in history)" size="50" aria-label="message" />
          <button type="submit" name="action" value="save">Save</button>
          <button class="secondary" type="submit" name="action" value="preview">Preview</button>
          ${state.isNew ? html`<a href="/documents">Cancel</a>` : html`<a href="/document?id=${encoded}">Cancel</a>`}
        </div>
      </form>
      <div class="card">
        <h2>What will be served when</h2>
        <div class="columns">
          ${
            state.isNew
              ? ''
              : html`<div><h3>Now</h3>${timelineTable({ id: fields.id, steps: before, titles, testId: 'served-now' })}</div>`
          }
          <div><h3>After you save</h3>${
            after
              ? timelineTable({ id: fields.id, steps: after, titles, fresh, testId: 'served-after' })
              : html`<p class="meta" data-testid="served-after">Fix the dates (YYYY-MM-DD) to see when it is served.</p>`
          }</div>
        </div>
        <p class="meta">Preview shows the text rendered and updates this.</p>
      </div>
`,
    ),
    status,
  );
}

function editingNote(steps: readonly ScheduleStep[], editing: number | undefined): string {
  const step = steps.find((entry) => entry.version === editing);
  if (!step) return '';
  if (step.now) return step.until === null ? ', served today' : `, served today until ${showInstant(step.until)}`;
  return `, scheduled from ${showInstant(step.from ?? '')}`;
}

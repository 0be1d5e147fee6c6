import { createTwoFilesPatch } from 'diff';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { instantKey, parseDocumentText } from '../../documents/parse-document.js';
import { renderDocument } from '../../documents/render-document.js';
import { ConflictError, InputError, PermissionError } from '../../errors.js';
import { documentHistory, showDocument } from '../../operations/read-documents.js';
import { requireRole } from '../../operations/reader.js';
import { putDocumentText } from '../../operations/write-documents.js';
import type { ServerServices } from '../../server/services.js';
import { pageFor } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import type { ConsoleEnv } from '../session.js';
import { diffView } from './diff-view.js';
import { emptyFields, fieldsFromForm, fieldsOf, markdownOf } from './edit-form.js';
import { type EditState, fieldLabel, renderEdit } from './edit-view.js';
import { showInstant, timelineTable, upcoming } from './schedule.js';

function requireEditor(c: Context<ConsoleEnv>): void {
  requireRole(c.var.self, 'editor', 'editing documents');
  if (c.var.session.viewAs !== undefined) throw new PermissionError('stop viewing as another principal to edit');
}

/**
 * The editor. A document with a scheduled change first asks which version to change (today's or a
 * scheduled one) and shows what is served when; the form then starts from that version's content.
 * Changing today's version keeps the scheduled change: the form's "in effect until" is the date the next
 * version takes over.
 */
export async function editPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireEditor(c);
  if (c.req.query('new') !== undefined) {
    return renderEdit(c, services, { fields: emptyFields(), isNew: true, baseVersion: 0, message: '' });
  }
  const id = c.req.query('id') ?? '';
  const { versions } = await documentHistory({ store: services.store, reader: c.var.self, id });
  const newest = versions.at(-1)?.version ?? 0;
  const steps = upcoming(versions, services.now().toISOString());
  const choices = [...new Set(steps.map((step) => step.version))];
  const asked = c.req.query('version');
  if (asked === undefined && choices.length > 1) return renderChoice(c, id, versions, steps);

  const target = asked && /^\d+$/.test(asked) ? Number(asked) : (choices[0] ?? newest);
  const document = await showDocument({ store: services.store, reader: c.var.self, id, version: target });
  const fields = fieldsOf(document);
  // Served until a scheduled version takes over: the edit stops there too, so the scheduled change still happens.
  const until = steps.find((step) => step.version === target)?.until;
  if (until && (document.effective_until === null || instantKey(document.effective_until) > until)) {
    fields.effectiveUntil = until.endsWith('T00:00:00.000Z') ? until.slice(0, 10) : until;
  }
  return renderEdit(c, services, { fields, isNew: false, baseVersion: newest, editing: target, message: '' });
}

/** Which version to change: the steps of what is served when, each with its own edit button. */
function renderChoice(
  c: Context<ConsoleEnv>,
  id: string,
  versions: readonly { version: number; title: string }[],
  steps: ReturnType<typeof upcoming>,
): Response | Promise<Response> {
  const titles = new Map(versions.map((entry) => [entry.version, entry.title]));
  const title = titles.get(steps[0]?.version ?? 0) ?? id;
  const seen = new Set<number>();
  const choices = steps.filter((step) => !seen.has(step.version) && seen.add(step.version));
  const encoded = encodeURIComponent(id);
  const firstChange = steps.find((step) => !step.now);
  return c.html(
    pageFor(
      c,
      `Edit ${id}`,
      html`<h1>Edit ${title}</h1>
      <p data-testid="choose">This document has a scheduled change. Which version do you want to change?</p>
      <div class="card">
        <h2>What is served when</h2>
        ${timelineTable({ id, steps, titles, testId: 'served-when' })}
        <div class="toolbar" data-testid="choices">
          ${choices.map((step) =>
            step.now
              ? html`<a class="button" data-testid="edit-today" href="/edit?id=${encoded}&version=${step.version}">Change today's version (v${step.version})</a>`
              : html`<a class="button secondary" data-testid="edit-scheduled" href="/edit?id=${encoded}&version=${step.version}">Change the version scheduled for ${showInstant(step.from ?? '')} (v${step.version})</a>`,
          )}
        </div>
        ${
          firstChange?.from
            ? html`<p class="meta">Changing today's version keeps the scheduled change: your edit is served until
                ${showInstant(firstChange.from)}, then v${firstChange.version} takes over. Changing a scheduled version leaves
                today's as it is.</p>`
            : ''
        }
      </div>
      <p><a href="/document?id=${encoded}">Cancel</a></p>`,
    ),
  );
}

/** Preview, or save with `ifVersion` = the newest version when the editor opened; a conflict shows both sides. */
export async function saveEdit(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireEditor(c);
  const form = await c.req.parseBody({ all: true });
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const fields = fieldsFromForm(form);
  const editing = Number(field('editing')) || undefined;
  const state: EditState = {
    fields,
    isNew: field('is_new') === '1',
    baseVersion: Number(field('base_version')) || 0,
    editing,
    message: field('message'),
  };
  const markdown = markdownOf(fields);
  try {
    if (field('action') === 'preview') {
      const parsed = parseDocumentText(markdown, { file: fields.id || 'new document', fallbackId: fields.id });
      return renderEdit(c, services, { ...state, preview: renderMarkdown(parsed.body) });
    }
    const result = await putDocumentText({
      store: services.store,
      reader: c.var.self,
      author: c.var.principal,
      id: fields.id,
      markdown,
      ifVersion: state.baseVersion,
      message: state.message || undefined,
    });
    return c.redirect(`/document?id=${encodeURIComponent(result.id)}&saved=${result.status}`, 303);
  } catch (error) {
    if (ConflictError.isInstance(error)) return renderConflict(c, services, state, markdown);
    if (InputError.isInstance(error)) {
      const label = fieldLabel(error.field);
      const notice = html`<div class="error" data-testid="error">${label ? `${label}: ` : ''}${error.message}</div>`;
      return renderEdit(c, services, { ...state, notice }, 400);
    }
    throw error;
  }
}

/** Someone saved first: show theirs and yours, and let the editor merge into a save based on their version. */
async function renderConflict(
  c: Context<ConsoleEnv>,
  services: ServerServices,
  state: EditState,
  yours: string,
): Promise<Response> {
  const current = await showDocument({ store: services.store, reader: c.var.self, id: state.fields.id });
  const theirs = renderDocument(current);
  const patch = createTwoFilesPatch(`v${current.version} (saved)`, 'yours', theirs, yours, undefined, undefined, {
    context: 3,
  });
  const notice = html`<div class="error" data-testid="conflict">
      <strong>Conflict:</strong> ${current.author} saved version ${current.version} after you started from version
      ${state.baseVersion}. Nothing was overwritten. Merge the two below, then save again (it will be based on
      v${current.version}).
    </div>
    <div class="columns">
      <div><h2>Saved: v${current.version} by ${current.author}</h2><pre data-testid="theirs">${theirs}</pre></div>
      <div><h2>Yours</h2><pre data-testid="yours">${yours}</pre></div>
    </div>
    <h2>Difference (saved → yours)</h2>${diffView(patch)}
    <h2>Merge here, then save</h2>`;
  // Started from the newest version: the merge now starts from theirs. A scheduled or today's version stays named.
  const editing = state.editing === state.baseVersion ? current.version : state.editing;
  return renderEdit(c, services, { ...state, baseVersion: current.version, editing, notice }, 409);
}

import { createTwoFilesPatch } from 'diff';
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import { parseDocumentText } from '../../documents/parse-document.js';
import { renderDocument } from '../../documents/render-document.js';
import { ConflictError, InputError, PermissionError } from '../../errors.js';
import { showDocument } from '../../operations/read-documents.js';
import { requireRole } from '../../operations/reader.js';
import { putDocumentText } from '../../operations/write-documents.js';
import type { ServerServices } from '../../server/services.js';
import type { Html } from '../layout.js';
import { pageFor } from '../layout.js';
import { renderMarkdown } from '../markdown.js';
import type { ConsoleEnv } from '../session.js';
import { diffView } from './diff-view.js';

const newDocument = `---\nid: new-document\ntitle: New document\ncollection: policy\n# acl: [support]\n# effective_from: 2026-12-01\n---\n\n# New document\n\n`;

interface EditState {
  id: string;
  isNew: boolean;
  markdown: string;
  baseVersion: number;
  message: string;
  notice?: Html | undefined;
  preview?: string | undefined;
}

function requireEditor(c: Context<ConsoleEnv>): void {
  requireRole(c.var.self, 'editor', 'editing documents');
  if (c.var.session.viewAs !== undefined) throw new PermissionError('stop viewing as another principal to edit');
}

/** The editor: front matter and markdown in one text, the version it started from, preview and save. */
export async function editPage(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireEditor(c);
  if (c.req.query('new') !== undefined) {
    return renderEdit(c, { id: '', isNew: true, markdown: newDocument, baseVersion: 0, message: '' });
  }
  const id = c.req.query('id') ?? '';
  const document = await showDocument({ store: services.store, reader: c.var.self, id });
  return renderEdit(c, {
    id,
    isNew: false,
    markdown: renderDocument(document),
    baseVersion: document.version,
    message: '',
  });
}

/** Preview, or save with `ifVersion` = the version the editor started from; a conflict shows both sides. */
export async function saveEdit(c: Context<ConsoleEnv>, services: ServerServices): Promise<Response> {
  requireEditor(c);
  const form = await c.req.parseBody();
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const markdown = field('markdown').replace(/\r\n/g, '\n');
  const baseVersion = Number(field('base_version')) || 0;
  const isNew = field('is_new') === '1';
  const message = field('message');
  let id = field('id');
  const state: EditState = { id, isNew, markdown, baseVersion, message };
  try {
    if (isNew) id = parseDocumentText(markdown, { file: 'new document', fallbackId: '' }).id;
    state.id = id;
    if (field('action') === 'preview') {
      const parsed = parseDocumentText(markdown, { file: id, fallbackId: id });
      return renderEdit(c, { ...state, preview: renderMarkdown(parsed.body) });
    }
    const result = await putDocumentText({
      store: services.store,
      reader: c.var.self,
      author: c.var.principal,
      id,
      markdown,
      ifVersion: baseVersion,
      message: message || undefined,
    });
    return c.redirect(`/document?id=${encodeURIComponent(result.id)}&saved=${result.status}`, 303);
  } catch (error) {
    if (ConflictError.isInstance(error)) return renderConflict(c, services, state);
    if (InputError.isInstance(error)) {
      return renderEdit(
        c,
        { ...state, notice: html`<div class="error" data-testid="error">${error.message}</div>` },
        400,
      );
    }
    throw error;
  }
}

/** Someone saved first: show theirs and yours, and let the editor merge into a save based on their version. */
async function renderConflict(c: Context<ConsoleEnv>, services: ServerServices, state: EditState): Promise<Response> {
  const current = await showDocument({ store: services.store, reader: c.var.self, id: state.id });
  const theirs = renderDocument(current);
  const patch = createTwoFilesPatch(
    `v${current.version} (saved)`,
    'yours',
    theirs,
    state.markdown,
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  const notice = html`<div class="error" data-testid="conflict">
      <strong>Conflict:</strong> ${current.author} saved version ${current.version} after you started from version
      ${state.baseVersion}. Nothing was overwritten. Merge the two below, then save again (it will be based on
      v${current.version}).
    </div>
    <div class="columns">
      <div><h2>Saved: v${current.version} by ${current.author}</h2><pre data-testid="theirs">${theirs}</pre></div>
      <div><h2>Yours</h2><pre data-testid="yours">${state.markdown}</pre></div>
    </div>
    <h2>Difference (saved → yours)</h2>${diffView(patch)}
    <h2>Merge here, then save</h2>`;
  return renderEdit(c, { ...state, baseVersion: current.version, notice }, 409);
}

function renderEdit(
  c: Context<ConsoleEnv>,
  state: EditState,
  status: 200 | 400 | 409 = 200,
): Response | Promise<Response> {
  const title = state.isNew ? 'New document' : `Edit ${state.id}`;
  return c.html(
    pageFor(
      c,
      title,
      html`<h1>${title}</h1>
      <p class="meta">
        ${state.isNew ? 'A new document: set its id in the front matter.' : html`Editing from <strong data-testid="base-version">version ${state.baseVersion}</strong>.`}
        Front matter: <code>acl</code> (roles that may read), <code>effective_from</code> (schedule the change), <code>subjects</code>, <code>tags</code>.
      </p>
      ${state.notice ?? ''}
      <form method="post" action="/edit" data-testid="edit-form">
        <input type="hidden" name="id" value="${state.id}" />
        <input type="hidden" name="is_new" value="${state.isNew ? '1' : '0'}" />
        <input type="hidden" name="base_version" value="${String(state.baseVersion)}" />
        <textarea name="markdown" aria-label="markdown" spellcheck="false">${state.markdown}</textarea>
        <div class="toolbar">
          <input type="text" name="message" value="${state.message}" placeholder="Why (shown in history)" size="50" aria-label="message" />
          <button type="submit" name="action" value="save">Save</button>
          <button class="secondary" type="submit" name="action" value="preview">Preview</button>
          ${state.isNew ? '' : html`<a href="/document?id=${encodeURIComponent(state.id)}">Cancel</a>`}
        </div>
      </form>
      ${state.preview === undefined ? '' : html`<h2>Preview</h2><article class="card" data-testid="preview">${raw(state.preview)}</article>`}`,
    ),
    status,
  );
}

import { html } from 'hono/html';
import { isIsoDate } from '../../documents/parse-document.js';
import { renderDocument } from '../../documents/render-document.js';
import type { DocumentVersion } from '../../store/knowledge-store.js';
import type { Html } from '../layout.js';

/**
 * The editor's fields: title, collection, readers, effective dates, tags and subjects as form fields, the
 * body as markdown. A save turns them back into one markdown file (front matter and body) and goes through
 * the same parser and write as `PUT /v1/documents/{id}`, so every rule of a file holds for the form too.
 */
export interface DocumentFields {
  id: string;
  title: string;
  collection: string;
  /** Roles that may read, lower case; none means everyone. */
  readers: string[];
  /** As typed: an ISO date (or date-time), or empty. */
  effectiveFrom: string;
  effectiveUntil: string;
  /** Comma-separated, as typed. */
  tags: string;
  subjects: string;
  /** Front matter Seam does not interpret, kept as it was. */
  extra: Record<string, unknown>;
  body: string;
}

const knownKeys = new Set([
  'id',
  'title',
  'collection',
  'acl',
  'effective_from',
  'effective_until',
  'subjects',
  'tags',
]);
const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

export const emptyFields = (): DocumentFields => ({
  id: '',
  title: '',
  collection: 'policy',
  readers: [],
  effectiveFrom: '',
  effectiveUntil: '',
  tags: '',
  subjects: '',
  extra: {},
  body: '# \n\n',
});

export function fieldsOf(document: DocumentVersion): DocumentFields {
  return {
    id: document.id,
    title: document.title,
    collection: document.collection,
    readers: document.acl ?? [],
    effectiveFrom: document.effective_from ?? '',
    effectiveUntil: document.effective_until ?? '',
    tags: document.tags.join(', '),
    subjects: document.subjects.join(', '),
    extra: document.extra,
    body: document.body,
  };
}

type FormValue = string | File | (string | File)[] | undefined;

/** The fields of a posted editor form (`parseBody({ all: true })`). */
export function fieldsFromForm(form: Record<string, FormValue>): DocumentFields {
  const text = (name: string) => {
    const value = form[name];
    return typeof value === 'string' ? value : '';
  };
  const ticked = [form.readers].flat().filter((value): value is string => typeof value === 'string');
  let extra: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text('extra') || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) extra = parsed as Record<string, unknown>;
  } catch {
    extra = {};
  }
  return {
    id: text('id').trim(),
    title: text('title').trim(),
    collection: text('collection').trim(),
    readers: [...new Set([...ticked, ...list(text('readers_other'))].map((role) => role.toLowerCase()))],
    effectiveFrom: text('effective_from').trim(),
    effectiveUntil: text('effective_until').trim(),
    tags: text('tags'),
    subjects: text('subjects'),
    extra: Object.fromEntries(Object.entries(extra).filter(([key]) => !knownKeys.has(key))),
    body: text('body').replace(/\r\n/g, '\n'),
  };
}

/** The fields as one markdown file, exactly what a save writes. */
export function markdownOf(fields: DocumentFields): string {
  return renderDocument({
    id: fields.id,
    title: fields.title,
    collection: fields.collection || 'general',
    acl: fields.readers.length > 0 ? fields.readers : null,
    effective_from: fields.effectiveFrom || null,
    effective_until: fields.effectiveUntil || null,
    subjects: list(fields.subjects),
    tags: list(fields.tags),
    extra: fields.extra,
    body: fields.body,
    source: null,
  });
}

/** An effective date as the form holds it, or `null` when empty or not a date (the save reports that). */
export const dateField = (value: string): string | null => (isIsoDate(value) ? value : null);

const dateInput = (name: string, value: string, label: string) =>
  html`<input type="${value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : 'text'}" name="${name}" value="${value}" aria-label="${label}" />`;

/** The form fields above the markdown editor (the editor itself is the page's: it sits beside the preview). */
export function fieldsForm(options: {
  fields: DocumentFields;
  isNew: boolean;
  roles: readonly string[];
  collections: readonly string[];
}): Html {
  const { fields, isNew } = options;
  const roles = [...new Set([...options.roles, ...fields.readers])].sort();
  return html`<div class="fields" data-testid="fields">
      ${
        isNew
          ? html`<label>Id <input type="text" name="id" value="${fields.id}" required aria-label="id" placeholder="returns-policy" />
              <span class="hint">Letters, digits, . _ - /. It never changes; links and citations use it.</span></label>`
          : html`<input type="hidden" name="id" value="${fields.id}" />`
      }
      <label>Title <input type="text" name="title" value="${fields.title}" required aria-label="title" /></label>
      <label>Collection <input type="text" name="collection" value="${fields.collection}" list="collections" aria-label="collection" />
        <datalist id="collections">${options.collections.map((name) => html`<option value="${name}"></option>`)}</datalist>
      </label>
      <div class="wide group" role="group" aria-label="readers">
        <label>Readers</label>
        <div class="roles" data-testid="readers">
          ${roles.map(
            (role) =>
              html`<label><input type="checkbox" name="readers" value="${role}" ${fields.readers.includes(role) ? 'checked' : ''} /> ${role}</label>`,
          )}
          <input type="text" name="readers_other" placeholder="other roles, comma-separated" aria-label="other roles" />
        </div>
        <span class="hint">No role ticked: everyone may read it. Ticked: only principals with one of these roles.</span>
      </div>
      <label>In effect from ${dateInput('effective_from', fields.effectiveFrom, 'in effect from')}
        <span class="hint">Empty: always. A future date schedules the change; until then the version before stays served.</span></label>
      <label>In effect until ${dateInput('effective_until', fields.effectiveUntil, 'in effect until')}
        <span class="hint">Empty: open-ended.</span></label>
      <label>Tags <input type="text" name="tags" value="${fields.tags}" placeholder="refunds, returns" aria-label="tags" /></label>
      <label>Subjects <input type="text" name="subjects" value="${fields.subjects}" placeholder="cust-1042" aria-label="subjects" />
        <span class="hint">Ids of the people it is about, so <code>forget</code> finds it.</span></label>
      <input type="hidden" name="extra" value="${JSON.stringify(fields.extra)}" />
      ${
        Object.keys(fields.extra).length > 0
          ? html`<p class="wide hint">Other front matter kept as it is: ${Object.keys(fields.extra).join(', ')}.</p>`
          : ''
      }
    </div>`;
}

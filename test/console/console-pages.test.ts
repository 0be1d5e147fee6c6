import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { startFixtureServer } from '../server/fixture.js';

// The console for the policy owner (issue 25), over HTTP: the editor's form and schedule, view-as in the
// answer log, error pages, snippets, labels and version status. The browser stories are in browser-*.test.ts.
const fixture = await startFixtureServer();
const { url } = fixture;
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return body.toString();
};

async function signIn(name: keyof typeof fixture.tokens): Promise<string> {
  const response = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ token: fixture.tokens[name] }),
  });
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
const get = (path: string, cookie: string) => fetch(`${url}${path}`, { redirect: 'manual', headers: { cookie } });
const post = (path: string, cookie: string, fields: Record<string, string | string[]>) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: form(fields),
  });
const put = (text: string) =>
  fixture.store.put(parseDocumentText(text, { file: 'test.md', fallbackId: 'test' }), {
    reader: operator,
    author: 'dana',
  });

/** A save from the editor's form: fields, not a file. */
const editorFields = (fields: Record<string, string | string[]>) => ({
  is_new: '0',
  collection: 'policy',
  effective_from: '',
  effective_until: '',
  tags: '',
  subjects: '',
  extra: '{}',
  action: 'save',
  ...fields,
});

describe('the editor form', () => {
  it('saves title, readers, dates and tags as front matter, and still refuses a stale base version', async () => {
    const eve = await signIn('eve');
    await put('---\nid: gift-cards\ntitle: Gift cards\ncollection: policy\n---\n# Gift cards\n\nValid for a year.\n');
    const opened = await (await get('/edit?id=gift-cards', eve)).text();
    expect(opened).toContain('name="title" value="Gift cards"');
    expect(opened).toMatch(/<textarea id="body" name="body"[^>]*># Gift cards\n\nValid for a year.\n<\/textarea>/);
    expect(opened).not.toContain('---'); // no front matter in the editor

    const fields = {
      id: 'gift-cards',
      title: 'Gift cards and vouchers',
      readers: ['billing', 'support'],
      readers_other: 'Finance',
      effective_from: '2020-01-01',
      tags: 'gifts, vouchers',
      body: '# Gift cards\n\nValid for two years.\n',
    };
    const saved = await post('/edit', eve, editorFields({ ...fields, base_version: '1' }));
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/document?id=gift-cards&saved=updated']);
    const stored = await fixture.store.get('gift-cards', { reader: operator });
    expect(stored).toMatchObject({
      version: 2,
      title: 'Gift cards and vouchers',
      acl: ['billing', 'finance', 'support'],
      effective_from: '2020-01-01',
      effective_until: null,
      tags: ['gifts', 'vouchers'],
      body: '# Gift cards\n\nValid for two years.\n',
    });
    // A second save still based on version 1: nothing is overwritten.
    const stale = await post('/edit', eve, editorFields({ ...fields, base_version: '1', body: 'Valid forever.\n' }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('data-testid="conflict"');
    expect((await fixture.store.get('gift-cards', { reader: operator }))?.version).toBe(2);
  });

  it('names the form field of a bad date, writes nothing, and previews without saving', async () => {
    const eve = await signIn('eve');
    const fields = editorFields({ id: 'plans', title: 'Plans', base_version: '1', body: '# Plans\n\n**Now** $18.\n' });
    const bad = await post('/edit', eve, { ...fields, effective_from: '2030-01-01', effective_until: '2029-01-01' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/data-testid="error">In effect until: .*must be later than effective_from/);
    const preview = await (await post('/edit', eve, { ...fields, action: 'preview' })).text();
    expect(preview).toMatch(/data-testid="preview"><h1>Plans<\/h1>\n<p><strong>Now<\/strong> \$18\.<\/p>/);
    expect((await fixture.store.get('plans', { reader: operator }))?.version).toBe(1);
  });

  it('asks which version to change when one is scheduled, and keeps the scheduled change', async () => {
    await put('---\nid: shipping\ntitle: Shipping\n---\n# Shipping\n\nShipping costs $5.\n');
    await put(
      '---\nid: shipping\ntitle: Shipping\neffective_from: 2099-01-01\n---\n# Shipping\n\nShipping costs $7.\n',
    );
    const eve = await signIn('eve');
    const choice = await (await get('/edit?id=shipping', eve)).text();
    expect(choice).toContain('data-testid="choose"');
    expect(choice).toContain(`href="/edit?id=shipping&version=1">Change today's version (v1)`);
    expect(choice).toContain('href="/edit?id=shipping&version=2">Change the version scheduled for 2099-01-01 (v2)');
    expect(choice).not.toContain('name="body"');

    const today = await (await get('/edit?id=shipping&version=1', eve)).text();
    expect(today).toContain('Shipping costs $5.');
    expect(today).toContain('name="effective_until" value="2099-01-01"');
    expect(today).toMatch(/data-testid="editing">v1<\/strong>, served today until 2099-01-01/);
    expect(today).toMatch(/data-testid="base-version">version 2</);
    // What will be served after the save: the change (v3) until 2099, then the scheduled v2.
    const after = today.slice(today.indexOf('data-testid="served-after"'));
    expect(after).toMatch(/data-version="3">\s*<td class="now">today until 2099-01-01<\/td>/);
    expect(after).toMatch(/data-version="2">\s*<td class="">from 2099-01-01<\/td>/);

    const scheduled = await (await get('/edit?id=shipping&version=2', eve)).text();
    expect(scheduled).toContain('Shipping costs $7.');
    expect(scheduled).toContain('name="effective_from" value="2099-01-01"');
  });
});

describe('view as, in the answer log', () => {
  it('logs an answer asked while viewing as a customer as the admin, with whom they viewed as', async () => {
    const ada = await signIn('ada');
    expect((await post('/view-as', ada, { principal: 'sam' })).status).toBe(303);
    const question = 'How many days is the refund window for returns?';
    const asked = await (await post('/ask', ada, { question })).text();
    expect(asked).toContain('The answer log records it as asked by ada, viewing as sam.');
    const [logged] = await fixture.store.recentAnswers({ limit: 1 });
    expect(logged).toMatchObject({ principal: 'ada', viewed_as: 'sam', question });

    await fixture.request('/v1/ask', {
      method: 'POST',
      as: 'sam',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Can I return a bag?' }),
    });
    const [own] = await fixture.store.recentAnswers({ limit: 1 });
    expect(own).toMatchObject({ principal: 'sam', viewed_as: null });

    expect((await post('/view-as', ada, { principal: '' })).status).toBe(303);
    const answers = await (await get('/answers', ada)).text();
    const row = answers.slice(answers.indexOf(question) - 400, answers.indexOf(question));
    expect(row).toMatch(/<td>ada <span class="pill restricted" data-testid="viewed-as">viewing as sam<\/span><\/td>/);
  });
});

describe('pages for people', () => {
  it('shows an error inside the layout: navigation and who is signed in stay', async () => {
    const response = await get('/document?id=no-such-page', await signIn('sam'));
    const text = await response.text();
    expect(response.status).toBe(404);
    expect(text).toContain('<a href="/documents">Documents</a><a href="/ask">Ask</a>');
    expect(text).toContain('data-testid="principal">sam<');
    expect(text).toContain('not found: no document &#39;no-such-page&#39;');
  });

  it('answers a browser at an unknown address with a 404 page in the layout; programs and /v1/* get JSON', async () => {
    const sam = await signIn('sam');
    const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const page = await fetch(`${url}/polices`, { headers: { ...browser, cookie: sam } });
    const text = await page.text();
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    expect(text).toContain('<a href="/documents">Documents</a><a href="/ask">Ask</a>');
    expect(text).toContain('data-testid="principal">sam<');
    expect(text).toContain('data-testid="error">not found: there is no page at /polices<');

    const visitor = await (await fetch(`${url}/polices`, { headers: browser })).text();
    expect(visitor).toContain('<a href="/sign-in">Sign in</a>');
    expect(visitor).not.toContain('data-testid="principal"');
    const hostile = await (await fetch(`${url}/%3Cimg%20src=x%3E`, { headers: browser })).text();
    expect(hostile).not.toContain('<img');

    const program = await fetch(`${url}/polices`, { headers: { cookie: sam } });
    expect([program.status, await program.json()]).toEqual([
      404,
      { error: { code: 'not_found', message: 'no route GET /polices' } },
    ]);
    const api = await fetch(`${url}/v1/polices`, {
      headers: { ...browser, authorization: `Bearer ${fixture.tokens.sam}` },
    });
    expect([api.status, ((await api.json()) as { error: { code: string } }).error.code]).toEqual([404, 'not_found']);
  });

  it('renders markdown in search snippets', async () => {
    await put(
      '---\nid: warranty\ntitle: Warranty\n---\n# Warranty\n\nThe **warranty** lasts _two_ years; see [the form](https://example.com/w).\n',
    );
    const text = await (await get('/documents?q=warranty+years', await signIn('sam'))).text();
    const snippet = text.slice(text.indexOf('data-testid="snippet"'));
    expect(snippet).toMatch(/The <strong>warranty<\/strong> lasts <em>two<\/em> years; see the form\./);
    expect(snippet.slice(0, 400)).not.toContain('**');
  });

  it('says a superseded version is superseded, by which version and when', async () => {
    const sam = await signIn('sam');
    const old = await (await get('/document?id=refund-policy&version=1', sam)).text();
    const today = new Date().toISOString().slice(0, 10);
    expect(old).toMatch(
      new RegExp(
        `data-status="superseded">superseded</span> by <a href="/document\\?id=refund-policy&version=2">v2</a> on ${today}`,
      ),
    );
    expect(old).not.toMatch(/always|open-ended/);
    const current = await (await get('/document?id=refund-policy', sam)).text();
    expect(current).toMatch(/data-status="current">served now<\/span> open-ended/);
  });

  it('deletes a document from its page (editors), checked against the version shown', async () => {
    await put('---\nid: old-promo\ntitle: Old promo\n---\n# Old promo\n\nTen percent off.\n');
    const eve = await signIn('eve');
    expect(await (await get('/document?id=old-promo', eve)).text()).toContain('class="danger secondary"');
    expect(await (await get('/document?id=old-promo', await signIn('sam'))).text()).not.toContain('action="/delete"');
    const stale = await post('/delete', eve, { id: 'old-promo', base_version: '7' });
    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain('data-testid="error"');
    expect(await fixture.store.get('old-promo', { reader: operator })).toBeDefined();
    const deleted = await post('/delete', eve, { id: 'old-promo', base_version: '1' });
    expect([deleted.status, deleted.headers.get('location')]).toEqual([303, '/documents?deleted=old-promo']);
    expect(await fixture.store.get('old-promo', { reader: operator })).toBeUndefined();
    expect(await (await get('/documents?deleted=old-promo', eve)).text()).toContain('data-testid="deleted"');
    expect(await (await get('/documents?deleted=plans', eve)).text()).not.toContain('data-testid="deleted"');
  });
});

import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { parseDocumentText } from '../../src/documents/parse-document.js';
import { createToken, revokeToken } from '../../src/server/tokens.js';
import { startFixtureServer } from '../server/fixture.js';

const fixture = await startFixtureServer();
const { url } = fixture;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Sign in with a token the way a browser posts the form; returns the session cookie. */
async function signIn(token: string): Promise<string> {
  const response = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ token }),
  });
  expect(response.status).toBe(303);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const page = (path: string, cookie: string, init: RequestInit = {}) =>
  fetch(`${url}${path}`, { redirect: 'manual', ...init, headers: { cookie, ...(init.headers as object) } });

describe('the console over HTTP', () => {
  it('refuses a bad token, and pages without a session go to sign-in', async () => {
    const bad = await fetch(`${url}/sign-in`, {
      method: 'POST',
      headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ token: `seam_${'x'.repeat(43)}` }),
    });
    expect(bad.status).toBe(401);
    const anonymous = await fetch(`${url}/documents`, { redirect: 'manual' });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([302, '/sign-in']);
  });

  it('sends security headers with its pages', async () => {
    const response = await page('/documents', await signIn(fixture.tokens.sam));
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a write posted from another origin, and writes nothing', async () => {
    const cookie = await signIn(fixture.tokens.eve);
    const markdown = '---\nid: plans\ntitle: Plans\ncollection: product\n---\n# Plans\n\nFree forever.\n';
    const response = await page('/edit', cookie, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ id: 'plans', base_version: '1', markdown, action: 'save' }),
    });
    expect(response.status).toBe(403);
    const plans = await fixture.store.get('plans', { reader: operator });
    expect(plans?.body).not.toContain('Free forever');
  });

  it('ends the session when its token is revoked', async () => {
    const { token } = await createToken({
      store: fixture.store,
      principal: 'sam',
      name: 'console-once',
      now: new Date(),
    });
    const cookie = await signIn(token);
    expect((await page('/documents', cookie)).status).toBe(200);
    await revokeToken(fixture.store, 'console-once');
    const after = await page('/documents', cookie);
    expect([after.status, after.headers.get('location')]).toEqual([302, '/sign-in']);
  });

  it('shows raw HTML in a document as text', async () => {
    const text =
      '---\nid: notes\ntitle: Notes\n---\n# Notes\n\n<script>alert(1)</script>\n\nA [link](javascript:alert(2)) and [a page](https://example.com/a).\n';
    await fixture.store.put(parseDocumentText(text, { file: 'notes.md', fallbackId: 'notes' }), {
      reader: operator,
      author: 'test',
    });
    const html = await (await page('/document?id=notes', await signIn(fixture.tokens.sam))).text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<a href="#" rel="noopener noreferrer">link</a>');
    expect(html).toContain('href="https://example.com/a"');
  });

  it('lets an admin view as another principal (reads only), and no one else', async () => {
    const admin = await signIn(fixture.tokens.ada);
    expect(await (await page('/documents', admin)).text()).toContain('chargeback-playbook');
    const set = await page('/view-as', admin, {
      method: 'POST',
      headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ principal: 'sam' }),
    });
    expect(set.status).toBe(303);
    const asSam = await (await page('/documents', admin)).text();
    expect(asSam).toContain('viewing as sam');
    expect(asSam).not.toContain('chargeback-playbook');
    expect((await page('/edit?id=plans', admin)).status).toBe(403);

    const support = await signIn(fixture.tokens.sam);
    expect((await page('/view-as', support)).status).toBe(403);
    expect((await page('/answers', support)).status).toBe(403);
  });
});

describe('the console: lint by upload', () => {
  it('highlights each finding in its message and links the version that states the value', async () => {
    const cookie = await signIn(fixture.tokens.sam);
    const dataset = [
      {
        messages: [
          { role: 'user', content: 'Can I return it?' },
          { role: 'assistant', content: 'Yes, within 14 days of delivery.' },
        ],
      },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const body = new FormData();
    body.set('dataset', new Blob([dataset], { type: 'application/jsonl' }), 'tickets.jsonl');
    const response = await page('/lint', cookie, { method: 'POST', headers: { origin: url }, body });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('Yes, within <mark>14 days</mark> of delivery.');
    expect(text).toContain('data-kind="frozen_fact">frozen fact</span>');
    expect(text).toContain('/document?id=refund-policy&version=2');
  });
});

describe('the console: scheduling and the answers that cited a version', () => {
  it('shows which version is served today and on a chosen date', async () => {
    const put = (markdown: string) =>
      fixture.request('/v1/documents/shipping', {
        method: 'PUT',
        as: 'eve',
        headers: { 'content-type': 'text/markdown' },
        body: markdown,
      });
    expect((await put('---\ntitle: Shipping\n---\n# Shipping\n\nShipping costs $5.\n')).status).toBe(200);
    const scheduled = await put(
      '---\ntitle: Shipping\neffective_from: 2099-01-01\n---\n# Shipping\n\nShipping costs $7.\n',
    );
    expect(await scheduled.json()).toMatchObject({ version: 2 });
    const text = await (await page('/document?id=shipping&on=2099-02-01', await signIn(fixture.tokens.sam))).text();
    expect(text).toMatch(/data-testid="served-today"><a href="\/document\?id=shipping&amp;version=1">v1</);
    expect(text).toMatch(/data-testid="served-on"><a href="\/document\?id=shipping&amp;version=2">v2</);
  });

  it('lists, for an admin, the recent answers that cited a version', async () => {
    const question = 'How many days is the refund window?';
    await fixture.request('/v1/ask', {
      method: 'POST',
      as: 'sam',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    const admin = await (await page('/document?id=refund-policy', await signIn(fixture.tokens.ada))).text();
    expect(admin).toContain('Recent answers citing v2');
    expect(admin).toContain(question);
    const support = await (await page('/document?id=refund-policy', await signIn(fixture.tokens.sam))).text();
    expect(support).not.toContain(question);
  });
});

describe('the console Forget page (admin)', () => {
  const post = (cookie: string, fields: Record<string, string>, origin = url) =>
    page('/forget', cookie, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: form(fields),
    });

  it('refuses a non-admin, shows the dry run with a confirm button, then forgets on confirm', async () => {
    const value = 'kit.morrow@example.org';
    const write = { reader: operator, author: 'dana' };
    const parse = (text: string) => parseDocumentText(text, { file: 'forget.md', fallbackId: 'forget' });
    await fixture.store.put(
      parse(`---\nid: notes-k9\ntitle: Notes\ncollection: policy\nsubjects: [k9]\n---\n# Notes\n\nFrom ${value}.\n`),
      write,
    );
    expect((await page('/forget', await signIn(fixture.tokens.eve))).status).toBe(403);

    const cookie = await signIn(fixture.tokens.ada);
    expect(await (await page('/documents', cookie)).text()).toContain('href="/forget"');
    expect((await post(cookie, { subject: 'k9', values: value, confirm: 'yes' }, 'http://evil.example')).status).toBe(
      403,
    );
    const dry = await post(cookie, { subject: 'k9', values: value });
    const dryPage = await dry.text();
    expect(dry.status).toBe(200);
    expect(dryPage).toContain('DRY RUN');
    expect(dryPage).toContain('notes-k9');
    expect(dryPage).toContain('data-testid="confirm"');
    expect(await fixture.store.get('notes-k9', { reader: operator })).toBeDefined();

    const done = await post(cookie, { subject: 'k9', values: value, confirm: 'yes' });
    const donePage = await done.text();
    expect(done.status).toBe(200);
    expect(donePage).not.toContain('DRY RUN');
    expect(donePage).toMatch(/residual: 0/);
    expect(donePage).not.toContain('data-testid="confirm"');
    expect(await fixture.store.get('notes-k9', { reader: operator })).toBeUndefined();
  });

  it('diagnoses a complaint: categories per strand, and a question instead of a guess when none is confident', async () => {
    const cookie = await signIn(fixture.tokens.sam);
    const diagnose = async (text: string) =>
      (
        await page('/diagnose', cookie, {
          method: 'POST',
          headers: { origin: url, 'content-type': 'application/x-www-form-urlencoded' },
          body: form({ text }),
        })
      ).text();
    const concrete = await diagnose('The bot still quotes last year’s prices. Any ideas?');
    expect(concrete).toMatch(
      /data-outcome="categorised"><td>The bot still quotes last year’s prices<\/td><td><span class="pill" data-category="current_facts" title="current_facts">Current facts<\/span>/,
    );
    expect(concrete).toContain('data-outcome="no_symptom"><td>Any ideas</td>');
    expect(concrete).not.toContain('data-testid="unclear"');
    const vague = await diagnose('Hi all. The bot is useless. Any ideas?');
    expect(vague).not.toContain('data-outcome="categorised"');
    expect(vague).toMatch(/data-testid="unclear"><strong>Unclear\.<\/strong>.*Ask: What did the bot say or do/);
  });
});

import { expect } from 'vitest';
import { dates, type FixtureReader, forbiddenFor, mayRead, versions } from './fixture.js';
import type { consoleDoor, Exchange } from './server-doors.js';

/** The server probe's shared parts: what it asks, how it finds a leak, the console sweep, the routes it covers. */

export const ids = [...new Set(versions.map((version) => version.id))];
export const allMarkers = versions.flatMap((version) => version.markers).join(' ');
export const queries = ['parcel policy', 'shipping costs per parcel', allMarkers];
/** A fine-tuning dataset whose answers state every version's price. */
export const dataset = versions
  .flatMap((version) => (version.price ? [version.price] : []))
  .map((price) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: 'What does shipping cost?' },
        { role: 'assistant', content: `Shipping costs ${price} per parcel.` },
      ],
    }),
  )
  .join('\n');
export const question = 'What is the parcel policy and what does shipping cost?';

export interface Leak {
  path: string;
  word: string;
}

/** Forbidden words in what came back, after removing what the caller itself sent (a search query is echoed). */
export function leaksIn(exchanges: readonly Exchange[], forbidden: readonly string[]): Leak[] {
  return exchanges.flatMap((exchange) => {
    let text = exchange.received;
    if (exchange.path.includes('zq'))
      text = text.split(allMarkers).join('').split(encodeURIComponent(allMarkers)).join('');
    const lower = text.toLowerCase();
    const path = exchange.path
      .split(encodeURIComponent(allMarkers))
      .join('<every marker>')
      .split(allMarkers)
      .join('<every marker>');
    return forbidden.filter((word) => lower.includes(word.toLowerCase())).map((word) => ({ path, word }));
  });
}

/** An exchange's status and body with one id and version replaced, to compare a hidden answer with a missing one. */
export const shape = (exchange: Exchange, id: string, version?: number) => {
  let body = exchange.body.split(id).join('ID');
  if (version !== undefined) body = body.split(`version ${version}`).join('version N');
  return { status: exchange.status, body };
};

/** Every console page that reads, as the signed-in reader (or the one viewed as); asserts no leak, hidden = missing. */
export async function probeConsole(web: Awaited<ReturnType<typeof consoleDoor>>, reader: FixtureReader): Promise<void> {
  const seen: Exchange[] = [];
  const get = async (path: string) => {
    const response = await web.get(path);
    seen.push(response);
    return response;
  };
  await get('/');
  await get('/documents');
  for (const at of ['', ...dates.map((day) => `&as_of=${day}`)]) {
    for (const q of queries) await get(`/documents?q=${encodeURIComponent(q)}${at}`);
    seen.push(await web.post('/ask', { question, as_of: at.slice(7) }));
  }
  for (const id of [...ids, 'nope']) {
    for (const version of [1, 2, 3]) await get(`/document?id=${id}&version=${version}`);
    for (const on of dates) await get(`/document?id=${id}&on=${on}`);
    await get(`/history?id=${id}`);
    await get(`/history?id=${id}&from=1&to=2`);
    await get(`/history?id=${id}&from=2&to=1`);
    await get(`/edit?id=${id}`);
  }
  await get('/answers');
  await get('/view-as');
  await get('/lint');
  expect(leaksIn(seen, forbiddenFor(reader))).toEqual([]);

  // Lint by upload: a dataset stating every version's price; it echoes its own input, so prices are allowed.
  const linted = await web.upload('/lint', 'dataset', { name: 'dataset.jsonl', text: dataset });
  expect(linted.status).toBe(200);
  expect(leaksIn([linted], forbiddenFor(reader, { prices: false }))).toEqual([]);
  const cited = [...linted.body.matchAll(/stated by <a [^>]*>([a-z-]+) v(\d+)<\/a>/g)].map(
    (match) => `${match[1]}@${match[2]}`,
  );
  const citable = versions.filter((version) => version.price && mayRead(reader, version));
  expect(cited.filter((key) => !citable.some((version) => `${version.id}@${version.version}` === key))).toEqual([]);
  expect(cited.length > 0).toBe(citable.length > 0);
  expect(seen.filter((exchange) => exchange.status >= 500).map((exchange) => exchange.path)).toEqual([]);

  for (const version of versions) {
    const shown = await web.get(`/document?id=${version.id}&version=${version.version}`);
    if (mayRead(reader, version)) expect(shown.body, `${version.id} v${version.version}`).toContain(version.markers[2]);
    else {
      const missing = await web.get(`/document?id=${version.id}&version=99`);
      expect(shape(shown, version.id, version.version)).toEqual(shape(missing, version.id, 99));
    }
  }
  for (const id of ids.filter((id) => !versions.some((version) => version.id === id && mayRead(reader, version)))) {
    for (const path of ['/document?id=', '/history?id=']) {
      const hidden = await web.get(`${path}${id}`);
      expect(shape(hidden, id), `${path}${id}`).toEqual(shape(await web.get(`${path}nope`), 'nope'));
    }
  }
}

/** The routes the tests above call (method and Hono path). */
export const probed = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.json',
  'GET /v1/search',
  'POST /v1/ask',
  'GET /v1/documents',
  'GET /v1/documents/:id',
  'GET /v1/documents/:id/history',
  'GET /v1/documents/:id/diff',
  'PUT /v1/documents/:id',
  'POST /v1/documents/:id/revert',
  'DELETE /v1/documents/:id',
  'GET /v1/forget/receipts',
  'ALL /mcp',
  'GET /',
  'POST /sign-in',
  'GET /documents',
  'GET /document',
  'GET /edit',
  'POST /edit',
  'GET /history',
  'POST /revert',
  'POST /delete',
  'POST /ask',
  'GET /view-as',
  'POST /view-as',
  'GET /answers',
  'GET /lint',
  'POST /lint',
]);
/** Routes that read no document: the token check before GET /openapi.json, static assets, the sign-in form, sign-out, diagnosis (text in, categories out), an empty ask form; forget and sync status are admin-only and run as the operator (test/server/forget-http.test.ts, test/console/console-http.test.ts, test/console/sync-page.test.ts); a sync webhook carries no principal, only the upstream's signature, and answers with the upstream's own ids. */
export const readNoDocument = new Set([
  'ALL /openapi.json',
  'GET /console.css',
  'GET /console.js',
  'GET /sign-in',
  'POST /sign-out',
  'POST /v1/diagnose',
  'GET /diagnose',
  'POST /diagnose',
  'GET /ask',
  'POST /v1/forget',
  'GET /forget',
  'POST /forget',
  'POST /sync/:source/webhook',
  'GET /v1/sync/status',
  'GET /sync',
]);

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { operator } from '../../src/access.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { seedFixtureStore } from './fixture.js';

/**
 * `seam serve` as a process manager stops it: SIGTERM (or Ctrl-C's SIGINT) while a slow upload is in
 * flight. The server stops accepting at once, lets the upload finish and answers it, closes the store
 * after it, and exits 0; the write is in the store. A request that outlasts --drain-timeout is cut.
 */

const bin = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serve(db: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string; log: string }> {
  const log = join(tempDir('seam-drain-log-'), 'access.jsonl');
  const child = spawn(process.execPath, [
    bin,
    'serve',
    '--db',
    db,
    '--port',
    '0',
    '--json',
    '--access-log',
    log,
    ...extra,
  ]);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return { child, url, log };
}

/** A PUT whose body arrives in two parts: the second only when `release` is called. */
function slowPut(url: string, token: string) {
  let release = () => {};
  const rest = new Promise<void>((resolve) => {
    release = resolve;
  });
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode('---\nid: late-notice\ntitle: Late notice\n---\n# Late notice\n\n'));
      await rest;
      controller.enqueue(encoder.encode('Sent while the server was stopping.\n'));
      controller.close();
    },
  });
  const response = fetch(`${url}/v1/documents/late-notice`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/markdown' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { response, release };
}

/** A fresh connection (no keep-alive reuse): refused once the server has stopped listening. */
function freshConnection(url: string): Promise<string> {
  return new Promise((resolve) => {
    const request = httpRequest(`${url}/healthz`, { agent: false }, (response) => {
      response.resume();
      resolve(String(response.statusCode));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.end();
  });
}

describe.each(['SIGTERM', 'SIGINT'] as const)('seam serve stopped with %s', (signal) => {
  it('finishes the request in flight, refuses new connections, then closes the store and exits 0', async () => {
    const db = join(tempDir('seam-drain-'), 'seam.db');
    const { store, tokens } = await seedFixtureStore(db);
    await store.close();
    const { child, url, log } = await serve(db);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const upload = slowPut(url, tokens.eve);
    await sleep(500);
    child.kill(signal);
    await sleep(500);
    expect(await freshConnection(url)).toBe('ECONNREFUSED');
    upload.release();
    const answer = await upload.response;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ id: 'late-notice', version: 1, status: 'created' });
    expect(await exited).toBe(0);
    const reopened = openSqliteStore({ path: db, mode: 'read' });
    try {
      expect((await reopened.get('late-notice', { reader: operator }))?.body).toContain(
        'while the server was stopping',
      );
    } finally {
      await reopened.close();
    }
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ method: 'PUT', route: '/v1/documents/:id', status: 200 }));
  });
});

describe('seam serve --drain-timeout', () => {
  it('cuts a request that outlasts it, and still exits 0', async () => {
    const db = join(tempDir('seam-drain-cut-'), 'seam.db');
    const { store, tokens } = await seedFixtureStore(db);
    await store.close();
    const { child, url } = await serve(db, ['--drain-timeout', '1']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const upload = slowPut(url, tokens.eve);
    const outcome = upload.response.then(
      (response) => response.status,
      () => 'cut',
    );
    await sleep(500);
    const stopped = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(5_000);
    expect(await outcome).toBe('cut');
    upload.release();
  });
});

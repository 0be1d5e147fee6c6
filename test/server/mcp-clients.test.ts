import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { demoPaths } from '../../src/demo/demo-home.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { createServices } from '../../src/server/services.js';
import { createToken } from '../../src/server/tokens.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The official SDK client, used as an MCP host uses it: `tools/list` first (which makes the client check
 * every later `structuredContent` against the tool's declared output schema), then every listed tool,
 * over stdio (`seam mcp --as`) and over Streamable HTTP (`/mcp` with a bearer token), on the demo store
 * with its config: answers that cite, that fetch a customer's orders, and that decline and hand off.
 */

const bin = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));
const paths = demoPaths(join(tempDir('seam-mcp-clients-'), '.seam', 'demo', 'seam.db'));
let store: KnowledgeStore;
let server: RunningServer;
let token = '';

beforeAll(async () => {
  await seedDemo({ paths, now: () => new Date() });
  store = openSqliteStore({ path: paths.store });
  const { config } = await loadConfig({ path: paths.config, cwd: process.cwd() });
  server = await startServer({ services: createServices({ store, config, env: {} }), host: '127.0.0.1', port: 0 });
  token = (await createToken({ store, principal: 'cust-ana', name: 'mcp-clients', now: new Date() })).token;
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

const transports = {
  stdio: () =>
    new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp', '--as', 'cust-ana', '--db', paths.store, '--config', paths.config],
    }),
  http: () =>
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
};

type Structured = Record<string, unknown>;

/** Arguments for every tool; `get_document` reads the first hit of the search before it. */
const callsFor = (firstHit: () => string): Record<string, () => Record<string, unknown>[]> => ({
  search: () => [{ query: 'return a bag' }, { query: 'refund', k: 2, collection: 'policy', as_of: '2027-01-01' }],
  get_document: () => [{ id: firstHit() }, { id: firstHit(), version: 1 }],
  ask: () => [
    { question: 'How long do I have to return a bag?' },
    { question: 'Where is my order? Has it shipped?' },
    { question: 'What is the airspeed of an unladen swallow?' },
  ],
});

describe.each(Object.keys(transports) as (keyof typeof transports)[])('the official MCP client over %s', (name) => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ name: 'seam-test', version: '1.0.0' });
    await client.connect(transports[name]());
  });
  afterAll(() => client?.close());

  it('lists the tools, then calls every one; each structured result validates against its output schema', async () => {
    const { tools } = await client.listTools();
    let hit = '';
    const calls = callsFor(() => hit);
    expect(tools.map((tool) => tool.name).sort()).toEqual(Object.keys(calls).sort());
    const results: Record<string, Structured[]> = {};
    for (const tool of tools) {
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      for (const args of calls[tool.name]?.() ?? []) {
        // The client validates structuredContent against the listed outputSchema and throws -32602 if it does not match.
        const result = await client.callTool({ name: tool.name, arguments: args });
        expect(result.isError ?? false, `${tool.name} ${JSON.stringify(args)}: ${JSON.stringify(result.content)}`).toBe(
          false,
        );
        const structured = result.structuredContent as Structured;
        expect(JSON.parse((result.content as { text: string }[])[0]?.text ?? '')).toEqual(structured);
        results[tool.name] = [...(results[tool.name] ?? []), structured];
        if (tool.name === 'search' && !hit) hit = ((structured.hits as { id: string }[])[0] ?? { id: '' }).id;
      }
    }
    expect(hit).not.toBe('');
    const [answered, withState, declined] = results.ask ?? [];
    expect(answered).toMatchObject({ refused: false, citations: [expect.objectContaining({ id: 'refund-policy' })] });
    // The fields the output schema once closed out: every one is in the result, and validated.
    expect(Object.keys(withState ?? {})).toEqual(
      expect.arrayContaining(['state_used', 'refusal', 'handoff', 'warnings']),
    );
    expect(withState?.state_used).toEqual([expect.objectContaining({ connector: 'orders' })]);
    expect(declined).toMatchObject({ refused: true, citations: [], handoff: { queue: 'tidewater-support' } });
  });

  it('a date that names no day is a tool input error, not an internal one', async () => {
    for (const tool of ['search', 'get_document', 'ask']) {
      const args = { query: 'refund', id: 'refund-policy', question: 'refund?', as_of: '2026-13-45' };
      const result = await client.callTool({ name: tool, arguments: args });
      expect(result.isError, tool).toBe(true);
      expect(JSON.stringify(result.content), tool).toMatch(/as_of/);
      expect(JSON.stringify(result.content), tool).not.toMatch(/internal/);
    }
  });
});

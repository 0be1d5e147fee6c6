import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startFixtureServer } from './fixture.js';

const fixture = await startFixtureServer();

async function httpClient(token: string): Promise<Client> {
  const client = new Client({ name: 'seam-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${fixture.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  afterAll(() => client.close());
  return client;
}

type Structured = Record<string, unknown>;
const structured = (result: unknown) => (result as { structuredContent: Structured }).structuredContent;

describe('MCP over Streamable HTTP at /mcp', () => {
  it('refuses a connection without a valid token', async () => {
    const client = new Client({ name: 'seam-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${fixture.url}/mcp`));
    await expect(client.connect(transport)).rejects.toThrow(/401|unauthorized/i);
  });

  it('lists search, get_document and ask with input and output schemas, none taking a principal', async () => {
    const client = await httpClient(fixture.tokens.sam);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['ask', 'get_document', 'search']);
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      const inputs = Object.keys(tool.inputSchema.properties ?? {});
      expect(
        inputs.some((name) => /principal|^as$|role|reader/.test(name)),
        tool.name,
      ).toBe(false);
    }
  });

  it('search and get_document return ids and versions, read as the token principal', async () => {
    const sam = await httpClient(fixture.tokens.sam);
    const bea = await httpClient(fixture.tokens.bea);
    const query = { query: 'refund chargeback', k: 5 };
    const samHits = structured(await sam.callTool({ name: 'search', arguments: query })).hits as { id: string }[];
    const beaHits = structured(await bea.callTool({ name: 'search', arguments: query })).hits as { id: string }[];
    expect(samHits.map((hit) => hit.id)).toContain('refund-policy');
    expect(samHits.map((hit) => hit.id)).not.toContain('chargeback-playbook');
    expect(beaHits.map((hit) => hit.id)).toContain('chargeback-playbook');
    expect(samHits[0]).toMatchObject({ version: expect.any(Number), heading_path: expect.any(Array) });

    const document = structured(await sam.callTool({ name: 'get_document', arguments: { id: 'refund-policy' } }));
    expect(document).toMatchObject({ id: 'refund-policy', version: 2 });
    const hidden = await sam.callTool({ name: 'get_document', arguments: { id: 'chargeback-playbook' } });
    const missing = await sam.callTool({ name: 'get_document', arguments: { id: 'no-such-doc' } });
    expect(hidden.isError).toBe(true);
    expect(JSON.stringify(hidden.content).replaceAll('chargeback-playbook', 'ID')).toBe(
      JSON.stringify(missing.content).replaceAll('no-such-doc', 'ID'),
    );
  });

  it('ask answers with citations carrying ids and versions', async () => {
    const client = await httpClient(fixture.tokens.sam);
    const result = structured(
      await client.callTool({ name: 'ask', arguments: { question: 'How long is the refund window?' } }),
    );
    expect(result.answer).toContain('14 days');
    expect(result.citations).toEqual([expect.objectContaining({ id: 'refund-policy', version: 2 })]);
  });
});

describe('MCP over stdio: seam mcp --as', () => {
  it('reads as the principal given on the command line', async () => {
    const bin = fileURLToPath(new URL('../../bin/seam.js', import.meta.url));
    const client = new Client({ name: 'seam-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--as', 'sam', '--db', fixture.db] }),
    );
    try {
      const hits = structured(await client.callTool({ name: 'search', arguments: { query: 'chargeback refund' } }))
        .hits as { id: string; version: number }[];
      expect(hits.map((hit) => hit.id)).toContain('refund-policy');
      expect(hits.map((hit) => hit.id)).not.toContain('chargeback-playbook');
      const document = structured(await client.callTool({ name: 'get_document', arguments: { id: 'plans' } }));
      expect(document).toMatchObject({ id: 'plans', version: expect.any(Number) });
    } finally {
      await client.close();
    }
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startFixtureServer } from './fixture.js';

/**
 * MCP Inspector's command line (`@modelcontextprotocol/inspector` 0.15.0, the last release that runs on
 * Node 20; a devDependency, so it runs offline) against `seam mcp --as` over stdio. Its `tools/call` lists
 * the tools first, so the SDK inside it checks each result against the declared output schema.
 * Over HTTP it cannot authenticate: `--header` arrived in 0.17, which needs Node 22.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const inspector = join(root, 'node_modules/@modelcontextprotocol/inspector/cli/build/cli.js');
const bin = join(root, 'bin/seam.js');
const fixture = await startFixtureServer();
const run = promisify(execFile);

async function inspect(target: string[], method: string[]): Promise<{ code: number; json: unknown; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [inspector, '--cli', ...target, '--method', ...method], {
      timeout: 60_000,
    });
    return { code: 0, json: JSON.parse(stdout), output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, json: undefined, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('MCP Inspector 0.15 CLI', () => {
  const stdio = [process.execPath, bin, '--db', fixture.db, 'mcp', '--as', 'sam'];

  it('over stdio: lists the tools and calls each one, every result accepted', { timeout: 120_000 }, async () => {
    const listed = await inspect(stdio, ['tools/list']);
    expect(listed.code, listed.output).toBe(0);
    const names = (listed.json as { tools: { name: string }[] }).tools.map((tool) => tool.name).sort();
    const calls: Record<string, string[]> = {
      ask: ['question=How long is the refund window?'],
      get_document: ['id=refund-policy'],
      search: ['query=refund window', 'k=3'],
    };
    expect(names).toEqual(Object.keys(calls));
    for (const [tool, args] of Object.entries(calls)) {
      const called = await inspect(stdio, ['tools/call', '--tool-name', tool, '--tool-arg', ...args]);
      expect(called.code, `${tool}: ${called.output}`).toBe(0);
      const result = called.json as { isError?: boolean; structuredContent?: Record<string, unknown> };
      expect(result.isError ?? false, tool).toBe(false);
      expect(result.structuredContent, tool).toBeDefined();
    }
  });

  it('over HTTP: refused with 401, since this version cannot send the bearer token', { timeout: 60_000 }, async () => {
    const refused = await inspect([`${fixture.url}/mcp`], ['tools/list']);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/401|unauthorized/i);
  });
});

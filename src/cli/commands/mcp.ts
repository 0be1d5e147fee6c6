import type { Command } from 'commander';
import { openStore } from '../../store/open-store.js';
import { globals, type Io, storePath } from '../context.js';

export function registerMcpCommand(program: Command, io: Io): void {
  program
    .command('mcp')
    .description('serve MCP over stdio (tools: search, get_document, ask), reading as one principal')
    .requiredOption('--as <principal>', 'the principal every tool call reads as (no tool can change it)')
    .option('--config <file>', 'behavior config for ask (default: seam.config.json here, if any)')
    .addHelpText(
      'after',
      `
For an MCP client that starts a local command. Over HTTP, use seam serve and POST /mcp with a token.

Examples:
  $ seam mcp --as sam
  $ seam mcp --as sam --db /path/to/seam.db

In an MCP client's configuration:
  { "command": "npx", "args": ["seam", "mcp", "--as", "sam", "--db", "/path/to/seam.db"] }`,
    )
    .action(async (flags: { as: string; config?: string }, command: Command) => {
      const { loadConfig } = await import('../../config/load-config.js');
      const { createServices } = await import('../../server/services.js');
      const { readerFor } = await import('../../access.js');
      const { createMcpServer } = await import('../../mcp/mcp-server.js');
      const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
      const { config } = await loadConfig({ path: flags.config, cwd: io.cwd });
      const store = await openStore({ location: storePath(globals(command), io), cwd: io.cwd, now: io.now });
      const services = createServices({ store, config, env: io.env, now: io.now });
      const server = createMcpServer({ services, reader: await readerFor(store, flags.as), principal: flags.as });
      const closed = new Promise<void>((resolve) => {
        server.server.onclose = () => resolve();
      });
      await server.connect(new StdioServerTransport());
      await closed;
      await store.close();
    });
}

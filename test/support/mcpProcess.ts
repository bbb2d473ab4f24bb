/** The project's MCP server as a separate process (src/mcp/main.ts through tsx), and an official SDK client talking to it. */
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const repository = path.resolve(__dirname, '..', '..');

/** The command line that starts the server with `args`. */
export function mcpServerArgs(args: readonly string[]): string[] {
  return ['--import', 'tsx', path.join(repository, 'src', 'mcp', 'main.ts'), ...args];
}

/**
 * A connected client of a server started with `args` and only `env` (plus PATH, for Node itself); close it when
 * done, which ends the server.
 */
export async function connectMcpServer(args: readonly string[], env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: mcpServerArgs(args),
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: repository,
    stderr: 'pipe',
  });
  await client.connect(transport);
  return client;
}

export async function callMcpTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

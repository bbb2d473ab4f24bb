/**
 * The configuration other agents need to run this extension's MCP server: a command for Claude Code, a table for
 * Codex's `config.toml`, an entry for Cursor's `mcp.json`. None of them holds the key: each has the agent hand its
 * own OPENAI_API_KEY to the server when it starts it.
 */
export const AGENT_CLIENTS = ['claude-code', 'codex', 'cursor'] as const;
export type AgentClient = (typeof AGENT_CLIENTS)[number];

export interface McpLaunch {
  /** The installed server script (dist/mcp.js). */
  readonly script: string;
  /** The user's own base URL, when they set one. */
  readonly baseUrl: string;
  readonly spendLimitUsd: number;
}

export interface AgentSetup {
  /** Where the text goes, as the agent's documentation names it. */
  readonly destination: string;
  /** A VS Code language id to show the text in. */
  readonly language: 'shellscript' | 'toml' | 'json';
  readonly text: string;
}

export const MCP_SERVER_NAME = 'openai-images';

/** The server's arguments after the script; `root` is where it writes when the agent shares no roots. */
function serverArgs(launch: McpLaunch, root: string): string[] {
  return ['--root', root, ...(launch.baseUrl ? ['--base-url', launch.baseUrl] : []), '--spend-limit-usd', String(launch.spendLimitUsd)];
}

/** POSIX shell single quotes: nothing inside is expanded, a quote is closed, escaped and reopened. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function agentSetup(client: AgentClient, launch: McpLaunch): AgentSetup {
  switch (client) {
    case 'claude-code': {
      // Claude Code expands ${OPENAI_API_KEY} from its own environment when it starts the server.
      const words = [
        'claude',
        'mcp',
        'add',
        '--scope',
        'user',
        MCP_SERVER_NAME,
        '--env',
        'OPENAI_API_KEY=${OPENAI_API_KEY}',
        '--',
        'node',
        launch.script,
        ...serverArgs(launch, '.'),
      ];
      return { destination: 'claude mcp add', language: 'shellscript', text: `${words.map(shellQuote).join(' ')}\n` };
    }
    case 'codex': {
      const args = [launch.script, ...serverArgs(launch, '.')].map((arg) => JSON.stringify(arg)).join(', ');
      const text = [
        `[mcp_servers.${MCP_SERVER_NAME}]`,
        'command = "node"',
        `args = [${args}]`,
        '# Codex passes OPENAI_API_KEY from its own environment.',
        'env_vars = ["OPENAI_API_KEY"]',
        '',
      ];
      return { destination: '~/.codex/config.toml', language: 'toml', text: text.join('\n') };
    }
    case 'cursor': {
      const server = {
        command: 'node',
        args: [launch.script, ...serverArgs(launch, '${workspaceFolder}')],
        env: { OPENAI_API_KEY: '${env:OPENAI_API_KEY}' },
      };
      return { destination: '.cursor/mcp.json', language: 'json', text: `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: server } }, null, 2)}\n` };
    }
  }
}

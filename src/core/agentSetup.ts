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

/**
 * How long an agent should wait for one image: a high-quality request can take four minutes, and the agents'
 * defaults cut a call at about 60 s (shared/notes/images-api.md, "Agents' tool-call time limits").
 */
export const AGENT_TOOL_TIMEOUT_SECONDS = 300;

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
      const timeout = [
        `# Claude Code gives a tool call about 60 s; an image can take minutes. Start it with a longer limit`,
        `# (milliseconds), or put this line in your shell profile:`,
        `export MCP_TOOL_TIMEOUT=${AGENT_TOOL_TIMEOUT_SECONDS * 1000}`,
      ];
      return { destination: 'claude mcp add', language: 'shellscript', text: `${[...timeout, words.map(shellQuote).join(' ')].join('\n')}\n` };
    }
    case 'codex': {
      const args = [launch.script, ...serverArgs(launch, '.')].map((arg) => JSON.stringify(arg)).join(', ');
      const text = [
        `[mcp_servers.${MCP_SERVER_NAME}]`,
        'command = "node"',
        `args = [${args}]`,
        '# Codex passes OPENAI_API_KEY from its own environment.',
        'env_vars = ["OPENAI_API_KEY"]',
        '# Codex cuts a tool call at 60 s by default; an image can take minutes.',
        `tool_timeout_sec = ${AGENT_TOOL_TIMEOUT_SECONDS}`,
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

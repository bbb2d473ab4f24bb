/**
 * The configuration other agents need to run this extension's MCP server: a command for Claude Code, a table for
 * Codex's `config.toml`, an entry for Cursor's `mcp.json`. None of them holds the key: each has the agent hand its
 * own OPENAI_API_KEY (AZURE_OPENAI_API_KEY on Azure) to the server when it starts it.
 */
import { PROVIDER_CAPABILITIES, providerFlags, type AzureRoute } from './providers';

export const AGENT_CLIENTS = ['claude-code', 'codex', 'cursor'] as const;
export type AgentClient = (typeof AGENT_CLIENTS)[number];

export interface McpLaunch {
  /** The installed server script (dist/mcp.js). */
  readonly script: string;
  /** The user's own base URL, when they set one. */
  readonly baseUrl: string;
  /** The user's Azure OpenAI resource, when they chose Azure. */
  readonly azure?: AzureRoute;
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
  const where = launch.azure ? providerFlags(launch.azure) : launch.baseUrl ? ['--base-url', launch.baseUrl] : [];
  return ['--root', root, ...where, '--spend-limit-usd', String(launch.spendLimitUsd)];
}

/** The variable that carries the key to the server. */
function keyVariable(launch: McpLaunch): string {
  return PROVIDER_CAPABILITIES[launch.azure ? 'azure' : 'openai'].keyEnvironment;
}

/** POSIX shell single quotes: nothing inside is expanded, a quote is closed, escaped and reopened. */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function agentSetup(client: AgentClient, launch: McpLaunch): AgentSetup {
  switch (client) {
    case 'claude-code': {
      // Claude Code expands ${OPENAI_API_KEY} (or the Azure key) from its own environment when it starts the server.
      const words = [
        'claude',
        'mcp',
        'add',
        '--scope',
        'user',
        MCP_SERVER_NAME,
        '--env',
        `${keyVariable(launch)}=\${${keyVariable(launch)}}`,
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
        `# Codex passes ${keyVariable(launch)} from its own environment.`,
        `env_vars = ["${keyVariable(launch)}"]`,
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
        env: { [keyVariable(launch)]: `\${env:${keyVariable(launch)}}` },
      };
      return { destination: '.cursor/mcp.json', language: 'json', text: `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: server } }, null, 2)}\n` };
    }
  }
}

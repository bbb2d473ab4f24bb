/**
 * The MCP server: the three image tools for agents outside VS Code (Claude Code, Codex, Cursor...). Files are
 * written only inside the client's roots, or the --root folder when the client has none.
 */
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Connection } from '../api/imagesClient';
import { AGENT_TOOL_DESCRIPTIONS, editImageInput, findImagesInput, generateImageInput } from '../core/agentTools';
import { AGENT_TOOLS } from '../core/agentToolNames';
import { SpendingLimit, type Ledger } from '../core/spendingLimit';
import { RecipeRegistries } from '../pipeline/recipeRegistryFile';
import { defaultRecoveryDirectory, nodeRecovery } from '../pipeline/recovery';
import type { JobLog } from '../pipeline/runImageJob';
import { editImage, findImages, generateImage, type CallContext, type ToolAnswer } from './imageCalls';

export interface McpOptions {
  readonly connection: Connection;
  /** Used when the client offers no roots. */
  readonly root?: string;
  readonly spendLimitUsd: number;
  /** The ledger to draw on instead of one of this process's own (the VS Code window's, when VS Code started the server). */
  readonly ledger?: Ledger;
  readonly log: JobLog;
  readonly version: string;
  /** Where paid images go when they cannot be written (default: the user's recovery folder). */
  readonly recoveryDirectory?: string;
}

function result(answer: ToolAnswer): CallToolResult {
  return {
    content: [{ type: 'text', text: answer.text }, ...answer.images.map((image) => ({ type: 'image' as const, data: image.data, mimeType: image.mimeType }))],
    isError: answer.isError,
  };
}

export function createMcpServer(options: McpOptions): McpServer {
  const server = new McpServer({ name: 'openai-images', version: options.version });
  const spend = options.ledger ?? new SpendingLimit(() => options.spendLimitUsd);
  const recipes = new RecipeRegistries();
  const recovery = nodeRecovery(options.recoveryDirectory ?? defaultRecoveryDirectory());

  /** The client's file roots when it has any, else --root; none means nothing may be written. */
  const roots = async (): Promise<string[]> => {
    if (server.server.getClientCapabilities()?.roots) {
      const listed = await server.server.listRoots();
      const paths = listed.roots.filter((root) => root.uri.startsWith('file://')).map((root) => fileURLToPath(root.uri));
      if (paths.length > 0) return paths;
    }
    return options.root ? [options.root] : [];
  };

  const call =
    <T>(work: (input: T, context: CallContext) => Promise<ToolAnswer>) =>
    async (input: T, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
      const found = await roots();
      if (found.length === 0)
        return result({ text: 'No folder to work in: the client shared no roots. Start the server with --root DIR.', images: [], isError: true });
      return result(await work(input, { roots: found, connection: options.connection, signal: extra.signal, log: options.log, spend, recipes, recovery }));
    };

  server.registerTool(
    AGENT_TOOLS.generate,
    {
      title: 'Generate image',
      description: AGENT_TOOL_DESCRIPTIONS.generate,
      inputSchema: generateImageInput,
      annotations: { destructiveHint: false, openWorldHint: true },
    },
    call(generateImage),
  );
  server.registerTool(
    AGENT_TOOLS.edit,
    {
      title: 'Edit image',
      description: AGENT_TOOL_DESCRIPTIONS.edit,
      inputSchema: editImageInput,
      annotations: { destructiveHint: false, openWorldHint: true },
    },
    call(editImage),
  );
  server.registerTool(
    AGENT_TOOLS.find,
    { title: 'Find images', description: AGENT_TOOL_DESCRIPTIONS.find, inputSchema: findImagesInput, annotations: { readOnlyHint: true } },
    call(findImages),
  );
  return server;
}

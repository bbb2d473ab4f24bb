/**
 * The MCP server: the three image tools for agents outside VS Code (Claude Code, Codex, Cursor...). Files are
 * written only inside the client's roots, or the --root folder when the client has none.
 */
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Connection } from '../api/imagesClient';
import { AGENT_TOOL_DESCRIPTIONS, editImageInput, findImagesInput, generateImageInput, type EditImageInput, type GenerateImageInput } from '../core/agentTools';
import { AGENT_TOOLS } from '../core/agentToolNames';
import { callKey, RepeatedCalls, type Repeat } from '../core/repeatedCalls';
import { SpendingLimit, type Ledger } from '../core/spendingLimit';
import { startProgress, type ProgressExtra } from './callProgress';
import { ImageTaskStore, registerTaskTool } from './imageTasks';
import type { ImageContentChoice } from './toolImages';
import { RecipeRegistries } from '../pipeline/recipeRegistryFile';
import { defaultRecoveryDirectory, nodeRecovery } from '../pipeline/recovery';
import type { JobLog } from '../pipeline/runImageJob';
import { editImage, findImages, generateImage, type CallContext, type ToolAnswer } from './imageCalls';
import { DEFAULT_SETTINGS } from '../core/settings';
import { withEndpoint, type EndpointSettings } from '../core/compatibleFlags';

export interface McpOptions {
  readonly connection: Connection;
  /** Used when the client offers no roots. */
  readonly root?: string;
  readonly spendLimitUsd: number;
  /** The ledger to draw on instead of one of this process's own (the VS Code window's, when VS Code started the server). */
  readonly ledger?: Ledger;
  /**
   * With Entra ID from a VS Code window: a fresh token asked for before each call, since the one the server started
   * with expires within about an hour. Undefined answers keep the connection's own.
   */
  readonly freshCredential?: () => Promise<string | undefined>;
  /** A compatible server behind the connection's base URL, with what its models take (--compatible-model(s)). */
  readonly endpoint?: EndpointSettings;
  readonly log: JobLog;
  readonly version: string;
  /** Where paid images go when they cannot be written (default: the user's recovery folder). */
  readonly recoveryDirectory?: string;
  /** What of each image a result carries: a thumbnail and a link (default), the full image and a link, or a link. */
  readonly imageContent?: ImageContentChoice;
}

/** What a repeated call's answer says first, so the agent (and its user) knows nothing was paid twice. */
function repeatNote(repeat: Repeat): string {
  const seconds = Math.round(repeat.ageMs / 1000);
  return repeat.running
    ? `The same call (same arguments, same folder) started ${seconds} s ago and was still running: this is its result. Nothing was sent to OpenAI again.`
    : `The same call (same arguments, same folder) finished ${seconds} s ago: this is its result, the same file. Nothing was sent to OpenAI again.`;
}

function result(answer: ToolAnswer): CallToolResult {
  return {
    content: [
      { type: 'text', text: answer.text },
      ...answer.images.map((image) => ({ type: 'image' as const, data: image.data, mimeType: image.mimeType })),
      ...(answer.links ?? []).map((link) => ({
        type: 'resource_link' as const,
        uri: link.uri,
        name: link.name,
        ...(link.mimeType ? { mimeType: link.mimeType } : {}),
      })),
    ],
    isError: answer.isError,
  };
}

export function createMcpServer(options: McpOptions): McpServer {
  const taskStore = new ImageTaskStore();
  const server = new McpServer(
    { name: 'openai-images', version: options.version },
    { capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } }, taskStore },
  );
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

  // A call the client gave up on (its timeout) runs on to the end: the image was most likely paid for, so it is
  // written, and a repeat of the call gets it. Only the server's end stops a request.
  const lifetime = new AbortController();
  server.server.onclose = () => lifetime.abort();
  const repeats = new RepeatedCalls<ToolAnswer>((answer) => !answer.isError);

  /** One call's answer, under `signal`; progress while it runs, the first call's answer for a repeat. */
  const answer = async <T>(
    tool: string,
    work: (input: T, context: CallContext) => Promise<ToolAnswer>,
    input: T,
    extra: { signal: AbortSignal } & ProgressExtra,
    signal: AbortSignal,
  ): Promise<CallToolResult> => {
    const found = await roots();
    if (found.length === 0)
      return result({ text: 'No folder to work in: the client shared no roots. Start the server with --root DIR.', images: [], isError: true });
    const progress = startProgress(extra, options.log);
    const gaveUp = () => options.log.warn(`${tool}: the client gave up on the call; it runs on, and a repeat of it gets its image`);
    extra.signal.addEventListener('abort', gaveUp, { once: true });
    try {
      const context: CallContext = {
        roots: found,
        connection: await connectionFor(options),
        ...(options.endpoint ? { settings: withEndpoint(DEFAULT_SETTINGS, options.endpoint) } : {}),
        signal,
        log: options.log,
        spend,
        recipes,
        recovery,
        progress,
        imageContent: options.imageContent,
      };
      // Find is free and reads the disk as it is now: only the paid tools are remembered.
      if (tool === AGENT_TOOLS.find) return result(await work(input, context));
      const { answer: first, repeat } = await repeats.run(callKey(tool, input, found), () => work(input, context));
      return result(repeat ? { ...first, text: `${repeatNote(repeat)}\n${first.text}` } : first);
    } finally {
      progress?.stop();
      extra.signal.removeEventListener('abort', gaveUp);
    }
  };

  const tasks = { server, store: taskStore, end: lifetime.signal, log: options.log };
  const paid = { annotations: { destructiveHint: false, openWorldHint: true } };
  registerTaskTool(
    tasks,
    AGENT_TOOLS.generate,
    { ...paid, title: 'Generate image', description: AGENT_TOOL_DESCRIPTIONS.generate, inputSchema: generateImageInput },
    (input, extra, signal) => answer(AGENT_TOOLS.generate, generateImage, input as GenerateImageInput, extra, signal),
  );
  registerTaskTool(
    tasks,
    AGENT_TOOLS.edit,
    { ...paid, title: 'Edit image', description: AGENT_TOOL_DESCRIPTIONS.edit, inputSchema: editImageInput },
    (input, extra, signal) => answer(AGENT_TOOLS.edit, editImage, input as EditImageInput, extra, signal),
  );
  server.registerTool(
    AGENT_TOOLS.find,
    { title: 'Find images', description: AGENT_TOOL_DESCRIPTIONS.find, inputSchema: findImagesInput, annotations: { readOnlyHint: true } },
    (input, extra) => answer(AGENT_TOOLS.find, findImages, input, extra, lifetime.signal),
  );
  return server;
}

/** The connection for one call, with the window's fresh token when it hands one out. */
async function connectionFor(options: McpOptions): Promise<Connection> {
  const fresh = await options.freshCredential?.().catch(() => undefined);
  return fresh ? { ...options.connection, apiKey: fresh } : options.connection;
}

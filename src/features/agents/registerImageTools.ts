/**
 * Registers the language model tools at activation (VS Code activates the extension for a tool call by its name)
 * and hands each call to the tools of the loaded extension, which are built on first use.
 */
import * as vscode from 'vscode';
import { AGENT_TOOLS, type AgentToolKind } from '../../core/agentToolNames';
import type { ImageTools } from './imageTools';

export function registerImageTools(tools: () => ImageTools): vscode.Disposable[] {
  return (Object.keys(AGENT_TOOLS) as AgentToolKind[]).map((kind) =>
    vscode.lm.registerTool<unknown>(AGENT_TOOLS[kind], {
      prepareInvocation: (options, token) => tools()[kind].prepareInvocation?.(options, token),
      invoke: (options, token) => tools()[kind].invoke(options, token),
    }),
  );
}

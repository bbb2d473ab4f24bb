/** The three language model tools, built once the extension is loaded (see registerImageTools for the light side). */
import type * as vscode from 'vscode';
import type { AgentToolKind } from '../../core/agentToolNames';
import type { ResultsStore } from '../../core/results';
import type { SettingsReader } from '../../platform/settingsReader';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { ImageRequestRunner } from '../requests/imageRequestRunner';
import type { AgentSpend } from './agentSpend';
import { editImageTool } from './editImageTool';
import { FindImagesTool } from './findImagesTool';
import { generateImageTool } from './generateImageTool';

export type ImageTools = Readonly<Record<AgentToolKind, vscode.LanguageModelTool<unknown>>>;

export function createImageTools(deps: {
  readonly runner: ImageRequestRunner;
  readonly settings: SettingsReader;
  readonly store: ResultsStore;
  readonly recipes: WorkspaceRecipes;
  /** The window's limit, shared by every tool call in it and by the MCP server VS Code starts. */
  readonly spend: AgentSpend;
}): ImageTools {
  const imageDeps = { runner: deps.runner, settings: deps.settings, spend: deps.spend };
  return { generate: generateImageTool(imageDeps), edit: editImageTool(imageDeps), find: new FindImagesTool(deps.store, deps.recipes) };
}

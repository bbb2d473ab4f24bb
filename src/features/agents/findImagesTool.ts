/**
 * `find_images` (#findImages): the images this extension made, from the history and from the recipes recorded
 * in the workspace's PNGs (a teammate's images have a recipe but no history here), newest first. Read-only, free,
 * so VS Code asks no confirmation.
 */
import * as vscode from 'vscode';
import { findImagesSchema } from '../../core/agentTools';
import { containPath } from '../../core/containment';
import { LIMITS } from '../../core/problems';
import { recipeOfImage } from '../../core/credentials/recipeRegistry';
import type { WorkspaceRecipes } from '../../platform/workspaceRecipes';
import type { ResultsStore } from '../../core/results';
import { readResolved } from '../../pipeline/containedFiles';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';
import { parseInput, planned, textResult } from './imageToolCall';
import { shownToolPath, toolTarget } from './toolPaths';

interface FoundImage {
  readonly file: string;
  readonly prompt: string;
  readonly model: string;
  readonly size: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly costUsd?: number;
}

/** Enough to find a project's generated images; a monorepo's thousands of icons are not read one by one. */
const MAX_SCANNED = 2000;
const SKIPPED = '**/{node_modules,.git,dist,out}/**';
const DEFAULT_LIMIT = 20;

export class FindImagesTool implements vscode.LanguageModelTool<unknown> {
  constructor(
    private readonly store: ResultsStore,
    private readonly recipes: WorkspaceRecipes,
  ) {}

  prepareInvocation(): vscode.PreparedToolInvocation {
    return { invocationMessage: vscode.l10n.t('Looking for images made with OpenAI Images') };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const input = parseInput(findImagesSchema, options.input);
    if (!input.ok) return textResult(input.message);
    const { query, folder, limit } = input.value;
    const scope = folder === undefined ? undefined : await planned(async () => toolTarget(`${folder.replace(/[/\\]+$/, '')}/`));
    if (scope && !scope.ok) return textResult(scope.message);
    const under = scope?.ok ? scope.value.folder : undefined;
    const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (image: FoundImage) => words.every((word) => `${image.prompt} ${image.model} ${image.file}`.toLowerCase().includes(word));
    const found = new Map<string, FoundImage>();
    for (const image of [...this.fromHistory(under), ...(await this.fromRecipes(under, token))]) {
      if (!found.has(image.file) && matches(image)) found.set(image.file, image);
    }
    const images = [...found.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit ?? DEFAULT_LIMIT);
    return textResult(JSON.stringify({ images }));
  }

  /** Finished history entries whose files are in the workspace (and under `under`). */
  private fromHistory(under: vscode.Uri | undefined): FoundImage[] {
    const images: FoundImage[] = [];
    for (const entry of this.store.all()) {
      if (entry.status !== 'done') continue;
      for (const file of entry.files) {
        const uri = vscode.Uri.parse(file);
        if (!vscode.workspace.getWorkspaceFolder(uri) || (under && !uri.path.startsWith(`${under.path.replace(/\/$/, '')}/`))) continue;
        images.push({
          file: shownToolPath(uri),
          prompt: entry.prompt,
          model: entry.model,
          size: entry.size,
          kind: entry.kind,
          createdAt: new Date(entry.startedAt).toISOString(),
          costUsd: entry.costUsd,
        });
      }
    }
    return images;
  }

  /** Images with a recipe (in the registry or the PNG), each checked to lie inside its workspace folder once links are resolved. */
  private async fromRecipes(under: vscode.Uri | undefined, token: vscode.CancellationToken): Promise<FoundImage[]> {
    const roots = under ? [under] : (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri);
    const images: FoundImage[] = [];
    for (const base of roots) {
      const home = vscode.workspace.getWorkspaceFolder(base);
      if (!home) continue;
      const files = workspaceAssetFiles(home.uri);
      const registry = await this.recipes.registryFor(home.uri);
      const candidates = await vscode.workspace.findFiles(new vscode.RelativePattern(base, '**/*.{png,jpg,jpeg,webp}'), SKIPPED, MAX_SCANNED, token);
      for (const uri of candidates) {
        if (token.isCancellationRequested) break;
        const contained = await containPath(home.uri.path, uri.path, files);
        if (!contained.ok) continue;
        const read = await readResolved(files, contained.realPath, LIMITS.imageBytes).catch(() => undefined);
        const recipe = read?.ok && read.bytes ? recipeOfImage(registry, read.bytes) : undefined;
        if (!recipe) continue;
        images.push({
          file: shownToolPath(uri),
          prompt: recipe.prompt,
          model: recipe.model,
          size: recipe.size,
          kind: recipe.kind,
          createdAt: recipe.createdAt,
        });
      }
    }
    return images;
  }
}

/**
 * The workspace paths an agent's tool call names. A model's path is untrusted input like a repository's: it is
 * resolved in a workspace folder (the first, or the one a multi-root path starts with), followed through links,
 * and refused when it ends up outside that folder.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { containPath, describePathProblem, hasOverlongName, isInsideFolder } from '../../core/containment';
import type { OutputFormat } from '../../core/modelCatalogue';
import { outputFormatFromExtension } from '../../core/outputFiles';
import { folderWritableProblem, readContained } from '../../pipeline/containedFiles';
import { workspaceAssetFiles } from '../../platform/workspaceAssetFiles';

/** A path the tool call may not use; its message is for the model. */
export class RefusedToolPath extends Error {}

export interface ToolTarget {
  readonly folder: vscode.Uri;
  readonly root: vscode.WorkspaceFolder;
  /** File name without extension, when the path named a file. */
  readonly stem?: string;
  /** The format the path's extension names. */
  readonly format?: OutputFormat;
}

/** The workspace folder a path is meant in, and the path relative to it (POSIX). */
function placed(wanted: string): { readonly root: vscode.WorkspaceFolder; readonly relative: string } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const first = folders[0];
  if (!first) throw new RefusedToolPath(vscode.l10n.t('No folder is open: the image tools read and write only inside the workspace.'));
  const file = wanted.replace(/\\/g, '/');
  if (file.startsWith('/')) {
    const holder = folders.find((folder) => isInsideFolder(folder.uri.path, path.posix.normalize(file))) ?? first;
    return { root: holder, relative: path.posix.relative(holder.uri.path, file) || '.' };
  }
  const [head, ...rest] = file.split('/');
  const named = folders.length > 1 ? folders.find((folder) => folder.name === head) : undefined;
  return named ? { root: named, relative: rest.join('/') || '.' } : { root: first, relative: file };
}

function refuse(root: vscode.WorkspaceFolder, relative: string, reason: Parameters<typeof describePathProblem>[0]['reason'], limit?: number): never {
  const shown = vscode.workspace.asRelativePath(vscode.Uri.joinPath(root.uri, relative));
  throw new RefusedToolPath(describePathProblem({ path: relative, reason, limit }, vscode.l10n.t, shown));
}

/** Where a call writes: a folder (the path ends in / or is a folder) or a file name in a folder. */
export async function toolTarget(wanted: string): Promise<ToolTarget> {
  const { root, relative } = placed(wanted);
  if (hasOverlongName(relative)) refuse(root, relative, 'name-too-long');
  const files = workspaceAssetFiles(root.uri);
  const whole = await containPath(root.uri.path, relative, files);
  if (!whole.ok) refuse(root, relative, whole.reason);
  const wholeInfo = await files.stat(whole.realPath);
  if (/\/$/.test(relative) || relative === '.' || wholeInfo?.kind === 'directory') {
    const problem = await folderWritableProblem(files, whole.realPath);
    if (problem) refuse(root, relative, problem);
    return { folder: root.uri.with({ path: whole.realPath }), root };
  }
  const folderPath = path.posix.dirname(relative);
  const folder = await containPath(root.uri.path, folderPath, files);
  if (!folder.ok) refuse(root, folderPath, folder.reason);
  const problem = await folderWritableProblem(files, folder.realPath);
  if (problem) refuse(root, folderPath, problem);
  const name = path.posix.basename(relative);
  const format = outputFormatFromExtension(name);
  return { folder: root.uri.with({ path: folder.realPath }), root, stem: format ? name.slice(0, name.lastIndexOf('.')) : name, format };
}

/** An input file the call names, read from inside its workspace folder. */
export async function readToolInput(wanted: string): Promise<{ readonly uri: vscode.Uri; readonly bytes: Uint8Array }> {
  const { root, relative } = placed(wanted);
  const read = await readContained(workspaceAssetFiles(root.uri), root.uri.path, relative);
  if (!read.ok) refuse(root, relative, read.problem.reason, read.problem.limit);
  if (!read.bytes) throw new RefusedToolPath(vscode.l10n.t('{0} does not exist.', vscode.workspace.asRelativePath(vscode.Uri.joinPath(root.uri, relative))));
  return { uri: vscode.Uri.joinPath(root.uri, relative), bytes: read.bytes };
}

/** A file as the model should name it: relative to the workspace. */
export function shownToolPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri);
}
